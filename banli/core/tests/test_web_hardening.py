"""Web hardening: a strict CSP on every page and no template that would need an exception to it; secure
cookies and HSTS behind HTTPS; ``manage.py check --deploy`` clean with production variables."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from banli.core.tests.test_settings import ROOT, run_python

TEMPLATES = sorted(p for p in (ROOT / "banli").rglob("templates/**/*.html"))
INLINE = {
    "inline <script>": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "<style> element": re.compile(r"<style[\s>]", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
    "htmx inline code": re.compile(r"\shx-on[:-]|hx-vals\s*=\s*['\"]\s*js:", re.I),
}


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """manage.py in a fresh process with a production-like environment (no database needed)."""
    base = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path: Path) -> dict[str, str]:
    return {
        "BANLI_VAR_DIR": str(tmp_path),
        "BANLI_HTTPS": "1",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "banli.example.gov.cn",
    }


def test_no_template_needs_inline_script_or_style() -> None:
    assert len(TEMPLATES) >= 20
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in TEMPLATES
        for what, pattern in INLINE.items()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert found == []


@pytest.mark.django_db
def test_every_page_gets_a_strict_content_security_policy(client: Client, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.deputy)
    for url in (reverse("login"), reverse("home"), reverse("submissions:new"), "/no-such-page/"):
        policy = client.get(url)["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
        assert directives["default-src"] == "'self'", url
        assert directives["script-src"].startswith("'self'"), url
        assert directives["style-src"] == "'self'", url
        assert directives["frame-ancestors"] == "'none'" and directives["object-src"] == "'none'", url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


@pytest.mark.django_db
def test_htmx_is_configured_without_eval_or_injected_styles(client: Client, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.deputy)

    page = client.get(reverse("home")).content.decode()

    config = re.search(r'<meta name="htmx-config" content=\'([^\']+)\'>', page)
    assert config is not None
    assert '"allowEval": false' in config.group(1) and '"includeIndicatorStyles": false' in config.group(1)


def test_production_settings_use_secure_cookies_and_hsts(tmp_path: Path) -> None:
    out = run_python(
        "from django.conf import settings as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SESSION_COOKIE_HTTPONLY, s.X_FRAME_OPTIONS)",
        **production_env(tmp_path),
    )
    assert out == "True True True 31536000 True True DENY"


def test_manage_py_check_deploy_is_clean_with_production_variables(tmp_path: Path) -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production_env(tmp_path))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deploy_check_names_the_demo_mode(tmp_path: Path) -> None:
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", BANLI_DEMO="1", **production_env(tmp_path)
    )

    assert result.returncode != 0
    assert "banli.W010" in result.stderr and "演示模式已开启" in result.stderr
