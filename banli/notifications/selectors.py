"""Reads of the inbox, through the permission scope."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from banli.core.models.org import User
from banli.core.policies import scope
from banli.notifications.models import Notification

BADGE_LIMIT = 99


def inbox(user: User, show: str) -> QuerySet[Notification]:
    """The user's notifications, newest first; ``show="unread"`` for the unread ones only."""
    qs = scope(user, Notification.objects.all())
    return qs.filter(read_at__isnull=True) if show == "unread" else qs


def unread_count(request: HttpRequest) -> int:
    """Unread notifications of the request's user, counted up to 100 (the badge shows 99+) in one
    query on the partial index, once per request however often a template asks."""
    cached = getattr(request, "_banli_unread", None)
    if cached is None:
        user = request.user
        cached = (
            Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
            .order_by()[: BADGE_LIMIT + 1]
            .count()
            if user.is_authenticated
            else 0
        )
        request._banli_unread = cached  # type: ignore[attr-defined]
    return cached


class UnreadBadge:
    """The top bar's unread count for templates: counted when first shown (a partial response that
    renders no top bar costs nothing), "99+" past the limit."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request

    @property
    def count(self) -> int:
        return unread_count(self.request)

    def __bool__(self) -> bool:
        return self.count > 0

    def __str__(self) -> str:
        return f"{BADGE_LIMIT}+" if self.count > BADGE_LIMIT else str(self.count)
