"""滞后单位: per handling unit, what it has let slip on the items the office sees — sign receipts, replies
and co-handlers' opinions overdue now, replies returned for rework (退回重办, counted by revision) and
dissatisfied ratings — in four queries whatever the number of units; and the items behind each figure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentRole
from banli.assignments.selectors import past_due, with_due_dates
from banli.core.models import Deadline, Duty, Unit, User
from banli.core.policies import scope, sees_item
from banli.evaluation.models import CarryOver, Evaluation
from banli.handling.models import Reply
from banli.submissions.models import Submission
from banli.supervision.progress import OWING, late_assignments

#: The board's figures: key → column heading.
COLUMNS: dict[str, str] = {
    "sign": "逾期未签收",
    "reply": "逾期未答复",
    "opinion": "逾期未提会办意见",
    "returned": "退回重办",
    "dissatisfied": "不满意评价",
}
#: Which open duties past their date each overdue figure counts, and on which roles.
OVERDUE_DUTIES: dict[str, tuple[tuple[str, ...], Q]] = {
    "sign": ((Duty.SIGN_RECEIPT,), Q()),
    "reply": ((Duty.REPLY, Duty.REHANDLING), ~Q(role=AssignmentRole.CO)),
    "opinion": ((Duty.OPINION,), Q(role=AssignmentRole.CO)),
}
SORTS = ("unit", *COLUMNS, "overdue")


@dataclass
class UnitRow:
    unit: Unit
    sign: int = 0
    reply: int = 0
    opinion: int = 0
    returned: int = 0
    dissatisfied: int = 0

    @property
    def overdue(self) -> int:
        return self.sign + self.reply + self.opinion

    def figure(self, key: str) -> int:
        return int(getattr(self, key))


def board_items(user: User, year: int | None) -> QuerySet[Submission]:
    """The items the board counts: those the user sees, of the year (or carried into it), or all."""
    qs = scope(user, Submission.objects.all())
    if year is not None:
        carried = CarryOver.objects.filter(submission_id=OuterRef("pk"), to_year=year)
        qs = qs.filter(Q(year=year) | Q(Exists(carried)))
    return qs


def _past_due(duties: tuple[str, ...], today: dt.date) -> Exists:
    return Exists(
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Assignment),
            object_id=OuterRef("pk"),
            round=OuterRef("round"),
            duty__in=duties,
            closed_at__isnull=True,
            due_on__lt=today,
        )
    )


def overdue_assignments(items: QuerySet[Submission], key: str, today: dt.date) -> QuerySet[Assignment]:
    duties, roles = OVERDUE_DUTIES[key]
    return Assignment.objects.filter(submission__in=items, state__in=OWING).filter(
        roles & Q(_past_due(duties, today))
    )


def lagging_units(user: User, year: int | None, sort: str = "-overdue") -> list[UnitRow]:
    """The units with anything overdue, returned or rated unsatisfactory, sorted by ``sort`` (a column
    key, ``-`` for descending; ties by the unit's order)."""
    today = timezone.localdate()
    items = board_items(user, year)
    rows: dict[int, UnitRow] = {}

    def row(unit_id: int) -> UnitRow:
        return rows.setdefault(unit_id, UnitRow(unit=Unit(pk=unit_id)))

    live = Assignment.objects.filter(submission__in=items, state__in=OWING)
    figures = {
        key: Count("pk", filter=roles & Q(_past_due(duties, today)))
        for key, (duties, roles) in OVERDUE_DUTIES.items()
    }
    for r in live.values("unit_id").annotate(**figures):
        for key in OVERDUE_DUTIES:
            setattr(row(r["unit_id"]), key, r[key])
    returned = Reply.objects.filter(submission__in=items, revision__gt=0)
    for r in returned.values("assignment__unit_id").annotate(n=Sum("revision")):
        row(r["assignment__unit_id"]).returned = r["n"]
    poor = Evaluation.objects.filter(reply__submission__in=items, rating__satisfied=False)
    for r in poor.values("reply__assignment__unit_id").annotate(n=Count("*")):
        row(r["reply__assignment__unit_id"]).dissatisfied = r["n"]
    units = Unit.objects.in_bulk([k for k, v in rows.items() if v.overdue or v.returned or v.dissatisfied])
    out = [UnitRow(units[k], *(getattr(v, c) for c in COLUMNS)) for k, v in rows.items() if k in units]
    key, descending = sort.lstrip("-"), sort.startswith("-")
    if key not in SORTS:
        key, descending = "overdue", True
    out.sort(key=lambda r: (r.unit.sort, r.unit.name))
    if key == "unit":
        out.sort(key=lambda r: r.unit.name, reverse=descending)
    else:
        out.sort(key=lambda r: r.figure(key), reverse=descending)
    return out


def lagging_count(user: User) -> int:
    """How many units are late on something now, on any year's items the user sees (one query). Read
    from the few open deadlines past their date (the partial index), not from every assignment seen:
    the planner otherwise walks the jurisdiction's 900,000 assignments (SQLite, 160 ms)."""
    today = timezone.localdate()
    late = Assignment.objects.filter(pk__in=past_due(today)).filter(sees_item(user))
    return late.filter(late_assignments(today)).values("unit_id").distinct().count()


def unit_items(user: User, unit: Unit, key: str, year: int | None) -> list[object]:
    """The rows behind one figure of a unit: its overdue assignments (with due dates), its returned
    replies, or its dissatisfied ratings."""
    items = board_items(user, year)
    today = timezone.localdate()
    related = ("submission__session__assembly", "submission__assembly")
    if key in OVERDUE_DUTIES:
        qs = overdue_assignments(items, key, today).filter(unit=unit)
        return list(with_due_dates(qs).select_related(*related, "handler").order_by("submission__number"))
    if key == "returned":
        return list(
            Reply.objects.filter(submission__in=items, assignment__unit=unit, revision__gt=0)
            .select_related(*related, "result")
            .order_by("-revision", "pk")
        )
    if key == "dissatisfied":
        return list(
            Evaluation.objects.filter(
                reply__submission__in=items, reply__assignment__unit=unit, rating__satisfied=False
            )
            .select_related(
                "reply__submission__session__assembly", "reply__submission__assembly", "rating", "member"
            )
            .order_by("-created_at")
        )
    return []
