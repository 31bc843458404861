"""Per-unit figures of a set of items, in one ``GROUP BY`` query over the summary table (by unit, current
result and the lead author's rating): the units' roles and timeliness, their replies by result, the
ratings. Used by the dashboard's unit table, the handling report's tables and the per-unit statistics
workbook, so the three always agree."""

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
    rows = UnitMeasures.objects.filter(submission_id__in=ids)
    if units is not None:
        rows = rows.filter(unit_id__in=list(units))
    if system:
        rows = rows.filter(unit__system=system)
    handles = Q(answering=True) | Q(co=True)
    replied = Q(answering=True, answered=True)
    # one scan, grouped by unit, result and rating: the units' counts are the sums over their groups
    grouped = (
        rows.values("unit_id", "unit__name", "unit__system", "unit__sort", "result_id", "rating_id")
        .annotate(
            n_all=Count("*"),
            n_items=Count("pk", filter=handles),
            n_answering=Count("pk", filter=Q(answering=True)),
            n_co=Count("pk", filter=Q(co=True)),
            n_replied=Count("pk", filter=replied),
            n_late=Count("pk", filter=replied & summary.late(today)),
        )
        .order_by("unit__sort", "unit__name")  # the units first met in the database's order of names
    )
    figures: dict[int, UnitFigures] = {}
    groups = list(grouped)
    for r in groups:
        if not r["n_items"]:
            continue
        f = figures.get(r["unit_id"])
        if f is None:
            f = figures[r["unit_id"]] = UnitFigures(
                unit_id=r["unit_id"], name=r["unit__name"], system=r["unit__system"]
            )
        f.items += r["n_items"]
        f.answering += r["n_answering"]
        f.co += r["n_co"]
        f.replied += r["n_replied"]
        f.late += r["n_late"]
    # a unit's result and rating count whatever its assignment's state (a cancelled unit's reply too)
    for r in groups:
        f = figures.get(r["unit_id"])
        if f is None:
            continue
        for column, counts in (("result_id", f.by_result), ("rating_id", f.by_rating)):
            if r[column] is not None:
                counts[r[column]] = counts.get(r[column], 0) + r["n_all"]
    return list(figures.values())
