"""Template context every page needs: the navigation, who the user is, and the unread messages.

The navigation and roles cost no queries of their own; the unread count is one query on a partial
index, run only when a template shows it, and at most once per request.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from banli.core.policies import memberships_of, roles_of
from banli.core.selectors import nav_bar, navigation
from banli.notifications.selectors import UnreadBadge


def banli(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav": []}
    nav = navigation(user)  # loads the roles and memberships used below, cached on the user
    roles, memberships = roles_of(user), memberships_of(user)
    places = [r.jurisdiction for r in roles] + [m.assembly.jurisdiction for m in memberships]
    jurisdiction = next((j for j in places if j.pk == user.jurisdiction_id), places[0] if places else None)
    return {
        "nav": nav_bar(nav),
        "user_roles": roles,
        "user_memberships": memberships,
        "user_jurisdiction": jurisdiction,
        "unread_notifications": UnreadBadge(request),
    }
