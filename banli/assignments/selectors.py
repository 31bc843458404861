"""Reads on assignments and adjustment requests, through the permission scope, with their due dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from banli.assignments.models import (
    LIVE_STATES,
    ROLE_ORDER,
    AdjustmentRequest,
    AdjustmentState,
    Assignment,
    AssignmentRole,
    AssignmentState,
)
from banli.core.models import Deadline, Duty, Event, RoleCode, Unit, UnitKind, User
from banli.core.policies import roles_with, scope, unit_ids
from banli.submissions.models import Submission
from banli.submissions.policies import UNIT_ROLE_CODES
from banli.submissions.search import title_or_text

A = AssignmentState

#: The inbox's boxes: label and the filter that selects them (overdue is computed, see below).
BOXES: dict[str, str] = {
    "new": "新交办",
    "to_sign": "待签收",
    "handling": "办理中",
    "overdue": "已逾期",
    "done": "已答复",
}


def _open_deadlines() -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=OuterRef("pk"),
        round=OuterRef("round"),
        closed_at__isnull=True,
    )


def with_due_dates(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Annotate each assignment with its open due dates: sign receipt, and the reply or opinion."""
    due = _open_deadlines()
    return qs.annotate(
        sign_due=Subquery(due.filter(duty=Duty.SIGN_RECEIPT).values("due_on")[:1]),
        answer_due=Subquery(
            due.filter(duty__in=(Duty.REPLY, Duty.REHANDLING, Duty.OPINION)).values("due_on")[:1]
        ),
        adjust_due=Subquery(due.filter(duty=Duty.ADJUSTMENT).values("due_on")[:1]),
    )


#: What a unit owes on an assignment: being late on one of these is being overdue. (The window for
#: asking an adjustment is a right, not a duty: it simply closes.)
OWED_DUTIES = (Duty.SIGN_RECEIPT, Duty.REPLY, Duty.REHANDLING, Duty.OPINION)


def overdue_filter(today: dt.date | None = None) -> Q:
    """Assignments with an open duty past its date (derived, never stored)."""
    today = today or timezone.localdate()
    return Q(Exists(_open_deadlines().filter(duty__in=OWED_DUTIES, due_on__lt=today)))


def past_due(today: dt.date | None = None) -> QuerySet[Deadline]:
    """The ids of the assignments with an open duty past its date, read from the partial index of open
    deadlines (a thousand rows at national scale): where a count of what is late starts, instead of
    every assignment seen. ``overdue_filter`` still decides (the round must be the assignment's)."""
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        closed_at__isnull=True,
        duty__in=OWED_DUTIES,
        due_on__lt=today or timezone.localdate(),
    ).values("object_id")


def _box_filter(box: str) -> Q:
    if box == "new":
        return Q(state=A.PRE_ASSIGNED)
    if box == "to_sign":
        return Q(state=A.ASSIGNED)
    if box == "handling":
        return Q(state=A.RECEIVED)
    if box == "overdue":
        return Q(state__in=(A.ASSIGNED, A.RECEIVED)) & overdue_filter()  # the cheap test first
    if box == "done":
        return Q(state=A.REPLIED)
    return Q()


def _box(qs: QuerySet[Assignment], box: str) -> QuerySet[Assignment]:
    return qs.filter(_box_filter(box))


def assignment_list(user: User, params: dict[str, str]) -> QuerySet[Assignment]:
    """The assignments the user sees, filtered by box, state, unit, role, year, own items and title."""
    qs = scope(user, Assignment.objects.all()).select_related(
        "submission__session__assembly", "submission__lead_author", "unit", "handler"
    )
    qs = _box(qs, params.get("box", ""))
    if params.get("state") in A.values:
        qs = qs.filter(state=params["state"])
    elif not params.get("box") and params.get("state") != "all":
        qs = qs.exclude(state=A.CANCELLED)
    if (params.get("unit") or "").isdigit():
        qs = qs.filter(unit_id=int(params["unit"]))
    if params.get("role") in AssignmentRole.values:
        qs = qs.filter(role=params["role"])
    if (params.get("year") or "").isdigit():
        # an item carried over from an earlier year (跨年度) is in this year's work too
        year = int(params["year"])
        qs = qs.filter(Q(submission__year=year) | Q(Exists(_carried().filter(to_year=year))))
    if params.get("mine") == "1":
        qs = qs.filter(handler=user)
    if q := (params.get("q") or "").strip():
        qs = qs.filter(title_or_text(q, "submission__"))
    return with_due_dates(qs).annotate(carried=Exists(_carried()))


def _carried() -> QuerySet[Any]:
    from banli.evaluation.models import CarryOver

    return CarryOver.objects.filter(submission_id=OuterRef("submission_id"))


