"""Error pages with DEBUG off: the project's Chinese templates, not Django's defaults."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path
from pytest_django.fixtures import Settings

from banli.urls import handler400, handler403, handler404, handler500  # noqa: F401  (this URLconf's handlers)
from banli.urls import urlpatterns as site_urlpatterns


def _denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def _broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom")


# The site's URLconf plus two views that fail on purpose.
urlpatterns = [path("test-denied/", _denied), path("test-broken/", _broken), *site_urlpatterns]


@pytest.fixture
def error_urls(settings: Settings) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def test_unknown_page_shows_the_chinese_404(client: Client, org: SimpleNamespace, error_urls: None) -> None:
    client.force_login(org.users.liaison)

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "errors/404.html" in [t.name for t in response.templates]
    page = response.content.decode()
    assert "页面不存在" in page
    assert "返回工作台" in page
    assert org.users.liaison.display_name in page  # the shell is there: the user can find their way back


def test_anonymous_visitor_gets_the_404_too(client: Client, db: None, error_urls: None) -> None:
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_forbidden_page_shows_the_chinese_403(client: Client, org: SimpleNamespace, error_urls: None) -> None:
    client.force_login(org.users.liaison)

    response = client.get("/test-denied/")

    assert response.status_code == 403
    assert "errors/403.html" in [t.name for t in response.templates]
    assert "无权访问" in response.content.decode()


def test_server_error_shows_the_chinese_500(client: Client, org: SimpleNamespace, error_urls: None) -> None:
    client.raise_request_exception = False
    client.force_login(org.users.liaison)

    response = client.get("/test-broken/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "系统错误" in page
    assert "boom" not in page


def test_stale_form_shows_the_chinese_csrf_page(org: SimpleNamespace, error_urls: None) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(org.users.liaison)

    response = client.post("/logout/")

    assert response.status_code == 403
    assert "页面已过期" in response.content.decode()
