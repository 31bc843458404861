"""Fixtures for the core tests: the Playwright browser, and an organisation visible to the live server."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from banli.core.tests.browser import browser_page, chromium  # noqa: F401  (fixtures)
from conftest import build_org


@pytest.fixture
def live_org(django_db_serialized_rollback: None, transactional_db: None) -> SimpleNamespace:
    """``org`` committed for real, so the live server's thread sees it.

    The transactional test flushes every table afterwards, including the rows the migrations seeded (the
    holiday calendar, content types, permissions); serialized rollback keeps a copy of them, which
    the root conftest's ``pytest_runtest_teardown`` puts back for the tests that follow.
    """
    return build_org()
