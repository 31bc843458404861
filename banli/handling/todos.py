"""What waits inside the unit (replies to approve and sign, opinions owed) and at the office (replies
to check, extensions to decide)."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models.org import RoleCode, User
from banli.core.policies import roles_with, scope, user_jurisdictions
from banli.core.todos import Todo, provider
from banli.handling.models import Extension, ExtensionState, Reply, ReplyState


@provider
def approval_todos(user: User) -> list[Todo]:
    """The heads' replies to review and to sign; the co-handlers' opinions still owed."""
    roles = roles_with(
        user, RoleCode.REVIEWING_HEAD, RoleCode.SIGNING_HEAD, RoleCode.LIAISON, RoleCode.HANDLER
    )
    if not roles:
        return []
    units = sorted({r.unit_id for r in roles if r.unit_id})
    replies = {
        row["assignment__unit_id"]: row
        # the three states counted, through the (jurisdiction, state) index: nearly every reply is sent
        for row in Reply.objects.filter(
            jurisdiction_id__in={r.jurisdiction_id for r in roles},
            state__in=(ReplyState.REVIEWING, ReplyState.SIGNING, ReplyState.RETURNED),
            assignment__unit_id__in=units,
        )
        .values("assignment__unit_id")
        .annotate(
            reviewing=Count("pk", filter=Q(state=ReplyState.REVIEWING)),
            signing=Count("pk", filter=Q(state=ReplyState.SIGNING)),
            returned=Count("pk", filter=Q(state__in=(ReplyState.RETURNED,))),
        )
    }
    owed = dict(
        Assignment.objects.filter(unit_id__in=units, role="co", state=AssignmentState.RECEIVED)
        .exclude(opinion__state__in=("sent", "accepted", "lapsed"))
        .values("unit_id")
        .annotate(n=Count("*"))
        .values_list("unit_id", "n")
    )
    base = reverse("assignments:list")
    todos: list[Todo] = []
    for role in sorted(roles, key=lambda r: (r.unit_id or 0, r.code)):
        row = replies.get(role.unit_id, {"reviewing": 0, "signing": 0, "returned": 0})
        group = role.unit.name if role.unit else ""
        link = f"{base}?box=handling&unit={role.unit_id}"
        if role.code == RoleCode.REVIEWING_HEAD:
            todos.append(Todo("答复待审核", row["reviewing"], link, group, True))
        elif role.code == RoleCode.SIGNING_HEAD:
            todos.append(Todo("答复待签发", row["signing"], link, group, True))
        elif role.code == RoleCode.HANDLER:
            todos.append(Todo("答复被退回重办", row["returned"], link, group, True))
        if role.code in (RoleCode.LIAISON, RoleCode.HANDLER):
            todos.append(
                Todo("会办意见待提出", owed.get(role.unit_id, 0), f"{base}?box=handling&role=co", group)
            )
    seen: set[tuple[str, str]] = set()
    return [t for t in todos if (t.group, t.label) not in seen and not seen.add((t.group, t.label))]


@provider
def checking_todos(user: User) -> list[Todo]:
    """The coordinating office: signed replies to check, extensions to decide."""
    if not roles_with(user, RoleCode.COORDINATOR_STAFF):
        return []
    signed = Reply.objects.filter(jurisdiction_id__in=user_jurisdictions(user), state=ReplyState.SIGNED)
    to_check = scope(user, signed).count()
    to_decide = scope(user, Extension.objects.filter(state=ExtensionState.PENDING)).count()
    url = reverse("handling:checks")
    return [
        Todo("答复待审核", to_check, url, "答复审核", True),
        Todo("延期待审批", to_decide, url, "答复审核", True),
    ]
