"""Who rates replies, who writes second replies and closes out promises, who carries items over and runs
the 回头看; and which evaluations and checklists each user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.core.models.org import RoleCode, User
from banli.core.policies import (
    memberships_of,
    predicate,
    register_scope,
    roles_with,
    rule,
    scope,
    sees_item,
    unit_ids,
)
from banli.evaluation.models import CarryOver, Evaluation, FollowUp, ReviewCampaign, ReviewItem
from banli.submissions.models import Submission
from banli.submissions.policies import UNIT_ROLE_CODES, is_registry


@predicate("答复对象")
def is_addressee(user: User, obj: Any) -> str | None:
    """The deputy or member a reply is addressed to (a ReplyRecipient), or the lead author of an item."""
    members = {m.pk for m in memberships_of(user)}
    if obj is None:
        return "代表/委员" if members else None
    if isinstance(obj, Submission):
        if obj.lead_author_id in members:
            return "提出人"
        from banli.handling.models import ReplyRecipient

        answered = ReplyRecipient.objects.filter(reply__submission=obj, member_id__in=members).exists()
        return "提出人" if answered else None
    return "提出人" if getattr(obj, "member_id", None) in members else None


rule("evaluation.rate", is_addressee)
rule("evaluation.carry_over", is_registry)


@register_scope(Evaluation)
def visible_evaluations(user: User, qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """Anyone who sees the item sees how its replies were rated (the units learn from it)."""
    return qs.filter(sees_item(user))


@register_scope(FollowUp)
def visible_follow_ups(user: User, qs: QuerySet[FollowUp]) -> QuerySet[FollowUp]:
    """The unit at every step; others who see the item once sent."""
    own = Q(reply__assignment__unit_id__in=unit_ids(user, *UNIT_ROLE_CODES))
    return qs.filter(own | Q(state="sent") & sees_item(user))


@register_scope(ReviewItem)
def visible_review_items(user: User, qs: QuerySet[ReviewItem]) -> QuerySet[ReviewItem]:
    cond = Q(unit_id__in=unit_ids(user, *UNIT_ROLE_CODES))
    if roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER):
        cond |= sees_item(user)
    return qs.filter(cond)


@register_scope(CarryOver)
def visible_carry_overs(user: User, qs: QuerySet[CarryOver]) -> QuerySet[CarryOver]:
    return qs.filter(sees_item(user))


@register_scope(ReviewCampaign)
def visible_review_campaigns(user: User, qs: QuerySet[ReviewCampaign]) -> QuerySet[ReviewCampaign]:
    """A 回头看 campaign: the registry offices of its jurisdiction, and whoever sees one of its lines."""
    registries = {r.jurisdiction_id for r in roles_with(user, RoleCode.REGISTRY_STAFF)}
    lines = scope(user, ReviewItem.objects.all()).values("campaign_id")
    return qs.filter(Q(jurisdiction_id__in=registries) | Q(pk__in=lines))
