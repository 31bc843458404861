"""督 and 评 in a real browser (issue 6): an overdue item is urged, the unit replies, the deputy rates it
不满意, the unit replies again after meeting the deputy face to face, the deputy rates it 满意."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from banli.assignments.models import Assignment
from banli.core.models import Event
from banli.core.tests.browser import artifacts_dir, log_in, new_page
from banli.handling.tests import test_browser_reply as reply_steps
from banli.handling.tests.conftest import handled
from banli.submissions.models import Submission

pytestmark = pytest.mark.browser


def reply_in_workspace(handler: Page, url: str, method: str, notes: str, text: str) -> None:
    """The handler records a contact with the deputy, writes the reply (result A) and submits it."""
    handler.goto(url)
    handler.get_by_label("方式").select_option(method)
    handler.get_by_label("沟通情况").fill(notes)
    handler.get_by_role("button", name="保存沟通记录").click()
    expect(handler.locator("[role=status]")).to_contain_text("沟通记录已保存")
    handler.get_by_label("A 已经解决或基本解决").check()
    handler.get_by_label("答复正文").fill(text)
    handler.get_by_label("联系人", exact=True).fill("王五")
    handler.get_by_label("联系电话", exact=True).fill("0557-3021234")
    handler.get_by_role("button", name="提交审核").click()
    expect(handler.locator("[role=status]")).to_contain_text("已提交分管负责人审核")


def send_from_the_desk(office: Page, title: str) -> None:
    office.goto("/handling/checks/")
    office.locator("article", has_text=title).get_by_role("button", name="审核通过并答复").click()
    expect(office.locator("[role=status]")).to_contain_text("操作已完成")


def rate(deputy: Page, label: str, comment: str = "") -> None:
    deputy.goto("/evaluation/mine/")
    article = deputy.locator("article:not(:has([data-rated]))")
    article.get_by_label(label, exact=True).check()
    if comment:
        article.get_by_label("意见（不满意时必填）").fill(comment)
    article.get_by_role("button", name="提交评价").click()
    expect(deputy.locator("[role=status]")).to_contain_text(f"已评价：{label}")


def test_an_overdue_item_is_urged_answered_rated_unsatisfactory_answered_again_and_satisfies(
    live_org: SimpleNamespace, browser_page: Page, chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    org = live_org
    with time_machine.travel(timezone.now() - dt.timedelta(days=130), tick=False):
        item = handled(org, co=False)  # assigned and signed 130 days ago: the reply (3 months) is late
    title = item.sub.title

    office = browser_page
    office.on("dialog", lambda dialog: dialog.accept())
    log_in(office, org.users.coordinator.username)
    office.locator('[data-todo="逾期滞后单位"]').click()
    row = office.locator("tr", has=office.locator(f'th:text-is("{org.units.unit_a.name}")'))
    row.locator('[data-column="reply"] a').click()
    office.get_by_role("link", name=item.sub.reference).click()
    unit = office.locator(f'[data-unit="{org.units.unit_a.name}"]')
    expect(unit.locator("[data-overdue]")).to_have_text("已逾期")
    unit.get_by_label("催办方式").select_option("phone")
    unit.get_by_label("催办内容").fill("该件已超过答复期限，请于本周内答复代表。")
    unit.get_by_role("button", name="催办").click()
    expect(office.locator("[role=status]")).to_contain_text(f"已催办{org.units.unit_a.name}")
    expect(office.locator('[data-event="urge"]')).to_contain_text("电话催办")
    office.screenshot(path=str(artifacts_dir() / "supervision-urged.png"), full_page=True)

    handler = new_page(chromium, live_server)
    log_in(handler, org.users.handler.username)
    handler.goto("/notifications/")
    expect(handler.get_by_role("link", name=f"催办：{item.sub.reference}《{title}》")).to_be_visible()
    expect(handler.get_by_text("该件已超过答复期限，请于本周内答复代表。")).to_be_visible()
    first_url = f"/handling/{item.lead.pk}/"
    reply_in_workspace(
        handler, first_url, "phone", "电话听取代表意见。", "您提出的建议收悉，现答复如下。\n一、已完成排查。"
    )
    reply_steps.approve_and_sign(chromium, live_server, org, first_url)
    send_from_the_desk(office, title)

    deputy = new_page(chromium, live_server)
    log_in(deputy, org.users.deputy.username)
    rate(deputy, "不满意", "只说已排查，未说明何时改造，答复敷衍。")
    sub = Submission.objects.get(pk=item.sub.pk)
    assert (sub.state, sub.round) == ("handling", 2)
    again = Assignment.objects.get(submission=sub, round=2)

    second_url = f"/handling/{again.pk}/"
    handler.goto(second_url)
    expect(handler.get_by_role("note").filter(has_text="当面协商（面商）")).to_be_visible()
    reply_in_workspace(
        handler,
        second_url,
        "face",
        "登门与代表当面协商，商定改造时间表。",
        "您提出的建议收悉，现再次答复如下。\n一、积水点改造已于本月完工。",
    )
    reply_steps.approve_and_sign(chromium, live_server, org, second_url)
    send_from_the_desk(office, title)

    rate(deputy, "满意")
    deputy.goto(f"/submissions/{item.sub.pk}/")
    expect(deputy.locator("[data-state]").first).to_have_text("已办结")
    deputy.screenshot(path=str(artifacts_dir() / "supervision-closed.png"), full_page=True)
    assert Event.objects.filter(action="urge", object_id=item.lead.pk).count() == 1
    assert list(
        Event.objects.filter(submission=sub, action__in=("reopen", "close")).values_list("action", flat=True)
    ) == ["reopen", "close"]
