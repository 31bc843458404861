"""The statistics dashboard: the figures of the items a user sees (through ``submission_list``, hence
``core.policies.scope``), each with the link that lists exactly those items.

A dashboard costs a fixed number of queries whatever the number of items: one aggregate for the
headline figures, one ``GROUP BY`` per breakdown, three for the units, one for the years, and the
lookups of names and options. The figures come from the summary table (``reports.summary``), joined to
the items: no definition is evaluated per row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.db.models import Count, F, Prefetch, QuerySet
from django.utils import timezone
from django.utils.safestring import mark_safe

from banli.assignments.models import ROLE_ORDER
from banli.core.models.org import System, User
from banli.core.text import cn_number
from banli.documents.reports import percentages, share
from banli.evaluation.models import RatingOption
from banli.handling.models import ResultCategory, SemanticType
from banli.reports import cache as figures_cache
from banli.reports import measures as m
from banli.reports import summary as summary_table
from banli.reports.dashboard_filters import DashboardFilters
from banli.reports.figures import Figure
from banli.reports.units import UNIT_COLUMNS, UnitFigures, UnitRowView, unit_figures, unit_row
from banli.reports.years import YearRow, year_rows
from banli.submissions.models import HandlingMode, Submission, SubmissionKind
from banli.submissions.selectors import submission_list


@dataclass(frozen=True)
class Breakdown:
    """One chart and its table: ``figures`` share ``total`` (percentages add up to 100)."""

    key: str
    title: str
    figures: list[Figure]
    chart: str = "bar"

    @property
    def total(self) -> int:
        return sum(f.count for f in self.figures)

    def chart_data(self) -> dict[str, Any]:
        return {
            "id": self.key,
            "title": self.title,
            "type": self.chart,
            "items": [{"name": f.label, "value": f.count, "url": f.url} for f in self.figures],
        }


@dataclass(frozen=True)
class Rate:
    """A share with what it is of: ``part`` of ``whole`` (e.g. 按期答复 of 已答复)."""

    label: str
    part: Figure
    whole: Figure

    @property
    def percent(self) -> Decimal | None:
        return share(self.part.count, self.whole.count) if self.whole.count else None


@dataclass
class Dashboard:
    filters: DashboardFilters
    total: Figure
    rates: list[Rate]
    breakdowns: list[Breakdown]
    units: list[UnitFigures]
    unit_rows: list[UnitRowView]
    categories: list[ResultCategory]
    ratings: list[RatingOption]
    key_items: list[Any]
    key_total: Figure
    years: list[YearRow] = field(default_factory=list)
    #: the key the figures are kept under (``reports.cache``), which the rendered page is kept under too
    cache_key: str = ""
    cache_seconds = figures_cache.SECONDS

    @property
    def unit_headers(self) -> list[str]:
        return [*UNIT_COLUMNS, *(c.mark for c in self.categories), *(o.label for o in self.ratings)]

    def chart_data(self) -> dict[str, Any]:
        years = list(reversed(self.years))
        return {
            "charts": [b.chart_data() for b in self.breakdowns],
            "years": {
                "labels": [str(y.year) for y in years],
                "series": [
                    {"name": "立案件数", "values": [y.total.count for y in years]},
                    {"name": "已答复", "values": [y.answered.count for y in years]},
                    {"name": "已解决、正在解决和列入计划", "values": [y.addressed.count for y in years]},
                ],
                "urls": [y.total.url for y in years],
            },
        }


def category_label(category: ResultCategory, several_schemes: bool) -> str:
    base = f"{category.mark} {category.name}" if category.mark != category.name else category.name
    return f"{base}（{category.scheme.name}）" if several_schemes else base


def _breakdown(key: str, title: str, rows: Iterable[tuple[str, int, str]], chart: str = "bar") -> Breakdown:
    rows = [r for r in rows if r[1]]
    shares = percentages([r[1] for r in rows]) if rows else []
    return Breakdown(
        key,
        title,
        [Figure(label, n, url, pct) for (label, n, url), pct in zip(rows, shares, strict=True)],
        chart,
    )


def _group(qs: QuerySet[Submission], *fields: str) -> list[dict[str, Any]]:
    return list(qs.order_by().values(*fields).annotate(n=Count("*")).order_by(*fields))


def dashboard(
    user: User, params: Mapping[str, str], keyed: tuple[DashboardFilters, str] | None = None
) -> Dashboard:
    """The figures of the items ``user`` sees under the dashboard's filters (assembly, session, year,
    unit, kind). Reads only. Kept in the cache under the versions of the years it reads (the chosen
    year and those before it, with the names; ``reports.cache``): computing it reads every item of the
    year, about a second at national scale."""
    filters, key = keyed or dashboard_key(user, params)
    board = figures_cache.kept(key, lambda: _dashboard(user, filters))
    return replace(board, filters=filters, cache_key=key)


def dashboard_key(user: User, params: Mapping[str, str]) -> tuple[DashboardFilters, str]:
    """The filters and the key the figures (and their page, ``kept_page``) are kept under."""
    summary_table.flush()
    filters = DashboardFilters.parse(user, params)
    upto = int(filters.year) if filters.year else None
    years = None if upto is None else [y for _j, y in filters.versions if 0 < y <= upto]
    # the filters' years too: the page kept under the same key lists them in its form
    chosen = (filters.assembly, filters.session, filters.year, filters.unit, filters.kind, filters.years)
    return filters, figures_cache.key("dashboard", user, filters.versions, years, chosen)


#: the name of the template fragment (``reports/dashboard.html``) the rendered figures are kept as (the
#: ``{% cache %}`` tag takes its name as written, unquoted)
PAGE_FRAGMENT = "reports.dashboard"


def kept_page(key: str) -> str | None:
    """The rendered content kept under ``key`` by the dashboard's template, if any: reading it spares
    unpickling the figures (a few hundred objects) only to render what is already there."""
    body = cache.get(make_template_fragment_key(PAGE_FRAGMENT, [key]))
    return None if body is None else mark_safe(body)  # the template's own rendering


def _dashboard(user: User, filters: DashboardFilters) -> Dashboard:
    items = submission_list(user, filters.list_params()).order_by()
    link = filters.link
    summary = items.aggregate(**summary_table.item_counts(timezone.localdate()))
    total = Figure("立案件数", summary["total"], link())
    answered = Figure("已答复", summary["answered"], link(timely="answered"))
    rates = [
        Rate(
            "已解决、正在解决和列入计划",
            Figure("已解决、正在解决和列入计划", summary["addressed"], link(semantic="addressed")),
            answered,
        ),
        Rate("按期答复率", Figure("按期答复", summary["on_time"], link(timely="on_time")), answered),
        Rate(
            "满意率（含基本满意）",
            Figure("满意和基本满意", summary["satisfied"], link(satisfied="1")),
            Figure("已评价", summary["evaluated"], link(rating="any")),
        ),
        Rate("多个单位办理", Figure("多个单位办理", summary["multi"], link(multi="1")), total),
    ]
    breakdowns = _plain_breakdowns(items, link)
    result_counts = {
        r["current"]: r["n"]
        for r in items.values(current=F("measures__result_id")).annotate(n=Count("*")).order_by()
    }
    categories = list(
        ResultCategory.objects.filter(pk__in=[k for k in result_counts if k is not None])
        .select_related("scheme")
        .order_by("scheme__sort", "scheme_id", "sort", "pk")
    )
    several = len({c.scheme_id for c in categories}) > 1
    breakdowns += _result_breakdowns(categories, result_counts, several, link)
    breakdowns.append(
        _breakdown(
            "timely",
            "答复时效",
            [
                ("按期答复", summary["on_time"], link(timely="on_time")),
                ("逾期答复", summary["late"], link(timely="late")),
                ("尚未答复", summary["total"] - summary["answered"], link(timely="pending")),
            ],
            "pie",
        )
    )
    rating_counts = {
        r["rating"]: r["n"]
        for r in items.values(rating=F("measures__rating_id")).annotate(n=Count("*")).order_by()
    }
    # with a unit chosen, its row only (another unit's link would drop the choice)
    units = unit_figures(items, units={int(filters.unit)} if filters.unit else filters.own_units)
    used = {k for k in rating_counts if k is not None} | {k for u in units for k in u.by_rating}
    ratings = list(RatingOption.objects.filter(pk__in=used).order_by("jurisdiction_id", "sort", "pk"))
    breakdowns.append(
        _breakdown(
            "rating",
            "满意度评价",
            [
                *((o.label, rating_counts.get(o.pk, 0), link(rating=str(o.pk))) for o in ratings),
                ("尚未评价", rating_counts.get(None, 0), link(rating="none")),
            ],
            "pie",
        )
    )
    breakdowns.append(
        _breakdown(
            "unit",
            "按承办单位（承办件数）",
            ((u.name, u.items, link(unit=str(u.unit_id))) for u in units),
        )
    )
    return Dashboard(
        filters=filters,
        total=total,
        rates=rates,
        breakdowns=breakdowns,
        units=units,
        unit_rows=[unit_row(filters, u, categories, ratings) for u in units],
        categories=categories,
        ratings=ratings,
        key_items=_key_items(items, {c.pk: category_label(c, several) for c in categories}),
        key_total=Figure("重点件", summary["key"], link(key="1")),
        years=year_rows(user, filters, chosen=summary),
    )


def _plain_breakdowns(items: QuerySet[Submission], link: Callable[..., str]) -> list[Breakdown]:
    """By kind, source, category, system and handling mode: one GROUP BY each."""
    kinds = dict(SubmissionKind.choices)
    systems = dict(System.choices)
    modes = dict(HandlingMode.choices)

    def session_name(r: dict[str, Any]) -> str:
        if not r["session_id"]:
            return "闭会期间"
        return f"{r['session__assembly__short_name']}{cn_number(r['session__number'])}次会议"

    return [
        _breakdown(
            "kind",
            "按类型",
            ((kinds.get(r["kind"], r["kind"]), r["n"], link(kind=r["kind"])) for r in _group(items, "kind")),
            "pie",
        ),
        _breakdown(
            "source",
            "按来源（大会期间 / 闭会期间）",
            (
                (session_name(r), r["n"], link(session=str(r["session_id"] or "none")))
                for r in _group(items, "session_id", "session__number", "session__assembly__short_name")
            ),
            "pie",
        ),
        _breakdown(
            "category",
            "按分类",
            (
                (r["category__name"] or "未分类", r["n"], link(category=str(r["category_id"] or "none")))
                for r in _group(items, "category_id", "category__name")
            ),
        ),
        _breakdown(
            "system",
            "按办理系统",
            (
                (systems.get(r["system"], "未定"), r["n"], link(system=r["system"] or "none"))
                for r in _group(items, "system")
            ),
            "pie",
        ),
        _breakdown(
            "mode",
            "按办理方式",
            (
                (modes.get(r["handling_mode"], "未交办"), r["n"], link(mode=r["handling_mode"] or "none"))
                for r in _group(items, "handling_mode")
            ),
            "pie",
        ),
    ]


def _result_breakdowns(
    categories: list[ResultCategory],
    counts: dict[int | None, int],
    several: bool,
    link: Callable[..., str],
) -> list[Breakdown]:
    """By result category (as configured) and by semantic type (comparable across schemes)."""
    by_type: dict[str, int] = {}
    for c in categories:
        by_type[c.semantic_type] = by_type.get(c.semantic_type, 0) + counts[c.pk]
    unanswered = counts.get(None, 0)
    return [
        _breakdown(
            "result",
            "按办理结果",
            [
                *((category_label(c, several), counts[c.pk], link(result=str(c.pk))) for c in categories),
                ("尚未答复", unanswered, link(result="none")),
            ],
        ),
        _breakdown(
            "semantic",
            "按结果类型（各分类方案可比）",
            [
                *(
                    (label, by_type.get(value, 0), link(semantic=value))
                    for value, label in SemanticType.choices
                ),
                ("尚未答复", unanswered, link(semantic="none")),
            ],
            "pie",
        ),
    ]


def _key_items(items: QuerySet[Submission], names: dict[int, str]) -> list[Submission]:
    """The key items (at most 50; the figure links to all of them) with their result and units."""
    rows = list(
        items.filter(is_key=True)
        .annotate(current_result=F("measures__result_id"))
        .select_related("session__assembly")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=m.formal_assignments().select_related("unit").order_by(ROLE_ORDER, "pk"),
                to_attr="formal",
            )
        )
        .order_by("year", "kind", "number", "pk")[:50]
    )
    for sub in rows:
        sub.result_label = names.get(sub.current_result, "尚未答复")  # type: ignore[attr-defined]
    return rows
