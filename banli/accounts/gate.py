"""The gate after login: until the second factor is verified, and while the password is expired, the
user reaches only the pages that resolve it (enrol, verify, change password, log out).

What the gate needs is decided at login and kept in the session (no query per request):
``banli_second_factor`` (a code is needed) and ``banli_password_expires`` (ISO time or empty).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from banli.accounts.passwords import password_expires_at
from banli.accounts.second_factor import confirmed_device, enforced, needs_verification

SECOND_FACTOR = "banli_second_factor"
PASSWORD_EXPIRES = "banli_password_expires"
#: Pages reachable before the gate opens.
OPEN = {
    "logout",
    "accounts:otp_setup",
    "accounts:otp_verify",
    "accounts:password_change",
    "accounts:password_change_done",
}


def remember_at_login(request: HttpRequest, user: Any) -> None:
    request.session[SECOND_FACTOR] = needs_verification(user)
    expires = password_expires_at(user)
    request.session[PASSWORD_EXPIRES] = expires.isoformat() if expires else ""


def password_renewed(request: HttpRequest, user: Any) -> None:
    """After the user changed their password: the new one's expiry."""
    expires = password_expires_at(user)
    request.session[PASSWORD_EXPIRES] = expires.isoformat() if expires else ""


def _verified(user: Any) -> bool:
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def destination(request: HttpRequest) -> str | None:
    """Where the user must go first, or None when the gate is open."""
    user = request.user
    session = request.session
    if SECOND_FACTOR not in session:
        remember_at_login(request, user)
    if enforced() and session.get(SECOND_FACTOR) and not _verified(user):
        name = "accounts:otp_verify" if confirmed_device(user) else "accounts:otp_setup"
        return reverse(name)
    expires = session.get(PASSWORD_EXPIRES)
    if expires and dt.datetime.fromisoformat(expires) <= timezone.now():
        return reverse("accounts:password_change")
    return None


class SecurityGateMiddleware:
    """Send a logged-in user to enrolment, verification or the password change page while needed.

    After ``OTPMiddleware`` (which says whether the session is verified); htmx requests get an
    ``HX-Redirect`` so the whole page moves, not a fragment.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN:
            return None
        target = destination(request)
        if target is None:
            return None
        if request.get_full_path() not in ("/", target):
            target = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return HttpResponseRedirect(target)
