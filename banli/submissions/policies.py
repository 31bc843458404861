"""Who may do what with submissions, and which submissions each user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.assignments.models import Assignment
from banli.core.models.org import RoleCode, UnitKind, User
from banli.core.policies import (
    Predicate,
    memberships_of,
    predicate,
    register_scope,
    roles_with,
    rule,
    unit_ids,
)
from banli.submissions.models import Cosignature, Submission, SubmissionState

#: Which assembly a registry office serves decides which submissions it reviews.
UNIT_ROLE_CODES = (
    RoleCode.LIAISON,
    RoleCode.HANDLER,
    RoleCode.REVIEWING_HEAD,
    RoleCode.SIGNING_HEAD,
)


@predicate("领衔人")
def is_author(user: User, obj: Any) -> str | None:
    if obj is None:
        return "代表/委员" if memberships_of(user) else None
    member_ids = {m.pk for m in memberships_of(user)}
    return "领衔人" if obj.lead_author_id in member_ids else None


@predicate("交办机构")
def is_registry(user: User, obj: Any) -> str | None:
    if obj is None:
        return "交办机构工作人员" if roles_with(user, RoleCode.REGISTRY_STAFF) else None
    for role in roles_with(user, RoleCode.REGISTRY_STAFF, jurisdiction_id=obj.jurisdiction_id):
        if role.unit and role.unit.assembly_kind == obj.assembly.kind:
            return f"{role.unit.name}工作人员"
    return None


@predicate("协调机构")
def is_coordinator(user: User, obj: Any) -> str | None:
    if obj is None:
        return "协调机构工作人员" if roles_with(user, RoleCode.COORDINATOR_STAFF) else None
    for role in roles_with(user, RoleCode.COORDINATOR_STAFF, jurisdiction_id=obj.jurisdiction_id):
        if role.unit and obj.system and role.unit.system == obj.system:
            return f"{role.unit.name}工作人员"
    return None


@predicate("承办单位")
def is_handling_unit(user: User, obj: Any) -> str | None:
    units = unit_ids(user, *UNIT_ROLE_CODES)
    if not units:
        return None
    if obj is None:
        return "承办单位"
    if obj.assignments.filter(unit_id__in=units).exclude(state="cancelled").exists():
        return "承办单位"
    return None


@predicate("领导")
def is_leader(user: User, obj: Any) -> str | None:
    jid = getattr(obj, "jurisdiction_id", None)
    if roles_with(user, RoleCode.LEADER, jurisdiction_id=jid) and not getattr(obj, "is_confidential", False):
        return "领导"
    return None


@predicate("联名人")
def is_cosigner(user: User, obj: Any) -> str | None:
    if obj is None:
        return None
    members = [m.pk for m in memberships_of(user)]
    if members and obj.cosignatures.filter(member__in=members).exclude(state="declined").exists():
        return "联名人"
    return None


can_view: Predicate = is_author | is_cosigner | is_registry | is_coordinator | is_handling_unit | is_leader
rule("submission.view", can_view)
rule("submission.create", is_author)
rule("submission.edit", is_author)
rule("submission.classify", is_registry)
rule("submission.review", is_registry)


@register_scope(Submission)
def visible_submissions(user: User, qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """Drafts only to their author; confidential items only to those who handle them; a committee the
    items of its field and of the key topics it supervises."""
    members = [m.pk for m in memberships_of(user)]
    cond = Q(lead_author__in=members)
    if members:
        cond |= Q(
            pk__in=Cosignature.objects.filter(member__in=members)
            .exclude(state="declined")
            .values("submission_id")
        )
    not_draft = ~Q(state=SubmissionState.DRAFT)
    for role in roles_with(user, RoleCode.REGISTRY_STAFF):
        if role.unit and role.unit.kind == UnitKind.REGISTRY:
            cond |= (
                Q(jurisdiction_id=role.jurisdiction_id, assembly__kind=role.unit.assembly_kind) & not_draft
            )
    for role in roles_with(user, RoleCode.COORDINATOR_STAFF):
        if role.unit and role.unit.system:
            cond |= Q(jurisdiction_id=role.jurisdiction_id, system=role.unit.system) & not_draft
    units = unit_ids(user, *UNIT_ROLE_CODES)
    if units:
        cond |= Q(
            pk__in=Assignment.objects.filter(unit_id__in=units)
            .exclude(state="cancelled")
            .values("submission_id")
        )
    leader_in = {r.jurisdiction_id for r in roles_with(user, RoleCode.LEADER)}
    if leader_in:
        # every leader, and so a key topic's supervising leader, sees the items that are not confidential
        cond |= Q(jurisdiction_id__in=leader_in, is_confidential=False) & not_draft
    committees = unit_ids(user, RoleCode.COMMITTEE_MEMBER)
    if committees:
        # 对口督办: the items of the committee's field (its category or the parent's), and those of the
        # key topics it supervises; never confidential ones
        from banli.supervision.models import KeyTopicItem

        topics = KeyTopicItem.objects.filter(topic__committee_id__in=committees).values("submission_id")
        field = (
            Q(category__committee_id__in=committees)
            | Q(category__parent__committee_id__in=committees)
            | Q(pk__in=topics)
        )
        cond |= field & Q(is_confidential=False) & not_draft
    return qs.filter(cond)
