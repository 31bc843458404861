"""The home page in a real browser: a liaison logs in, sees the unit's to-do counts and signs receipt."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models import Event
from banli.core.tests.browser import DESKTOP, PHONE, artifacts_dir
from banli.core.tests.factories import PASSWORD, AssignmentFactory, SubmissionFactory

pytestmark = pytest.mark.browser


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()


def card_count(page: Page, label: str):  # type: ignore[no-untyped-def]
    return page.locator(f'[data-todo="{label}"] .count')


def assert_fits_width(page: Page) -> None:
    """Nothing wider than the viewport: no sideways scrolling on a phone."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"页面比视口宽 {overflow}px"


def assignment(org: SimpleNamespace, unit, state: str, title: str) -> Assignment:  # type: ignore[no-untyped-def]
    submission = SubmissionFactory(lead_author=org.deputy, title=title)
    return AssignmentFactory(submission=submission, unit=unit, state=state)


def test_liaison_signs_receipt_from_the_home_page(live_org: SimpleNamespace, browser_page: Page) -> None:
    page, units, liaison = browser_page, live_org.units, live_org.users.liaison
    first = assignment(live_org, units.unit_a, AssignmentState.ASSIGNED, "关于加快老旧小区改造的建议")
    second = assignment(live_org, units.unit_a, AssignmentState.ASSIGNED, "关于完善农村客运网络的建议")
    assignment(live_org, units.unit_a, AssignmentState.RECEIVED, "关于加强中小学课后服务的建议")
    assignment(live_org, units.unit_b, AssignmentState.ASSIGNED, "关于增加公办幼儿园学位的建议")

    log_in(page, liaison.username)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    expect(page.get_by_role("banner")).to_contain_text(liaison.display_name)
    expect(page.get_by_role("banner")).to_contain_text("联络员")
    expect(page.get_by_role("banner")).to_contain_text(live_org.jurisdiction.name)
    expect(page.get_by_role("main")).to_contain_text(f"{units.unit_a.name}联络员")
    expect(card_count(page, "待签收")).to_have_text("2")
    expect(card_count(page, "本单位在办")).to_have_text("1")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_role("main")).to_be_focused()
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir() / "home-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir() / "home-390.png", full_page=True)
    page.get_by_role("button", name="展开菜单").click()
    expect(page.get_by_role("button", name="退出登录")).to_be_visible()
    expect(page.locator("#banli-nav")).to_have_class(re.compile(r"\bshow\b"))  # opened, not mid-animation
    page.screenshot(path=artifacts_dir() / "home-390-menu.png")
    page.set_viewport_size(DESKTOP)

    page.locator('[data-todo="待签收"]').click()

    expect(page.get_by_role("heading", name="承办件")).to_be_visible()
    rows = page.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text=first.submission.title)).to_have_count(1)
    expect(rows.filter(has_text=second.submission.title)).to_have_count(1)
    expect(page.get_by_text("关于增加公办幼儿园学位的建议")).to_have_count(0)
    expect(page.get_by_role("button", name="签收")).to_have_count(2)

    rows.filter(has_text=first.submission.title).get_by_role("button", name="签收").click()

    expect(page.get_by_role("status")).to_contain_text("已签收")
    expect(page.get_by_role("button", name="签收")).to_have_count(1)
    page.screenshot(path=artifacts_dir() / "assignments-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    page.screenshot(path=artifacts_dir() / "assignments-390.png", full_page=True)
    page.set_viewport_size(DESKTOP)
    page.get_by_role("link", name="工作台", exact=True).click()
    expect(card_count(page, "待签收")).to_have_text("1")
    expect(card_count(page, "本单位在办")).to_have_text("2")

    first.refresh_from_db()
    assert first.state == AssignmentState.RECEIVED
    assert first.received_at is not None
    event = Event.objects.get(object_id=first.pk, action="sign_receipt")
    assert (event.actor, event.actor_role) == (liaison, f"{units.unit_a.name}联络员")


def test_anonymous_visitor_is_sent_to_the_login_page(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = browser_page

    page.goto("/")

    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.get_by_role("heading", name="用户登录")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(page.get_by_label("用户名")).to_be_focused()
    page.screenshot(path=artifacts_dir() / "login-1280.png", full_page=True)
    page.set_viewport_size(PHONE)
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir() / "login-390.png", full_page=True)


def test_unknown_page_is_explained_in_chinese_on_a_phone(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    page = browser_page
    page.set_viewport_size(PHONE)

    page.goto("/no-such-page/")

    expect(page.get_by_role("heading", name="页面不存在")).to_be_visible()
    assert_fits_width(page)
    page.screenshot(path=artifacts_dir() / "404-390.png", full_page=True)


def test_wrong_password_is_refused_in_chinese(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = browser_page
    page.goto("/login/")
    page.get_by_label("用户名").fill(live_org.users.liaison.username)
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码不正确")
    expect(page.get_by_label("用户名")).to_have_attribute("aria-invalid", "true")
