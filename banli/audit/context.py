"""Who is acting, from where: the current request, kept in a context variable for the audit log.

:class:`AuditContextMiddleware` puts the request there for the time of the view, so any code below it
(services, signal receivers, exports) can record the user, the address and the browser without being
handed the request.
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("banli_audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _request.get()


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or with ``BANLI_PROXY_COUNT`` trusted reverse proxies in
    front, the address the outermost of them saw (counted from the right of X-Forwarded-For).

    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so lockouts and the audit log agree on the address.
    """
    remote = request.META.get("REMOTE_ADDR", "") or ""
    proxies = getattr(settings, "BANLI_PROXY_COUNT", 0)
    if proxies > 0:
        chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(chain) >= proxies:
            return chain[-proxies][:45]
    return remote[:45]


def user_agent(request: HttpRequest) -> str:
    return (request.META.get("HTTP_USER_AGENT", "") or "")[:300]


class AuditContextMiddleware:
    """Keep the request in the context variable while the view runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
