"""What the year's scenario (``test_browser_year.py``) drives the browser with: the cast of demo users,
one way to visit a page, and the screenshots of the manual (``docs/manual/``).

Every page the scenario reaches goes through :func:`arrived` (``visit`` calls it after ``goto``, ``act``
after a click that loads a page), so one line there adds a check to every page of the year. On a phone
viewport it checks that the page does not scroll sideways.

:func:`shot` writes ``docs/manual/images/<chapter>/<name>.png`` only when ``BANLI_MANUAL=1`` (``make
manual``), so the ordinary test run never rewrites the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import time_machine
from django.conf import settings
from playwright.sync_api import Browser, Locator, Page, expect

from banli.core.demo import DEMO_PASSWORD
from banli.core.models import Role
from banli.core.tests.axe import assert_accessible
from banli.core.tests.browser import DESKTOP, PHONE, log_in, new_page

BEIJING = dt.timezone(dt.timedelta(hours=8))


def manual_images() -> Path:
    return Path(settings.BASE_DIR) / "docs" / "manual" / "images"


def shot(page: Page, name: str) -> None:
    """The manual's screenshot ``name`` ("chapter/name") of what the page shows now (the viewport, not
    the whole page: the pictures stay small), taken only under ``BANLI_MANUAL=1``."""
    if os.environ.get("BANLI_MANUAL") != "1":
        return
    path = manual_images() / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path))


#: The pages axe has checked in this run, by path (numbers made alike) and width: each kind of page is
#: checked once per width, in the first state the scenario reaches it.
_checked: set[tuple[str, int]] = set()


def arrived(page: Page) -> None:
    """Checks every page of the scenario passes: no serious or critical accessibility violation (axe-core,
    once per kind of page and width); on a phone, nothing wider than the screen."""
    page.wait_for_load_state()
    width = page.viewport_size["width"] if page.viewport_size else 0
    key = (re.sub(r"\d+", "N", urlsplit(page.url).path), width)
    if key not in _checked:
        _checked.add(key)
        assert_accessible(page, context=f"{width}px")
    if width and width <= PHONE["width"]:
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{page.url}：页面比手机屏幕宽 {overflow}px"


def accessibility_checked() -> int:
    """How many kinds of page (per width) axe has checked so far."""
    return len(_checked)


def visit(page: Page, url: str) -> Page:
    page.goto(url)
    arrived(page)
    return page


def act(page: Page, control: Locator, message: str | None = None) -> None:
    """Click a control that loads the next page (a link, or a form posted and redirected); expect the
    flash ``message`` there."""
    with page.expect_navigation():
        control.click()
    if message:
        expect(page.locator("[role=status], [role=alert]").first).to_contain_text(message)
    arrived(page)


def at(day: dt.date, hour: int = 9) -> time_machine.travel:
    """The clock moves to ``day`` (Beijing time) and keeps ticking: the live server and the test share it."""
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, hour, tzinfo=BEIJING), tick=True)


def staff_of(unit: str, code: str) -> str:
    """The username of the demo's first holder of a role in a unit (as ``load_demo`` acts for it)."""
    role = Role.objects.filter(unit__name=unit, code=code).select_related("user").order_by("pk").first()
    assert role is not None, f"演示数据中 {unit} 没有 {code}"
    return role.user.username


@dataclass
class Cast:
    """Opens a browser of a demo user, logged in through the login page (the demo password, no second
    factor under ``BANLI_DEMO``)."""

    chromium: Browser
    live_server: object

    @contextmanager
    def as_(self, username: str, *, phone: bool = False) -> Iterator[Page]:
        page = new_page(self.chromium, self.live_server, PHONE if phone else DESKTOP)
        try:
            log_in(page, username, DEMO_PASSWORD)
            arrived(page)
            yield page
        finally:
            page.context.close()

    @contextmanager
    def public(self, *, phone: bool = False) -> Iterator[Page]:
        """A reader of the public portal: no login."""
        page = new_page(self.chromium, self.live_server, PHONE if phone else DESKTOP)
        try:
            yield page
        finally:
            page.context.close()