#: The boxes that are one state each (the others are computed).
STATE_BOXES = {"new": A.PRE_ASSIGNED, "to_sign": A.ASSIGNED, "handling": A.RECEIVED, "done": A.REPLIED}


def box_counts(user: User) -> dict[str, int]:
    """How many of the user's units' assignments sit in each box, in two queries: a count per state (from
    the index on unit and state, whatever the years of history) and the overdue ones among the live."""
    units = unit_ids(user, *UNIT_ROLE_CODES)
    if not units:
        return {}
    mine = Assignment.objects.filter(unit_id__in=units).order_by()
    by_state = dict(mine.values_list("state").annotate(n=Count("*")).values_list("state", "n"))
    counts = {box: by_state.get(state, 0) for box, state in STATE_BOXES.items()}
    live = by_state.get(A.ASSIGNED, 0) + by_state.get(A.RECEIVED, 0)
    counts["overdue"] = _box(mine, "overdue").count() if live else 0
    return {box: counts[box] for box in BOXES}


def assignment_detail(user: User, pk: int) -> Assignment | None:
    return (
        with_due_dates(scope(user, Assignment.objects.filter(pk=pk)))
        .select_related(
            "submission__lead_author",
            "submission__session__assembly",
            "submission__category",
            "unit",
            "handler",
        )
        .first()
    )


def partners(assignment: Assignment) -> list[Assignment]:
    """The other live units of the same item and round (so the lead knows its co-handlers and back)."""
    return list(
        Assignment.objects.filter(
            submission_id=assignment.submission_id, round=assignment.round, state__in=LIVE_STATES
        )
        .exclude(pk=assignment.pk)
        .select_related("unit")
        .order_by(ROLE_ORDER, "pk")
    )


def assignment_events(assignment: Assignment) -> QuerySet[Event]:
    """What happened to this unit's assignment, oldest first."""
    return (
        Event.objects.filter(
            content_type=ContentType.objects.get_for_model(Assignment), object_id=assignment.pk
        )
        .select_related("actor")
        .order_by("created_at", "id")
    )


def unit_handlers(unit_id: int) -> list[User]:
    """The people who hold the handler role in a unit."""
    return list(
        User.objects.filter(roles__code=RoleCode.HANDLER, roles__unit_id=unit_id, is_active=True)
        .distinct()
        .order_by("full_name", "username")
    )


def handling_units(jurisdiction_id: int) -> list[Unit]:
    """Active handling units of a jurisdiction, by system and order, for the choosers."""
    return list(
        Unit.objects.filter(jurisdiction_id=jurisdiction_id, kind=UnitKind.HANDLING, is_active=True).order_by(
            "system", "sort", "name"
        )
    )


def leaders(jurisdiction_id: int) -> list[User]:
    return list(
        User.objects.filter(
            roles__code=RoleCode.LEADER, roles__jurisdiction_id=jurisdiction_id, is_active=True
        )
        .distinct()
        .order_by("full_name")
    )


def current_assignments(sub: Submission) -> list[Assignment]:
    """Where the item is now: its live units of the current round with their due dates."""
    return list(
        with_due_dates(Assignment.objects.filter(submission=sub, round=sub.round, state__in=LIVE_STATES))
        .select_related("unit", "handler")
        .order_by(ROLE_ORDER, "pk")
    )


@dataclass(frozen=True)
class PlanView:
    """What the assigning office sees of an item's assignment."""

    assignments: list[Assignment]
    pending: list[AdjustmentRequest]
    decided: list[AdjustmentRequest]


def plan_view(sub: Submission) -> PlanView:
    live = current_assignments(sub)
    requests = list(
        AdjustmentRequest.objects.filter(submission=sub)
        .select_related("assignment__unit", "suggested_unit", "requested_by", "decided_by")
        .order_by("-requested_at")
    )
    return PlanView(
        assignments=live,
        pending=[r for r in requests if r.state == AdjustmentState.PENDING],
        decided=[r for r in requests if r.state != AdjustmentState.PENDING],
    )


def adjustment_list(user: User, params: dict[str, str]) -> QuerySet[AdjustmentRequest]:
    qs = scope(user, AdjustmentRequest.objects.all()).select_related(
        "submission__session__assembly", "assignment__unit", "suggested_unit", "requested_by", "decided_by"
    )
    if params.get("state") in AdjustmentState.values:
        qs = qs.filter(state=params["state"])
    return qs


def assigning_jurisdictions(user: User) -> set[int]:
    return {r.jurisdiction_id for r in roles_with(user, RoleCode.COORDINATOR_STAFF, RoleCode.REGISTRY_STAFF)}
