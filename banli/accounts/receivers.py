"""At login: decide once per session whether a code is needed and when the password expires, and
start the idle time (saved with the login's own write, so the next request need not write)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from banli.accounts.gate import remember_at_login
from banli.accounts.idle import refreshed_now


@receiver(user_logged_in, dispatch_uid="accounts.login")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_at_login(request, user)
        refreshed_now(request.session)
