"""Who may act on assignments, and which assignments each user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from banli.assignments.models import Assignment
from banli.core.models.org import RoleCode, User
from banli.core.policies import predicate, register_scope, role_label, roles_with, rule, unit_ids
from banli.submissions.policies import UNIT_ROLE_CODES


def _unit_role(*codes: str):  # type: ignore[no-untyped-def]
    def test(user: User, obj: Any) -> str | None:
        for role in roles_with(user, *codes):
            if obj is None or role.unit_id == obj.unit_id:
                return f"{role.unit.name}{role_label(role.code)}" if role.unit else role_label(role.code)
        return None

    return test


is_unit_liaison = predicate("联络员")(_unit_role(RoleCode.LIAISON))
is_unit_member = predicate("承办单位人员")(_unit_role(*UNIT_ROLE_CODES))

rule("assignment.view", is_unit_member)


@register_scope(Assignment)
def visible_assignments(user: User, qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """A unit's people see their unit's assignments; offices see those of the items they see."""
    from banli.core.policies import scope
    from banli.submissions.models import Submission

    units = unit_ids(user, *UNIT_ROLE_CODES)
    cond = Q(unit_id__in=units)
    if roles_with(user, RoleCode.REGISTRY_STAFF, RoleCode.COORDINATOR_STAFF, RoleCode.LEADER):
        cond |= Q(submission__in=scope(user, Submission.objects.all()))
    return qs.filter(cond)
