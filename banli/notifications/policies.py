"""Who sees which notifications: each user their own inbox, nobody else's (administrators included)."""

from __future__ import annotations

from django.db.models import QuerySet

from banli.core.models.org import User
from banli.core.policies import register_scope
from banli.notifications.models import Notification


@register_scope(Notification)
def own_notifications(user: User, qs: QuerySet[Notification]) -> QuerySet[Notification]:
    return qs.filter(recipient=user)
