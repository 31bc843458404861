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

#: What each status means here, for the docs (ninja would write the English reason phrase).
STATUS_TEXT = {
    200: "成功",
    201: "已创建",
    400: "请求被拒绝：当前状态不允许该操作，或缺少办理所需的内容（见 message）",
    401: "未提供有效的接口令牌（缺少、错误、已过期或已吊销）",
    403: "您无权执行该操作",
    404: "对象不存在，或您无权查看",
    409: "冲突：该事项已被他人处理，您的操作未生效",
    422: "请求参数或请求体不符合接口定义（见 errors）",
}


class BanliAPI(NinjaAPI):
    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        schema = super().get_openapi_schema(*args, **kwargs)
        for operations in schema["paths"].values():
            for operation in operations.values():
                for code, answer in operation["responses"].items():
                    answer["description"] = STATUS_TEXT.get(int(code), answer["description"])
        return schema


api = BanliAPI(
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
        if isinstance(pattern, URLPattern) and pattern.name != "api-root":
            pattern.callback.login_required = False  # type: ignore[attr-defined]
    return patterns, app_name, namespace
