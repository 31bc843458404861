"""Template context every page needs: the user's capacities for the navigation."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from banli.core.selectors import navigation


def banli(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    return {"nav": navigation(user)}
