"""What waits for the people of a handling unit."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models.org import RoleCode, User
from banli.core.policies import roles_with
from banli.core.todos import Todo, provider

A = AssignmentState


@provider
def unit_todos(user: User) -> list[Todo]:
    todos: list[Todo] = []
    roles = roles_with(
        user, RoleCode.LIAISON, RoleCode.HANDLER, RoleCode.REVIEWING_HEAD, RoleCode.SIGNING_HEAD
    )
    unit_ids = sorted({r.unit_id for r in roles if r.unit_id})
    if not unit_ids:
        return todos
    counts = {
        row["unit_id"]: row
        for row in Assignment.objects.filter(unit_id__in=unit_ids)
        .values("unit_id")
        .annotate(
            to_sign=Count("pk", filter=Q(state=A.ASSIGNED)),
            handling=Count("pk", filter=Q(state=A.RECEIVED)),
            mine=Count("pk", filter=Q(state=A.RECEIVED, handler=user)),
        )
    }
    base = reverse("assignments:list")
    for role in sorted(roles, key=lambda r: (r.unit_id or 0, r.code)):
        row = counts.get(role.unit_id, {"to_sign": 0, "handling": 0, "mine": 0})
        group = role.unit.name if role.unit else ""
        if role.code == RoleCode.LIAISON:
            todos.append(
                Todo("待签收", row["to_sign"], f"{base}?state={A.ASSIGNED}&unit={role.unit_id}", group, True)
            )
            todos.append(
                Todo("本单位在办", row["handling"], f"{base}?state={A.RECEIVED}&unit={role.unit_id}", group)
            )
        elif role.code == RoleCode.HANDLER:
            todos.append(Todo("我经办的", row["mine"], f"{base}?state={A.RECEIVED}&mine=1", group, True))
        else:
            todos.append(
                Todo("本单位在办", row["handling"], f"{base}?state={A.RECEIVED}&unit={role.unit_id}", group)
            )
    # one card per (group, label)
    seen: set[tuple[str, str]] = set()
    return [t for t in todos if (t.group, t.label) not in seen and not seen.add((t.group, t.label))]
