"""Playwright against the live server, driving Debian's Chromium (``playwright install`` cannot download here).

Import the fixtures into a ``conftest.py`` to use them: ``browser_page`` is a fresh browser context (its own
cookies) at 1280 × 800 whose relative URLs go to pytest-django's ``live_server``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

# Playwright's sync API keeps an event loop in this thread, so Django's guard against ORM calls from async
# code would refuse the test's own queries. The tests are synchronous: the guard does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import Browser, Page, sync_playwright
from pytest_django import Settings

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}


def artifacts_dir() -> Path:
    """test-artifacts/ at the project root (gitignored): screenshots for a human to look at."""
    path = Path(settings.BASE_DIR) / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture
def chromium() -> Iterator[Browser]:
    """One Chromium per test (about half a second): Playwright's event loop must not outlive the test, or
    Django would give the following tests other database connections than its own (asgiref's Local is
    per event loop), and the serialized rollback and the final close would miss them."""
    executable = shutil.which("chromium")
    if executable is None:
        pytest.skip("未找到 chromium：请安装 Debian 的 chromium 软件包（make sysdeps）")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium: Browser, live_server, settings: Settings) -> Iterator[Page]:  # type: ignore[no-untyped-def]
    """A fresh context (its own cookies) on the live server. Fails the test if a static file is missing."""
    # The live server serves static files from the finders, by their plain names: after a collectstatic the
    # project's storage would name the hashed copies instead, and every page would lose its CSS and JS.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    missing: list[str] = []
    page.on("response", lambda r: missing.append(r.url) if "/static/" in r.url and r.status >= 400 else None)
    yield page
    context.close()
    # While Playwright runs, the test's queries go through connections of its event loop: close them too.
    connections.close_all()
    assert not missing, f"静态文件加载失败：{missing}"


def log_in(page: Page, username: str, password: str | None = None) -> None:
    """Log in through the login page and wait for the home page (工作台)."""
    from playwright.sync_api import expect

    from banli.core.tests.factories import PASSWORD

    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password or PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def new_page(chromium: Browser, live_server, viewport: dict[str, int] | None = None) -> Page:  # type: ignore[no-untyped-def]
    """Another user's browser: a fresh context on the live server that accepts every confirmation."""
    context = chromium.new_context(base_url=live_server.url, locale="zh-CN", viewport=viewport or DESKTOP)
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    return page
