"""The portal in a real browser on a phone (390 px), not logged in: headings in order, every field
labelled, text contrast, visible keyboard focus, no sideways scrolling; search and read a reply."""

from __future__ import annotations

import itertools
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from banli.core.tests.browser import PHONE, artifacts_dir
from banli.portal.services import add_report, set_report_published
from banli.portal.tests.conftest import publish, sent_reply
from banli.portal.tests.test_manage_pages import PDF

pytestmark = pytest.mark.browser

HEADINGS = "() => [...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => Number(h.tagName[1]))"
UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')).map(el => el.outerHTML)"""
#: The lowest contrast ratio between text and the background behind it, over the visible text elements.
CONTRAST = """() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const c = [r, g, b].map(v => { v /= 255; return v <= .03928 ? v / 12.92 : ((v + .055) / 1.055) ** 2.4; });
    return .2126 * c[0] + .7152 * c[1] + .0722 * c[2]; };
  const background = el => { for (; el; el = el.parentElement) { const c = rgb(getComputedStyle(el).backgroundColor);
    if (c.length === 3 || c[3] === 1) return c.slice(0, 3); } return [255, 255, 255]; };
  let worst = 21, where = '';
  for (const el of document.querySelectorAll('main p, main a, main dt, main dd, main label, main h1, main h2, header a, footer p')) {
    if (!el.offsetParent || !el.textContent.trim() || el.closest('.visually-hidden')) continue;
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
    const ratio = (Math.max(a, b) + .05) / (Math.min(a, b) + .05);
    if (ratio < worst) { worst = ratio; where = el.outerHTML.slice(0, 80); }
  }
  return [worst, where];
}"""


def check_page(page: Page, name: str) -> None:
    levels = page.evaluate(HEADINGS)
    assert levels[0] == 1 and levels.count(1) == 1, f"{name}: {levels}"
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), f"{name}: 标题层级跳级 {levels}"
    assert page.evaluate(UNLABELLED) == [], name
    worst, where = page.evaluate(CONTRAST)
    assert worst >= 4.5, f"{name}: 对比度 {worst:.2f} 不足 4.5：{where}"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: 页面比视口宽 {overflow}px"
    page.screenshot(path=str(artifacts_dir() / f"portal-{name}-390.png"), full_page=True)


def test_a_reader_searches_and_reads_a_reply_on_a_phone(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    org, page = live_org, browser_page
    shown = sent_reply(
        org,
        title="关于加快城区社区养老服务设施建设、完善居家养老服务网络和老年助餐体系的建议",
        text="您提出的建议收悉。今年新建社区养老服务中心12个，推进居家养老服务，发展老年助餐点36个。\n"
        "（联系人：王五，联系电话：0557-3021234）",
    )
    publish(
        org,
        shown,
        sent_reply(org, title="关于增加城区中小学学位的建议", text="新建学校两所，增加学位3600个。"),
    )
    secret = sent_reply(org, title="关于涉密养老设施选址的建议", is_confidential=True)
    report = add_report(org.users.registry, org.npc, 2025, "2025年度代表建议办理情况报告", PDF, "报告.pdf")
    set_report_published(report, org.users.registry, True)
    page.set_viewport_size(PHONE)

    page.goto("/public/")
    expect(page.get_by_role("heading", level=1)).to_have_text("建议提案办理结果公开")
    check_page(page, "home")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到正文")).to_be_focused()
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "home-q":
            break
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth"
    )
    assert not outline.startswith("none") and not outline.endswith(" 0px"), outline
    page.keyboard.type("养老")
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("找到 1 件")
    expect(page.locator("mark").first).to_have_text("养老")
    expect(page.get_by_role("main")).not_to_contain_text(secret.submission.title)
    check_page(page, "search")
    page.get_by_label("年度").select_option("2025")
    page.get_by_role("button", name="检索", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("找到 1 件")

    page.get_by_role("link", name="关于市六届人大三次会议").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("的答复")
    expect(page.get_by_role("main")).to_contain_text("老年助餐点36个")
    expect(page.get_by_role("main")).not_to_contain_text("0557-3021234")
    check_page(page, "reply")

    page.get_by_role("link", name="办理情况报告").first.click()
    expect(page.get_by_role("link", name="2025年度代表建议办理情况报告")).to_be_visible()
    check_page(page, "reports")
    page.goto("/public/replies/")
    check_page(page, "list")


def test_the_registry_selects_two_replies_previews_and_publishes_them(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    from banli.core.tests.browser import log_in
    from banli.portal.models import Publication

    org, page = live_org, browser_page
    first = sent_reply(org, title="关于加快老旧小区改造的建议")
    second = sent_reply(org, title="关于完善农村客运网络的建议")
    sent_reply(org, title="关于涉密事项的建议", is_confidential=True)
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, org.users.registry.username)
    page.get_by_role("link", name="答复公开").click()
    expect(page.get_by_role("heading", name="答复公开")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("关于涉密事项的建议")
    page.get_by_label("选择《关于加快老旧小区改造的建议》的答复").check()
    page.get_by_label("选择《关于完善农村客运网络的建议》的答复").check()
    page.screenshot(path=str(artifacts_dir() / "publications-due.png"), full_page=True)
    page.get_by_role("button", name="预览并公开所选").click()
    expect(page.locator("[data-preview]")).to_have_count(2)
    expect(page.get_by_role("main")).not_to_contain_text("0557-3021234")
    page.screenshot(path=str(artifacts_dir() / "publications-preview.png"), full_page=True)
    page.get_by_role("button", name="确认公开以上 2 件").click()
    expect(page.locator("[role=status]")).to_contain_text("已公开答复 2 件")
    assert set(Publication.objects.filter(state="published").values_list("reply_id", flat=True)) == {
        first.pk,
        second.pk,
    }
