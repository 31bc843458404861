"""Reads on assignments, through the permission scope."""

from __future__ import annotations

from django.db.models import QuerySet

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models.org import User
from banli.core.policies import scope


def assignment_list(user: User, params: dict[str, str]) -> QuerySet[Assignment]:
    qs = scope(user, Assignment.objects.all()).select_related(
        "submission__session__assembly", "unit", "handler"
    )
    if params.get("state") in AssignmentState.values:
        qs = qs.filter(state=params["state"])
    if (params.get("unit") or "").isdigit():
        qs = qs.filter(unit_id=int(params["unit"]))
    if params.get("mine") == "1":
        qs = qs.filter(handler=user)
    return qs
