"""The REST API (django-ninja): OpenAPI 3.1 at /api/openapi.json, the docs at /api/docs.

Deny by default: every operation requires a bearer token (``auth.TokenAuth``); the routes read through
the same selectors and scopes as the pages and write through the same services and transitions.
"""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern
from ninja import NinjaAPI, Swagger

from banli.api import errors
from banli.api.auth import TokenAuth, docs_access
from banli.api.routes import assignments, overview, replies, submissions

DESCRIPTION = """建议提案办理系统的接口，供其他系统对接。

以个人接口令牌认证：在系统“接口令牌”页面创建令牌，请求时加请求头 `Authorization: Bearer <令牌>`。
接口与网页适用同一权限：只能看到、办理本人在网页上能看到、办理的事项。错误一律返回 `code` 和中文 `message`。
"""

api = NinjaAPI(
    title="建议提案办理系统接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=TokenAuth(),
    # Swagger UI from ninja's own static copy (ninja is in INSTALLED_APPS); no validator badge, which
    # would send the schema to a public validator
    docs=Swagger(settings={"validatorUrl": None, "persistAuthorization": False}),
    docs_decorator=docs_access,
)
errors.install(api)
api.add_router("", overview.router)
api.add_router("", submissions.router)
api.add_router("", assignments.router)
api.add_router("", replies.router)


def urls() -> tuple[list[Any], str, str]:
    """The API's URL patterns. Operations answer 401 themselves without a token, so the login-required
    middleware (which would redirect to the login page) steps aside for them; the docs check the
    session or a token in ``docs_access``."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
