"""交 in a real browser: the registry sends an item to the government system, the coordinating office
assigns a lead and a co-handler using a recommendation, the lead unit's liaison signs receipt, and both
units see the item in their inbox with the right due dates."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from banli.assignments.models import Assignment
from banli.core.calendar import due_date, load_calendar
from banli.core.tests.browser import artifacts_dir, log_in, new_page
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.submissions.models import Submission
from banli.textindex.recommend import train

pytestmark = pytest.mark.browser

TITLE = "关于加快城区中小学校建设缓解大班额问题的建议"


def test_item_travels_from_registry_to_both_units(
    live_org: SimpleNamespace, browser_page: Page, chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    org = live_org
    # last year's similar item, led by the education bureau (unit_b): what the recommendation learns from
    past = SubmissionFactory(
        lead_author=org.other_deputy,
        state="closed",
        year=2025,
        number=17,
        system="government",
        title="关于新建城区中小学校化解大班额的建议",
        problem="城区中小学校学位紧张，大班额问题突出。",
        advice="加快新建和改扩建城区中小学校，增加学位供给。",
    )
    AssignmentFactory(submission=past, unit=org.units.unit_b, role="sole", state="replied")
    other = SubmissionFactory(
        lead_author=org.other_deputy,
        state="closed",
        year=2025,
        number=18,
        system="government",
        title="关于加快重大项目谋划储备的建议",
        problem="我市重大项目储备不足，前期工作滞后。",
        advice="建立重大项目库，加强项目前期经费保障。",
    )
    AssignmentFactory(submission=other, unit=org.units.unit_a, role="sole", state="replied")
    train(org.jurisdiction)  # the recommender learns from last year's two items
    sub = SubmissionFactory(
        lead_author=org.deputy,
        state="registered",
        session=org.session,
        year=org.session.year,
        number=8,
        title=TITLE,
        problem="城区学校大班额现象普遍，部分班级超过六十人，学位供给不足。",
        advice="建议加快中小学校新建扩建，统筹教师编制，逐步消除大班额。",
    )

    registry = browser_page
    registry.on("dialog", lambda dialog: dialog.accept())
    log_in(registry, org.users.registry.username)
    registry.goto(f"/submissions/{sub.pk}/")
    registry.get_by_label("办理系统").select_option(label="政府系统")
    registry.get_by_role("button", name="转交办理系统").click()
    expect(registry.locator("[role=status]")).to_contain_text("已转交办理系统")
    expect(registry.locator("[data-state]").first).to_have_text("交办中")

    office = new_page(chromium, live_server)
    log_in(office, org.users.coordinator.username)
    office.locator('[data-todo="待交办"]').click()
    office.get_by_role("link", name=TITLE).click()
    office.get_by_role("link", name="交办", exact=True).click()
    recommended = office.get_by_role("list", name="推荐承办单位")
    expect(recommended.locator("li").first).to_contain_text(org.units.unit_b.name)
    recommended.locator("li").first.get_by_role("button", name="设为主办").click()
    office.get_by_label("主办+会办").check()
    office.get_by_label("会办单位（分别办理时为各承办单位）").select_option(label=org.units.unit_a.name)
    office.get_by_role("button", name="正式交办").click()
    expect(office.locator("[role=status]")).to_contain_text("已正式交办")
    expect(office.locator("[data-state]")).to_have_text("办理中")
    office.screenshot(path=str(artifacts_dir() / "assign-plan.png"), full_page=True)

    today = timezone.localdate()
    cal = load_calendar()
    sign_by = due_date(today, 3, "working_days", cal).on
    reply_by = due_date(today, 3, "months", cal).on
    opinion_by = due_date(today, 1, "months", cal).on

    lead = new_page(chromium, live_server)
    log_in(lead, org.users.other_liaison.username)  # the liaison of unit_b, now the lead
    lead.locator('[data-todo="待签收"]').click()
    row = lead.locator(f'tr:has-text("{TITLE}")')
    expect(row.locator('[data-due="sign"]')).to_contain_text(f"{sign_by:%Y-%m-%d}")
    expect(row.locator('[data-due="answer"]')).to_contain_text(f"{reply_by:%Y-%m-%d}")
    row.get_by_role("button", name="签收").click()
    expect(lead.locator("[role=status]")).to_contain_text("已签收")
    lead.goto("/assignments/?box=handling")
    expect(lead.get_by_role("table", name="承办件列表")).to_contain_text(TITLE)

    co = new_page(chromium, live_server)
    log_in(co, org.users.liaison.username)  # unit_a, the co-handler
    co.goto("/assignments/?box=to_sign")
    co_row = co.locator(f'tr:has-text("{TITLE}")')
    expect(co_row).to_contain_text("会办")
    expect(co_row.locator('[data-due="answer"]')).to_contain_text(f"{opinion_by:%Y-%m-%d}")
    co.screenshot(path=str(artifacts_dir() / "assign-co-inbox.png"), full_page=True)

    rows = {a.unit_id: a for a in Assignment.objects.filter(submission=sub)}
    assert (rows[org.units.unit_b.pk].role, rows[org.units.unit_b.pk].state) == ("lead", "received")
    assert (rows[org.units.unit_a.pk].role, rows[org.units.unit_a.pk].state) == ("co", "assigned")
    event = Submission.objects.get(pk=sub.pk).events.get(action="assign", workflow="submission")
    assert event.payload["recommendation_taken"] is True
