"""办 in a real browser: from receipt to the sent reply through the co-handler, the handler, the reviewing
head, the signing head and the coordinating office's review with one return; the deputy downloads the
letter."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Browser, Page, expect

from banli.core.tests.browser import artifacts_dir, log_in, new_page
from banli.documents.tests.docx_reading import open_docx
from banli.handling.models import Reply
from banli.handling.tests.conftest import handled

pytestmark = pytest.mark.browser


def approve_and_sign(chromium: Browser, live_server, org: SimpleNamespace, url: str) -> None:  # type: ignore[no-untyped-def]
    head = new_page(chromium, live_server)
    log_in(head, org.users.reviewing_head.username)
    expect(head.locator('[data-todo="答复待审核"] .count')).to_have_text("1")
    head.goto(url)
    head.get_by_role("button", name="审核通过").click()
    expect(head.locator("[role=status]")).to_contain_text("操作已完成")
    head.context.close()
    signer = new_page(chromium, live_server)
    log_in(signer, org.users.signing_head.username)
    signer.goto(url)
    signer.get_by_role("button", name="签发", exact=True).click()
    expect(signer.locator("[data-reply-state]")).to_have_text("已签发待审核")
    signer.context.close()


def test_reply_from_receipt_to_the_deputys_letter(
    live_org: SimpleNamespace, browser_page: Page, chromium: Browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    org = live_org
    item = handled(org)
    lead_url = f"/handling/{item.lead.pk}/"

    co = browser_page
    co.on("dialog", lambda dialog: dialog.accept())
    log_in(co, org.users.other_liaison.username)
    co.goto("/assignments/?box=handling")
    co.get_by_role("link", name=item.sub.title).click()
    co.get_by_label("会办意见（送主办单位）").fill("我局将统筹教师编制，保障新建学校按期开学。")
    co.get_by_role("button", name="送主办单位").click()
    expect(co.locator("[role=status]")).to_contain_text("会办意见已送主办单位")

    handler = new_page(chromium, live_server)
    log_in(handler, org.users.handler.username)
    handler.goto(lead_url)
    expect(handler.locator("[data-co] [data-opinion-state]")).to_have_text("已送主办单位")
    handler.get_by_label("沟通情况").fill("电话听取代表意见，代表希望优先解决城东片区学位。")
    handler.get_by_role("button", name="保存沟通记录").click()
    expect(handler.locator("[role=status]")).to_contain_text("沟通记录已保存")
    handler.get_by_label("B 正在解决或列入计划逐步解决").check()
    handler.get_by_label("答复正文").fill(
        "您提出的建议收悉，现答复如下。\n一、关于新建学校\n城东新区小学已列入明年开工计划。"
    )
    handler.get_by_label("联系人", exact=True).fill("王五")
    handler.get_by_label("联系电话", exact=True).fill("0557-3021234")
    handler.get_by_role("button", name="提交审核").click()
    expect(handler.locator("[role=status]")).to_contain_text("已提交分管负责人审核")

    approve_and_sign(chromium, live_server, org, lead_url)

    office = new_page(chromium, live_server)
    log_in(office, org.users.coordinator.username)
    office.locator('[data-todo="答复待审核"]').click()
    article = office.locator("article", has_text=item.sub.title)
    article.get_by_placeholder("退回重办理由（必填）").fill("未回应代表关于城东片区的具体诉求")
    article.get_by_role("button", name="退回重办").click()
    expect(office.locator("[role=status]")).to_contain_text("操作已完成")

    handler.goto(lead_url)
    expect(handler.locator("[data-reply-state]")).to_have_text("退回重办")
    handler.get_by_label("答复正文").fill(
        "您提出的建议收悉，现答复如下。\n一、关于城东片区学位\n城东新区小学已列入明年开工计划，2027年9月投入使用。"
    )
    handler.get_by_role("button", name="提交审核").click()
    expect(handler.locator("[role=status]")).to_contain_text("已提交分管负责人审核")
    approve_and_sign(chromium, live_server, org, lead_url)

    office.goto("/handling/checks/")
    office.locator("article", has_text=item.sub.title).get_by_role("button", name="审核通过并答复").click()
    expect(office.locator("[role=status]")).to_contain_text("操作已完成")

    deputy = new_page(chromium, live_server)
    log_in(deputy, org.users.deputy.username)
    deputy.goto(f"/submissions/{item.sub.pk}/")
    expect(deputy.locator("[data-state]").first).to_have_text("已答复")
    expect(deputy.locator("[data-reply] [data-result]")).to_contain_text("正在解决")
    with deputy.expect_download() as download:
        deputy.get_by_role("link", name=f"答复函：{org.deputy.name}（Word）").click()
    letter = open_docx(download.value.path().read_bytes())
    assert "关于市六届人大三次会议第39号建议的答复" in [p.text for p in letter.paragraphs]
    deputy.screenshot(path=str(artifacts_dir() / "reply-deputy.png"), full_page=True)
    reply = Reply.objects.get(submission=item.sub)
    assert (reply.state, reply.revision) == ("sent", 1)
