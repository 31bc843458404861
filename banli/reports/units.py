"""Per-unit figures of a set of items, in three ``GROUP BY`` queries over the summary table: the units'
roles and timeliness, their replies by current result, the lead authors' ratings. Used by the dashboard's unit table, the handling report's tables and the
per-unit statistics workbook, so the three always agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from banli.core.models.org import System
from banli.reports import summary
from banli.reports.models import UnitMeasures
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
    units' order and name, from the summary table (``reports.summary``)."""
    summary.flush()
    ids = items.order_by().values("pk")
    today = timezone.localdate()
    rows = UnitMeasures.objects.filter(Q(answering=True) | Q(co=True), submission_id__in=ids)
    if units is not None:
        rows = rows.filter(unit_id__in=list(units))
    if system:
        rows = rows.filter(unit__system=system)
    replied = Q(answering=True, answered=True)
    grouped = (
        rows.values("unit_id", "unit__name", "unit__system", "unit__sort")
        .annotate(
            n_items=Count("*"),
            n_answering=Count("pk", filter=Q(answering=True)),
            n_co=Count("pk", filter=Q(co=True)),
            n_replied=Count("pk", filter=replied),
            n_late=Count("pk", filter=replied & summary.late(today)),
        )
        .order_by("unit__sort", "unit__name")
    )
    figures = {
        r["unit_id"]: UnitFigures(
            unit_id=r["unit_id"],
            name=r["unit__name"],
            system=r["unit__system"],
            items=r["n_items"],
            answering=r["n_answering"],
            co=r["n_co"],
            replied=r["n_replied"],
            late=r["n_late"],
        )
        for r in grouped
    }
    if not figures:
        return []
    # a unit's result and rating count whatever its assignment's state (a cancelled unit's reply too)
    theirs = UnitMeasures.objects.filter(submission_id__in=ids, unit_id__in=list(figures))
    for column, attr in (("result_id", "by_result"), ("rating_id", "by_rating")):
        counted = (
            theirs.filter(**{f"{column}__isnull": False})
            .values("unit_id", column)
            .annotate(n=Count("*"))
            .order_by()
        )
        for r in counted:
            getattr(figures[r["unit_id"]], attr)[r[column]] = r["n"]
    return list(figures.values())
