"""Per-unit figures of a set of items, in one ``GROUP BY`` query over the summary table (by unit, current
result and the lead author's rating): the units' roles and timeliness, their replies by result, the
ratings. Used by the dashboard's unit table, the handling report's tables and the per-unit statistics
workbook, so the three always agree."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from banli.core.models.org import System
from banli.evaluation.models import RatingOption
from banli.handling.models import ResultCategory
from banli.reports import summary
from banli.reports.dashboard_filters import DashboardFilters
from banli.reports.figures import Figure
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


@dataclass(frozen=True)
class UnitRowView:
    """A unit's row on the dashboard: every figure with its link, in the table's column order."""

    unit: UnitFigures
    cells: list[Figure]

    def cells_html(self) -> str:
        """The row's cells, each count a link to its items: built here rather than by the template's
        loop, which for 240 units × 14 columns was a third of the dashboard's rendering."""
        return mark_safe(  # the links escaped, the counts whole numbers
            "".join(
                f'<td class="text-end"><a href="{escape(c.url)}">{int(c.count)}</a></td>' for c in self.cells
            )
        )


UNIT_COLUMNS = ["承办", "主办/单独/分别", "会办", "已答复", "按期", "逾期", "未答复"]


def unit_row(
    filters: DashboardFilters,
    u: UnitFigures,
    categories: list[ResultCategory],
    ratings: list[RatingOption],
) -> UnitRowView:
    """The links behind a unit's row: its items, by role, timeliness, its replies' results and ratings."""
    link = filters.link
    uid = str(u.unit_id)
    cells = [
        Figure("承办", u.items, link(unit=uid)),
        Figure("主办/单独/分别", u.answering, link(unit=uid, unit_role="answering")),
        Figure("会办", u.co, link(unit=uid, unit_role="co")),
        Figure("已答复", u.replied, link(unit=uid, unit_timely="answered")),
        Figure("按期", u.on_time, link(unit=uid, unit_timely="on_time")),
        Figure("逾期", u.late, link(unit=uid, unit_timely="late")),
        Figure("未答复", u.pending, link(unit=uid, unit_timely="pending")),
    ]
    cells += [
        Figure(c.mark, u.by_result.get(c.pk, 0), link(unit=uid, unit_result=str(c.pk))) for c in categories
    ]
    cells += [
        Figure(o.label, u.by_rating.get(o.pk, 0), link(unit=uid, unit_rating=str(o.pk))) for o in ratings
    ]
    return UnitRowView(u, cells)
