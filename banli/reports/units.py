"""Per-unit figures of a set of items, in three ``GROUP BY`` queries: assignments, replies by current
result, lead authors' ratings. Used by the dashboard's unit table, the handling report's tables and the
per-unit statistics workbook, so the three always agree."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from banli.assignments.models import AssignmentRole
from banli.core.models.org import System
from banli.reports import measures as m
from banli.submissions.models import Submission


@dataclass
class UnitFigures:
    """One unit's year: ``items`` it handles, as answering unit or co-handler; of the items it answers,
    how many it ``replied`` (``late`` of them after the due date); its own replies by current result
    (category id → items) and the lead authors' latest ratings of them (option id → items)."""

    unit_id: int
    name: str
    system: str
    items: int = 0
    answering: int = 0
    co: int = 0
    replied: int = 0
    late: int = 0
    by_result: dict[int, int] = field(default_factory=dict)
    by_rating: dict[int, int] = field(default_factory=dict)

    @property
    def on_time(self) -> int:
        return self.replied - self.late

    @property
    def pending(self) -> int:
        return self.answering - self.replied

    @property
    def system_label(self) -> str:
        return str(System(self.system).label) if self.system in System.values else ""


def unit_figures(
    items: QuerySet[Submission], *, units: Iterable[int] | None = None, system: str = ""
) -> list[UnitFigures]:
    """Figures of every unit handling ``items`` (or only ``units``, or only units of ``system``), by the
    units' order and name."""
    ids = items.order_by().values("pk")
    rows = m.formal_assignments().filter(submission_id__in=ids)
    if units is not None:
        rows = rows.filter(unit_id__in=list(units))
    if system:
        rows = rows.filter(unit__system=system)
    answering = ~Q(role=AssignmentRole.CO)
    grouped = (
        rows.alias(_answered=m.unit_answered(), _late=m.unit_late())
        .values("unit_id", "unit__name", "unit__system", "unit__sort")
        .annotate(
            items=Count("submission_id", distinct=True),
            answering=Count("submission_id", distinct=True, filter=answering),
            co=Count("submission_id", distinct=True, filter=Q(role=AssignmentRole.CO)),
            replied=Count("submission_id", distinct=True, filter=answering & Q(_answered=True)),
            late=Count("submission_id", distinct=True, filter=answering & Q(_answered=True, _late=True)),
        )
        .order_by("unit__sort", "unit__name")
    )
    figures = {
        r["unit_id"]: UnitFigures(
            unit_id=r["unit_id"],
            name=r["unit__name"],
            system=r["unit__system"],
            items=r["items"],
            answering=r["answering"],
            co=r["co"],
            replied=r["replied"],
            late=r["late"],
        )
        for r in grouped
    }
    if not figures:
        return []
    results = (
        m.latest_replies()
        .filter(submission_id__in=ids, assignment__unit_id__in=list(figures))
        .annotate(current=m.reply_current_result())
        .values("assignment__unit_id", "current")
        .annotate(n=Count("submission_id", distinct=True))
        .order_by()
    )
    by_result: dict[int, dict[int, int]] = defaultdict(dict)
    for r in results:
        if r["current"] is not None:
            by_result[r["assignment__unit_id"]][r["current"]] = r["n"]
    ratings = (
        m.latest_unit_evaluations()
        .filter(submission_id__in=ids, reply__assignment__unit_id__in=list(figures))
        .values("reply__assignment__unit_id", "rating_id")
        .annotate(n=Count("submission_id", distinct=True))
        .order_by()
    )
    by_rating: dict[int, dict[int, int]] = defaultdict(dict)
    for r in ratings:
        by_rating[r["reply__assignment__unit_id"]][r["rating_id"]] = r["n"]
    for unit_id, fig in figures.items():
        fig.by_result = by_result.get(unit_id, {})
        fig.by_rating = by_rating.get(unit_id, {})
    return list(figures.values())
