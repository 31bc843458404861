"""Who may urge, supervise, manage key topics and appraise; and which topics, records, assessments,
selections and schemes each user sees.

Urging (催办) is for the offices (the coordinating office of the item's system, the registry) and the
leaders; supervision actions may also be recorded by the committee whose field the item is in (对口督办)
or which supervises a key topic holding it. The lagging units' board is the offices'. Key topics, third-
party assessments and excellent suggestions are the registry's.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from banli.assignments.models import Assignment
from banli.core.models.org import RoleCode, User
from banli.core.policies import (
    has_role,
    predicate,
    register_scope,
    roles_with,
    rule,
    scope,
    sees_item,
    unit_ids,
)
from banli.core.selectors import hide_events
from banli.submissions.models import Submission
from banli.submissions.policies import UNIT_ROLE_CODES, is_coordinator, is_leader, is_registry
from banli.supervision.models import (
    AppraisalScheme,
    Assessment,
    Excellence,
    KeyTopic,
    KeyTopicItem,
    SupervisionRecord,
)


def field_committees(user: User, sub: Submission) -> set[int]:
    """The committees of the user that supervise this item: the committee of its field (its category or
    the category's parent), or the committee of a key topic holding it."""
    units = unit_ids(user, RoleCode.COMMITTEE_MEMBER, jurisdiction_id=sub.jurisdiction_id)
    if not units or sub.is_confidential:
        return set()
    found = set()
    category = sub.category if sub.category_id else None
    if category is not None:
        found |= {category.committee_id, category.parent.committee_id if category.parent_id else None} & units
    found |= set(
        KeyTopicItem.objects.filter(submission=sub, topic__committee_id__in=units).values_list(
            "topic__committee_id", flat=True
        )
    )
    return found


@predicate("对口委员会")
def is_field_committee(user: User, obj: Any) -> str | None:
    if obj is None:
        return "委员会成员" if roles_with(user, RoleCode.COMMITTEE_MEMBER) else None
    found = field_committees(user, obj)
    if not found:
        return None
    role = next(r for r in roles_with(user, RoleCode.COMMITTEE_MEMBER) if r.unit_id in found)
    return f"{role.unit.name}成员" if role.unit else "委员会成员"


may_urge = is_coordinator | is_registry | is_leader
rule("supervision.urge", may_urge)
rule("supervision.record", may_urge | is_field_committee)
rule("supervision.board", has_role(RoleCode.COORDINATOR_STAFF, RoleCode.REGISTRY_STAFF))
rule("topic.manage", is_registry)
rule("assessment.record", is_registry)
rule("excellence.choose", is_registry)
rule("appraisal.manage", has_role(RoleCode.REGISTRY_STAFF))
rule("appraisal.view", has_role(RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER))


def _office_jurisdictions(user: User) -> set[int]:
    codes = (RoleCode.COORDINATOR_STAFF, RoleCode.LEADER, RoleCode.COMMITTEE_MEMBER)
    return {r.jurisdiction_id for r in roles_with(user, *codes)}


@register_scope(KeyTopic)
def visible_topics(user: User, qs: QuerySet[KeyTopic]) -> QuerySet[KeyTopic]:
    """The registry its assembly's topics; coordinating offices, leaders and committees every topic of
    their jurisdiction; a handling unit the topics holding its items. Items inside are scoped apart."""
    cond = Q(jurisdiction_id__in=_office_jurisdictions(user)) | Q(leader=user)
    for role in roles_with(user, RoleCode.REGISTRY_STAFF):
        if role.unit:
            cond |= Q(jurisdiction_id=role.jurisdiction_id, assembly__kind=role.unit.assembly_kind)
    units = unit_ids(user, *UNIT_ROLE_CODES)
    if units:
        held = Assignment.objects.filter(unit_id__in=units).exclude(state="cancelled").values("submission_id")
        cond |= Q(Exists(KeyTopicItem.objects.filter(topic=OuterRef("pk"), submission_id__in=held)))
    return qs.filter(cond)


@register_scope(SupervisionRecord)
def visible_records(user: User, qs: QuerySet[SupervisionRecord]) -> QuerySet[SupervisionRecord]:
    """Whoever sees one of its items sees the record."""
    through = SupervisionRecord.items.through
    items = scope(user, Submission.objects.all())
    return qs.filter(
        Exists(through.objects.filter(supervisionrecord_id=OuterRef("pk"), submission__in=items))
    )


@register_scope(Assessment)
def visible_assessments(user: User, qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.filter(sees_item(user))


@register_scope(Excellence)
def visible_excellence(user: User, qs: QuerySet[Excellence]) -> QuerySet[Excellence]:
    return qs.filter(sees_item(user))


@register_scope(AppraisalScheme)
def visible_schemes(user: User, qs: QuerySet[AppraisalScheme]) -> QuerySet[AppraisalScheme]:
    """The offices and leaders of the jurisdiction, and its handling units (each reads its own score)."""
    codes = (RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER, *UNIT_ROLE_CODES)
    return qs.filter(jurisdiction_id__in={r.jurisdiction_id for r in roles_with(user, *codes)})


@hide_events
def unseen_topics(user: User, sub: Any) -> Q | None:
    """Putting an item in a key topic (or taking it out) names the topic: only those who see the topic
    (the KeyTopic scope above) read that on the item's timeline."""
    seen = list(scope(user, KeyTopic.objects.all()).values_list("pk", flat=True))
    return Q(action__in=("add_to_key_topic", "remove_from_key_topic")) & ~Q(payload__topic__in=seen)
