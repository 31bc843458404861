"""The strict CSP in a real browser: the pages, htmx and the admin site's scripts work, and Chromium
reports no violation."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from banli.core.tests.factories import PASSWORD, SubmissionFactory

pytestmark = pytest.mark.browser


def watch(page: Page) -> list[str]:
    """Every CSP violation and script error the page reports."""
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    return problems


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_pages_and_htmx_work_under_the_policy(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = browser_page
    problems = watch(page)
    log_in(page, live_org.users.registry.username)

    sub = SubmissionFactory(lead_author=live_org.deputy, state="submitted", session=live_org.session)
    page.goto(f"/submissions/{sub.pk}/")
    # htmx loads the similar items into the page (hx-get on load, hx-vals as JSON: no eval needed)
    expect(page.locator("#similar-items-heading")).to_have_text("相似建议提案")
    page.goto("/account/")
    expect(page.get_by_role("heading", name="账号安全")).to_be_visible()

    assert problems == []


def test_the_admin_site_works_under_the_policy(live_org: SimpleNamespace, browser_page: Page) -> None:
    page = browser_page
    problems = watch(page)
    log_in(page, live_org.users.system_admin.username)

    page.goto("/admin/core/unit/add/")
    expect(page.get_by_role("heading", name="增加 单位")).to_be_visible()
    page.goto("/admin/core/calendarday/")
    expect(page.locator("#changelist")).to_be_visible()

    assert problems == []
