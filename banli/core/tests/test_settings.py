"""Settings from the environment: SQLite pragmas, Redis, production checks, login required everywhere."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from banli.core.models import CalendarDay

ROOT = Path(__file__).resolve().parents[3]


def run_python(code: str, **env: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "banli.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite pragmas")
@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_foreign_keys() -> None:
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_redis_url_moves_cache_and_sessions_to_redis() -> None:
    out = run_python(
        "from django.conf import settings; from django.core.cache import cache;"
        "cache.set('banli-probe', '通'); print(settings.SESSION_ENGINE, cache.get('banli-probe'))",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert out == "django.contrib.sessions.backends.cache 通"


def test_database_url_selects_postgresql() -> None:
    out = run_python(
        "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])",
        DATABASE_URL="postgres://root@127.0.0.1:5432/test",
    )
    assert out == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_production_settings_pass_the_deploy_check(settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # the browser tests' harness allows sync ORM calls next to Playwright's loop; production never does
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    settings.DEBUG = False
    settings.SECRET_KEY = "x" * 64 + "-production-key-with-enough-entropy-Zq9!"
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = settings.SECURE_HSTS_PRELOAD = True
    next_year = dt.date.today().year + 1
    CalendarDay.objects.update_or_create(
        date=dt.date(next_year, 1, 1), defaults={"kind": "holiday", "name": "元旦", "confirmed": True}
    )
    call_command("check", deploy=True, fail_level="WARNING")


@pytest.mark.django_db
def test_unconfirmed_next_year_is_reported_to_operators() -> None:
    from banli.core.checks import next_year_calendar

    CalendarDay.objects.filter(date__year=dt.date.today().year + 1).delete()
    warnings = next_year_calendar()
    assert [w.id for w in warnings] == ["banli.W001"]
    assert "放假安排尚未确认" in warnings[0].msg


def _patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            found += _patterns(p, prefix + str(p.pattern))
        else:
            found.append((prefix + str(p.pattern), p))
    return found


@pytest.mark.django_db
def test_every_page_requires_login_except_the_login_page(client: Client) -> None:
    """Deny by default: a new view that forgets about login still does not open to anonymous users."""
    public = {"login/"}
    # the API's operations refuse with 401 instead (token only): banli/api/tests/test_auth.py walks them
    api_pages = {"api/", "api/openapi.json", "api/docs"}
    for route, _pattern in _patterns(get_resolver()):
        # the public portal is open by design; banli/portal/tests/test_open_pages.py checks it
        if route.startswith(("admin/", "public/")) or route in public:
            continue
        if route.startswith("api/") and route not in api_pages:
            continue
        url = "/" + re.sub(r"<int:\w+>", "1", re.sub(r"<(slug|str|path):\w+>", "x", route))
        response = client.get(url)
        assert response.status_code == 302, route
        assert response["Location"].startswith(reverse("login")), route
