"""The reports' ledgers: the per-unit statistics workbook and the rectification list (整改清单).

**Per-unit workbook** (from the dashboard's figures, same filters): the sheet 各单位汇总 has a row per
unit with every indicator as a column, then one sheet per indicator (办理结果, 答复时效, 满意度) with a
row per unit and a total row, so each can be printed or sorted on its own. Chosen over a sheet per unit
because officials compare units side by side, and 200 sheets of a national body would be unreadable.

**整改清单** has exactly seed 002's columns; like its tables, a 主要方面 is written once for the
consecutive lines under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

from banli.core.exports import Column
from banli.documents.reports import share
from banli.reports.models import RectificationItem
from banli.reports.statistics import Dashboard, category_label
from banli.reports.units import UnitFigures
from banli.reports.workbook import Sheet


def _rate(part: int, whole: int) -> Decimal | str:
    return share(part, whole) if whole else ""


def _satisfied(u: UnitFigures, satisfied_ids: set[int]) -> int:
    return sum(n for pk, n in u.by_rating.items() if pk in satisfied_ids)


def unit_sheets(board: Dashboard) -> list[Sheet]:
    """The per-unit workbook's sheets (see the module docstring)."""
    several = len({c.scheme_id for c in board.categories}) > 1
    cats = [(c.pk, category_label(c, several)) for c in board.categories]
    opts = [(o.pk, o.label) for o in board.ratings]
    satisfied_ids = {o.pk for o in board.ratings if o.satisfied}
    units = board.units

    def total(field: str) -> int:
        return sum(getattr(u, field) for u in units)

    summary_columns = [
        Column("序号", 6),
        Column("承办单位", 28),
        Column("所属系统", 10),
        Column("承办件数", 10),
        Column("主办/单独/分别办理", 12),
        Column("会办", 8),
        Column("已答复", 8),
        Column("按期答复", 10),
        Column("逾期答复", 10),
        Column("尚未答复", 10),
        Column("按期答复率（%）", 12),
        *(Column(label, 12) for _, label in cats),
        *(Column(label, 10) for _, label in opts),
        Column("满意率（%）", 12),
    ]

    def summary_rows() -> Iterator[list[Any]]:
        for i, u in enumerate(units, start=1):
            evaluated = sum(u.by_rating.values())
            yield [
                i,
                u.name,
                u.system_label,
                u.items,
                u.answering,
                u.co,
                u.replied,
                u.on_time,
                u.late,
                u.pending,
                _rate(u.on_time, u.replied),
                *(u.by_result.get(pk, 0) for pk, _ in cats),
                *(u.by_rating.get(pk, 0) for pk, _ in opts),
                _rate(_satisfied(u, satisfied_ids), evaluated),
            ]

    def results_rows() -> Iterator[list[Any]]:
        for i, u in enumerate(units, start=1):
            counts = [u.by_result.get(pk, 0) for pk, _ in cats]
            yield [i, u.name, *counts, sum(counts)]
        counts = [sum(u.by_result.get(pk, 0) for u in units) for pk, _ in cats]
        yield ["合计", "", *counts, sum(counts)]

    def timely_rows() -> Iterator[list[Any]]:
        for i, u in enumerate(units, start=1):
            yield [
                i,
                u.name,
                u.answering,
                u.replied,
                u.on_time,
                u.late,
                u.pending,
                _rate(u.on_time, u.replied),
            ]
        on_time, replied = total("on_time"), total("replied")
        yield [
            "合计",
            "",
            total("answering"),
            replied,
            on_time,
            total("late"),
            total("pending"),
            _rate(on_time, replied),
        ]

    def rating_rows() -> Iterator[list[Any]]:
        for i, u in enumerate(units, start=1):
            counts = [u.by_rating.get(pk, 0) for pk, _ in opts]
            yield [i, u.name, *counts, sum(counts), _rate(_satisfied(u, satisfied_ids), sum(counts))]
        counts = [sum(u.by_rating.get(pk, 0) for u in units) for pk, _ in opts]
        good = sum(_satisfied(u, satisfied_ids) for u in units)
        yield ["合计", "", *counts, sum(counts), _rate(good, sum(counts))]

    head = [Column("序号", 6), Column("承办单位", 28)]
    return [
        Sheet("各单位汇总", summary_columns, summary_rows()),
        Sheet(
            "办理结果", [*head, *(Column(label, 12) for _, label in cats), Column("合计", 8)], results_rows()
        ),
        Sheet(
            "答复时效",
            [
                *head,
                Column("应答复", 8),
                Column("已答复", 8),
                Column("按期答复", 10),
                Column("逾期答复", 10),
                Column("尚未答复", 10),
                Column("按期答复率（%）", 12),
            ],
            timely_rows(),
        ),
        Sheet(
            "满意度",
            [
                *head,
                *(Column(label, 10) for _, label in opts),
                Column("已评价", 8),
                Column("满意率（%）", 12),
            ],
            rating_rows(),
        ),
    ]


RECTIFICATION_COLUMNS = [
    Column("主要方面", 24),
    Column("重点问题", 40),
    Column("意见建议", 40),
    Column("整改措施", 50),
    Column("责任单位", 16),
    Column("整改期限", 12),
]


def rectification_rows(items: Iterable[RectificationItem]) -> Iterator[list[str]]:
    previous = None
    for item in items:
        yield [
            "" if item.aspect == previous else item.aspect,
            item.problem,
            item.advice,
            item.measures,
            item.responsible,
            item.period,
        ]
        previous = item.aspect


def rectification_sheet(title: str, items: Iterable[RectificationItem]) -> Sheet:
    return Sheet(title, RECTIFICATION_COLUMNS, rectification_rows(items), wrap=True)
