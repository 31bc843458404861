"""At login: decide once per session whether a code is needed and when the password expires."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from banli.accounts.gate import remember_at_login


@receiver(user_logged_in, dispatch_uid="accounts.login")
def logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        remember_at_login(request, user)
