"""Who may act on assignments and adjustment requests, and which of them each user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.core.models.org import RoleCode, User
from banli.core.policies import (
    predicate,
    register_scope,
    role_label,
    roles_with,
    rule,
    sees_item,
    unit_ids,
)
from banli.submissions.policies import UNIT_ROLE_CODES, is_coordinator, is_registry


def _unit_role(*codes: str):  # type: ignore[no-untyped-def]
    def test(user: User, obj: Any) -> str | None:
        for role in roles_with(user, *codes):
            if obj is None or role.unit_id == obj.unit_id:
                return f"{role.unit.name}{role_label(role.code)}" if role.unit else role_label(role.code)
        return None

    return test


is_unit_liaison = predicate("联络员")(_unit_role(RoleCode.LIAISON))
is_unit_member = predicate("承办单位人员")(_unit_role(*UNIT_ROLE_CODES))


def _submission(obj: Any) -> Any:
    """The submission an object belongs to (the object itself for a submission)."""
    return getattr(obj, "submission", obj)


@predicate("交办单位")
def is_assigning_office(user: User, obj: Any) -> str | None:
    """The office that chooses the units: the coordinating office of the item's system, or the registry
    itself where the handling policy has no coordinating step."""
    if obj is None:
        return is_coordinator(user, None) or is_registry(user, None)
    from banli.assignments.services import policy_for

    sub = _submission(obj)
    if policy_for(sub).coordinator_step:
        return is_coordinator(user, sub)
    return is_registry(user, sub)


rule("assignment.view", is_unit_member | is_assigning_office)
rule("assignment.request_adjustment", is_unit_liaison)
rule("assignment.plan", is_assigning_office)


@register_scope(Assignment)
def visible_assignments(user: User, qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """A unit's people see their unit's assignments; offices and leaders those of the items they see."""

    cond = Q(unit_id__in=unit_ids(user, *UNIT_ROLE_CODES))
    if roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER):
        cond |= sees_item(user)
    return qs.filter(cond)


@register_scope(AdjustmentRequest)
def visible_adjustments(user: User, qs: QuerySet[AdjustmentRequest]) -> QuerySet[AdjustmentRequest]:
    """A unit sees its own requests; offices those of the items they see."""

    cond = Q(assignment__unit_id__in=unit_ids(user, *UNIT_ROLE_CODES))
    if roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF):
        cond |= sees_item(user)
    return qs.filter(cond)
