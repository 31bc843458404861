"""What waits for the people of a handling unit, and for the assigning offices."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from banli.assignments.models import AdjustmentRequest, AdjustmentState, Assignment, AssignmentState
from banli.assignments.selectors import BOXES, _box_filter, past_due
from banli.core.models.org import RoleCode, User
from banli.core.policies import roles_with, scope
from banli.core.todos import Todo, provider
from banli.submissions.models import Submission, SubmissionState
from banli.submissions.policies import UNIT_ROLE_CODES

A = AssignmentState


@provider
def unit_todos(user: User) -> list[Todo]:
    """Per unit: new, to sign and overdue for the liaison; the handler's own; the unit's in handling."""
    roles = roles_with(user, *UNIT_ROLE_CODES)
    units = sorted({r.unit_id for r in roles if r.unit_id})
    if not units:
        return []
    boxes = {box: Count("pk", filter=_box_filter(box)) for box in ("new", "to_sign", "handling", "overdue")}
    counts = {
        row["unit_id"]: row
        # the open states only, through the (unit, state) index: a unit's twenty years are replied
        for row in Assignment.objects.filter(
            unit_id__in=units, state__in=(A.PRE_ASSIGNED, A.ASSIGNED, A.RECEIVED)
        )
        .values("unit_id")
        .annotate(**boxes, mine=Count("pk", filter=Q(state=A.RECEIVED, handler=user)))
    }
    base = reverse("assignments:list")
    todos: list[Todo] = []
    empty = dict.fromkeys([*boxes, "mine"], 0)
    for role in sorted(roles, key=lambda r: (r.unit_id or 0, r.code)):
        row = counts.get(role.unit_id, empty)
        group = role.unit.name if role.unit else ""
        unit = f"unit={role.unit_id}"
        if role.code == RoleCode.LIAISON:
            todos += [
                Todo(BOXES["to_sign"], row["to_sign"], f"{base}?box=to_sign&{unit}", group, True),
                Todo("预交办待确认", row["new"], f"{base}?box=new&{unit}", group),
                Todo(BOXES["overdue"], row["overdue"], f"{base}?box=overdue&{unit}", group, True),
                Todo("本单位在办", row["handling"], f"{base}?box=handling&{unit}", group),
            ]
        elif role.code == RoleCode.HANDLER:
            todos.append(Todo("我经办的", row["mine"], f"{base}?box=handling&mine=1", group, True))
        else:
            todos += [
                Todo("本单位在办", row["handling"], f"{base}?box=handling&{unit}", group),
                Todo(BOXES["overdue"], row["overdue"], f"{base}?box=overdue&{unit}", group, True),
            ]
    seen: set[tuple[str, str]] = set()  # one card per (unit, label) when a person holds several roles
    return [t for t in todos if (t.group, t.label) not in seen and not seen.add((t.group, t.label))]


@provider
def assigning_office_todos(user: User) -> list[Todo]:
    """The coordinating office (or a registry that assigns directly): items to assign, requests to
    decide, units late to sign."""
    if not roles_with(user, RoleCode.COORDINATOR_STAFF):
        return []
    to_assign = scope(user, Submission.objects.filter(state=SubmissionState.ASSIGNING)).count()
    pending = scope(user, AdjustmentRequest.objects.filter(state=AdjustmentState.PENDING)).count()
    late = scope(user, Assignment.objects.filter(state=A.ASSIGNED, pk__in=past_due()))
    late = late.filter(_box_filter("overdue")).count()
    return [
        Todo(
            "待交办",
            to_assign,
            f"{reverse('submissions:list')}?state={SubmissionState.ASSIGNING}",
            "交办",
            True,
        ),
        Todo("待审定调整申请", pending, f"{reverse('assignments:adjustments')}?state=pending", "交办", True),
        Todo("逾期未签收", late, f"{reverse('assignments:list')}?box=overdue&state=assigned", "交办", True),
    ]
