"""The dashboard in a real browser: ECharts draws every chart from the JSON block without a script error,
a click on a bar opens the list of its items, and the page fits a phone."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from banli.core.tests.browser import PHONE, artifacts_dir, log_in
from banli.reports.tests.builders import Item, abc, rating, write_items

pytestmark = pytest.mark.browser


def test_the_registry_reads_the_charts_and_follows_a_bar(
    live_org: SimpleNamespace, browser_page: Page
) -> None:
    org, page = live_org, browser_page
    unit_a, unit_b = org.units.unit_a, org.units.unit_b
    write_items(
        org,
        [
            *[Item([(unit_a, "sole")], abc("A"), rating=rating("satisfied"))] * 4,
            *[Item([(unit_b, "lead"), (unit_a, "co")], abc("B"), late=True)] * 2,
            Item([(unit_b, "sole")], None),
        ],
        year=2024,
    )
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    log_in(page, org.users.registry.username)
    page.goto("/reports/")
    expect(page.get_by_role("heading", name="统计分析")).to_be_visible()
    for key in ("result", "semantic", "timely", "unit", "rating", "mode"):
        expect(page.locator(f'[data-chart="{key}"] svg')).to_have_count(1)
    page.screenshot(path=artifacts_dir() / "statistics-1280.png", full_page=True)
    bars = page.locator('[data-chart="unit"] svg path[fill="#2f5d9e"]')
    expect(bars.first).to_be_visible()
    bars.first.click()
    expect(page).to_have_url(re.compile(r"/submissions/\?registered=1&year=2024&unit=\d+$"))
    expect(page.get_by_role("status").filter(has_text="统计条件")).to_be_visible()
    assert not errors, errors


def test_the_dashboard_fits_a_phone(live_org: SimpleNamespace, browser_page: Page) -> None:
    org, page = live_org, browser_page
    write_items(org, [Item([(org.units.unit_a, "sole")], abc("A"))] * 3, year=2024)
    log_in(page, org.users.liaison.username)
    page.set_viewport_size(PHONE)
    page.goto("/reports/")
    expect(page.locator('[data-chart="result"] svg')).to_have_count(1)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"页面比视口宽 {overflow}px"
    page.screenshot(path=artifacts_dir() / "statistics-390.png", full_page=True)
