"""What waits for authors (replies to rate) and units (second replies, commitments falling due)."""

from __future__ import annotations

from django.urls import reverse

from banli.core.models.org import User
from banli.core.policies import memberships_of
from banli.core.todos import Todo, provider
from banli.handling.models import ReplyRecipient, ReplyState


@provider
def rating_todos(user: User) -> list[Todo]:
    members = [m.pk for m in memberships_of(user)]
    if not members:
        return []
    count = ReplyRecipient.objects.filter(
        member__in=members, reply__state=ReplyState.SENT, evaluation__isnull=True
    ).count()
    return [Todo("答复待评价", count, reverse("evaluation:mine"), "我的建议提案", urgent=True)]
