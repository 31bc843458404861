"""The page a locked-out login gets (django-axes ``AXES_LOCKOUT_CALLABLE``), in Chinese."""

from __future__ import annotations

from typing import Any

from axes.helpers import get_cool_off, get_failure_limit
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    context = {
        "failure_limit": get_failure_limit(request, credentials),
        "cooloff_minutes": int(cool_off.total_seconds() // 60) if cool_off else 0,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def client_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    """The name a login tried (django-axes ``AXES_USERNAME_CALLABLE``), cut to a username's length and
    without NUL characters, so whatever is typed can be counted and stored on every database."""
    value = (credentials or {}).get("username")
    if value is None:
        value = request.POST.get("username", "") if request is not None else ""
    return str(value).replace("\x00", "")[:150]
