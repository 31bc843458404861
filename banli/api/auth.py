"""How the API knows who calls: ``Authorization: Bearer <token>`` and nothing else.

The session cookie of the web pages is never accepted for the API: a browser that is logged in cannot
be made to call it from another site (no CSRF exposure), and every call names its token. The schema and
the docs are open to a logged-in user of the pages as well, so integrators can read them there.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from ninja.security import HttpBearer

from banli.api.tokens import user_for
from banli.core.models import User


class TokenAuth(HttpBearer):
    """Bearer token auth: the token's user becomes ``request.auth`` and ``request.user``."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = user_for(token.strip())
        if found is None:
            return None
        user, api_token = found
        request.user = user  # whatever the session said, this request acts as the token's user
        request.api_token = api_token  # type: ignore[attr-defined]
        return user


def bearer_user(request: HttpRequest) -> User | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    found = user_for(key.strip())
    return found[0] if found else None


def docs_access(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema and docs: for a logged-in user of the pages, or a caller with a valid token;
    everyone else is sent to the login page."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated and bearer_user(request) is None:
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapped.login_required = False  # type: ignore[attr-defined]  (checked here, token or session)
    return wrapped
