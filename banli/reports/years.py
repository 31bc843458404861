"""Year over year: the dashboard's filters applied to the selected year and the years before it, in one
``GROUP BY year`` query over the summary table (``reports.summary``), each figure with its link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from banli.core.models.org import User
from banli.documents.reports import share
from banli.reports import cache as figures_cache
from banli.reports.dashboard_filters import DashboardFilters
from banli.reports.figures import Figure
from banli.reports.summary import item_counts
from banli.submissions.models import Submission
from banli.submissions.selectors import submission_list

YEAR_FIGURES = ("total", "answered", "addressed", "on_time", "evaluated", "satisfied")


@dataclass(frozen=True)
class YearRow:
    year: int
    total: Figure
    answered: Figure
    addressed: Figure
    on_time: Figure
    evaluated: Figure
    satisfied: Figure

    def rate(self, part: str, whole: str) -> Decimal | None:
        p, w = getattr(self, part).count, getattr(self, whole).count
        return share(p, w) if w else None

    @property
    def addressed_rate(self) -> Decimal | None:
        return self.rate("addressed", "answered")

    @property
    def on_time_rate(self) -> Decimal | None:
        return self.rate("on_time", "answered")

    @property
    def satisfied_rate(self) -> Decimal | None:
        return self.rate("satisfied", "evaluated")


def year_rows(
    user: User, filters: DashboardFilters, count: int = 5, chosen: Mapping[str, int] | None = None
) -> list[YearRow]:
    """The same filters, year by year (the selected year and up to four before it), in one GROUP BY.
    With a year selected and its counts given (``chosen``: the dashboard's headline, the same items),
    only the earlier years are grouped, and kept in the cache under their own versions
    (``reports.cache``): a write in the selected year leaves them as they are."""
    if not (filters.year and chosen is not None):
        rows = _grouped(user, filters, None, count)
    else:
        upto = int(filters.year)
        earlier = [y for _j, y in filters.versions if 0 < y < upto]
        key = figures_cache.key(
            "year_rows", user, filters.versions, earlier, filters.list_params(year=""), upto
        )
        own = [{"year": upto, **{k: chosen[k] for k in YEAR_FIGURES}}] if chosen["total"] else []
        rows = (own + figures_cache.kept(key, lambda: _grouped(user, filters, upto - 1, count)))[:count]
    out = []
    for r in rows:
        y = str(r["year"])
        link = filters.link
        out.append(
            YearRow(
                year=r["year"],
                total=Figure("立案件数", r["total"], link(year=y)),
                answered=Figure("已答复", r["answered"], link(year=y, timely="answered")),
                addressed=Figure(
                    "已解决、正在解决和列入计划", r["addressed"], link(year=y, semantic="addressed")
                ),
                on_time=Figure("按期答复", r["on_time"], link(year=y, timely="on_time")),
                evaluated=Figure("已评价", r["evaluated"], link(year=y, rating="any")),
                satisfied=Figure("满意和基本满意", r["satisfied"], link(year=y, satisfied="1")),
            )
        )
    return out


def _grouped(user: User, filters: DashboardFilters, upto: int | None, count: int) -> list[dict[str, Any]]:
    """The figures of the latest ``count`` years up to ``upto`` (None: the selected year, or every
    year) that have items under the other filters, latest first."""
    items = submission_list(user, filters.list_params(year="")).order_by()
    if upto is None and filters.year:
        upto = int(filters.year)
    if upto is not None:
        items = items.filter(year__lte=upto)
    counts = item_counts(timezone.localdate())

    def grouped(qs: QuerySet[Submission]) -> list[dict[str, Any]]:
        return list(
            qs.values("year").annotate(**{k: counts[k] for k in YEAR_FIGURES}).order_by("-year")[:count]
        )

    # The items' years are among the filters' choices (the counted items the user sees), so when each of
    # the latest choices has items under the other filters they are the rows: group those years only,
    # not twenty years of items. When the other filters leave one of them empty, group every year.
    latest = [y for y in filters.years if upto is None or y <= upto][:count]
    rows = grouped(items.filter(year__in=latest))
    if len(rows) < len(latest):
        rows = grouped(items)
    return rows
