"""The portal is the only part open without login, and it only reads."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver


def patterns(resolver: URLResolver, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found = []
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            found += patterns(p, route)
        else:
            found.append((route, p))
    return found


def test_only_the_portal_the_login_page_and_the_admin_are_open() -> None:
    """Besides these, only the API operations skip the login page: they answer 401 without a token
    (banli/api/tests/test_auth.py proves it for every operation)."""
    open_routes = {
        route
        for route, p in patterns(get_resolver())
        if getattr(p.callback, "login_required", True) is False and not route.startswith(("admin/", "api/"))
    }
    assert open_routes == {
        "login/",
        "public/",
        "public/replies/",
        "public/replies/<int:pk>/",
        "public/reports/",
        "public/reports/<int:pk>/download/",
    }


@pytest.mark.django_db
def test_every_portal_page_answers_anonymous_readers_and_refuses_writes(client: Client) -> None:
    for route, _pattern in patterns(get_resolver()):
        if not route.startswith("public/"):
            continue
        url = "/" + re.sub(r"<int:\w+>", "1", route)
        assert client.get(url).status_code in (200, 404), route
        assert client.post(url).status_code == 405, route
