"""In a real browser: a liaison makes a token on the page, reads the API docs (which load nothing from
outside this server), and the token, not the session, opens the API."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from banli.core.tests.browser import artifacts_dir, log_in

pytestmark = pytest.mark.browser


def test_a_liaison_makes_a_token_and_reads_the_docs_offline(  # type: ignore[no-untyped-def]
    live_org: SimpleNamespace, browser_page: Page, live_server
) -> None:
    page = browser_page
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    log_in(page, live_org.users.liaison.username)
    page.get_by_role("link", name="接口令牌").click()
    page.get_by_label("用途").fill("市政务服务平台对接")
    page.get_by_role("button", name="创建").click()
    expect(page.get_by_text("此令牌只显示这一次")).to_be_visible()
    key = page.get_by_label("新令牌", exact=True).input_value()
    assert key.startswith("banli_")
    page.screenshot(path=artifacts_dir() / "api-tokens.png", full_page=True)

    page.get_by_role("link", name="接口文档").click()
    expect(page.get_by_role("heading", name="建议提案办理系统接口")).to_be_visible()
    expect(page.get_by_text("建议提案列表")).to_be_visible()
    expect(page.get_by_text("/api/replies/{reply_id}/actions/{action}")).to_be_visible()
    page.screenshot(path=artifacts_dir() / "api-docs.png", full_page=False)

    session_only = page.request.get("/api/me")
    assert session_only.status == 401
    with_token = page.request.get("/api/me", headers={"Authorization": f"Bearer {key}"})
    assert with_token.status == 200 and with_token.json()["username"] == live_org.users.liaison.username

    outside = [url for url in requested if not url.startswith((live_server.url, "data:", "blob:"))]
    assert not outside, f"文档页访问了外部地址：{outside}"
    assert any(url.endswith("/static/ninja/swagger-ui-bundle.js") for url in requested)
