"""提 in a real browser: a deputy drafts and invites a co-signer, the co-signer confirms, the deputy
submits, the registry registers it, and the deputy sees its number and timeline."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from banli.core.tests.browser import DESKTOP, artifacts_dir
from banli.core.tests.factories import PASSWORD
from banli.submissions.models import Submission

pytestmark = pytest.mark.browser

TITLE = "关于推进老旧小区加装电梯的建议"


def log_in(page: Page, username: str) -> None:
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def new_page(chromium: Browser, live_server) -> Page:  # type: ignore[no-untyped-def]
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())  # the confirmations before irreversible acts
    return page


def test_deputy_drafts_cosigner_confirms_registry_registers(
    live_org: SimpleNamespace, browser_page: Page, chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    deputy = browser_page
    deputy.on("dialog", lambda dialog: dialog.accept())
    log_in(deputy, live_org.users.deputy.username)
    deputy.goto("/submissions/?mine=1")
    deputy.get_by_role("link", name="起草建议提案").click()
    deputy.get_by_label("案由").fill(TITLE)
    deputy.get_by_label("问题/情况").fill("我市老旧小区多为六层以下住宅，没有电梯，老年居民上下楼困难。")
    deputy.get_by_label("建议/办法").fill("简化加装电梯审批流程，市级财政给予每台一定补贴。")
    deputy.get_by_role("button", name="保存草稿").click()
    expect(deputy.locator("[role=status], [role=alert]")).to_contain_text("草稿已保存")

    cosigner_name = live_org.other_deputy.name
    deputy.get_by_label("邀请联名的代表/委员").select_option(
        label=f"{cosigner_name}（{live_org.other_deputy.group}）"
    )
    deputy.get_by_role("button", name="发出邀请").click()
    expect(deputy.locator("[role=status], [role=alert]")).to_contain_text("已邀请 1 人联名")
    expect(deputy.locator(f'[data-cosigner="{cosigner_name}"]')).to_contain_text("待确认")

    cosigner = new_page(chromium, live_server)
    log_in(cosigner, live_org.users.other_deputy.username)
    expect(cosigner.locator('[data-todo="待确认联名"] .count')).to_have_text("1")
    cosigner.locator('[data-todo="待确认联名"]').click()
    cosigner.get_by_role("button", name="确认联名").click()
    expect(cosigner.locator("[role=status], [role=alert]")).to_contain_text("已确认联名")

    deputy.reload()
    expect(deputy.locator(f'[data-cosigner="{cosigner_name}"]')).to_contain_text("已确认")
    deputy.get_by_role("button", name="提交", exact=True).click()
    expect(deputy.locator("[role=status], [role=alert]")).to_contain_text("已提交")
    expect(deputy.locator("[data-state]")).to_have_text("待审查")

    registry = new_page(chromium, live_server)
    log_in(registry, live_org.users.registry.username)
    registry.locator('[data-todo="待审查"]').click()
    registry.get_by_role("link", name=TITLE).click()
    registry.get_by_role("button", name="立案", exact=True).click()
    expect(registry.locator("[role=status], [role=alert]")).to_contain_text("已立案")

    deputy.reload()
    expect(deputy.locator("[data-state]")).to_have_text("已立案")
    expect(deputy.get_by_role("main")).to_contain_text("第1号")
    timeline = deputy.get_by_role("list", name="办理过程")
    for step in ("起草", "邀请联名", "确认联名", "提交", "立案"):
        expect(timeline).to_contain_text(step)
    deputy.screenshot(path=str(artifacts_dir() / "intake-deputy-detail.png"), full_page=True)
    sub = Submission.objects.get(title=TITLE)
    assert (sub.state, sub.number, sub.cosignatures.get().state) == ("registered", 1, "confirmed")
