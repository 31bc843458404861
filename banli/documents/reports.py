"""The yearly handling report (办理情况报告): its figures, and the report as an editable Word document.

The reports app fills a ``HandlingReportData`` from the year's items (seed 001 is the model: 201 items,
67 A, 134 B, 88 involving several units, 5 key items) and calls ``render_handling_report``. Percentages
are computed here, once, from the counts (``percentages``), so the figures in the text add up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from banli.documents.defaults import default_template
from banli.documents.rendering import DocumentError, render

SEMANTIC_TYPE_LABELS = {
    "solved": "已解决",
    "in_progress": "正在解决",
    "planned": "列入计划",
    "deferred": "待以后解决",
    "reference": "留作参考",
}
# The national headline figure: items solved, being solved or planned, as a share of all answered.
ADDRESSED_TYPES = frozenset({"solved", "in_progress", "planned"})


def percentages(counts: Sequence[int], places: int = 2) -> list[Decimal]:
    """Each count as a percentage of their sum, rounded once so the results add up to exactly 100.

    Largest remainder: every share is first cut down to ``places`` decimals, then the units still missing
    go to the shares with the largest remainders (the earlier one on a tie). 67 and 134 of 201 give 33.33
    and 66.67. All zero gives all zero. A negative count raises ``ValueError``.
    """
    if places < 0:
        raise ValueError("places must not be negative")
    if any(c < 0 for c in counts):
        raise ValueError("counts must not be negative")
    total = sum(counts)
    if total == 0:
        return [Decimal(0).scaleb(-places) for _ in counts]
    whole = 100 * 10**places
    quotas = [c * whole // total for c in counts]
    remainders = [c * whole % total for c in counts]
    short = whole - sum(quotas)
    for i in sorted(range(len(counts)), key=lambda i: (-remainders[i], i))[:short]:
        quotas[i] += 1
    return [Decimal(q).scaleb(-places) for q in quotas]


def share(part: int, whole: int, places: int = 2) -> Decimal:
    """``part`` as a percentage of ``whole`` (rounded the same way as ``percentages``)."""
    if not 0 <= part <= whole:
        raise ValueError("part must lie between 0 and whole")
    return percentages([part, whole - part], places)[0]


@dataclass(frozen=True)
class CategoryCount:
    """A category of the configured result scheme, with how many items were answered in it."""

    code: str  # "A"
    name: str  # "已解决或基本解决"
    semantic_type: str  # "solved", "in_progress", "planned", "deferred", "reference"
    count: int

    @property
    def label(self) -> str:
        """A类 for a lettered scheme; the name itself for a scheme of words (已经解决, 计划解决…)."""
        letter = len(self.code) <= 2 and self.code.isascii() and self.code.isalpha()
        return f"{self.code}类" if letter else self.name

    @property
    def semantic_label(self) -> str:
        return SEMANTIC_TYPE_LABELS.get(self.semantic_type, self.semantic_type)

    def phrase(self) -> str:
        """已解决或基本解决（A类） for a lettered scheme, 已经解决 for a scheme of words."""
        return f"{self.name}（{self.label}）" if self.label != self.name else self.name


@dataclass(frozen=True)
class KeyItem:
    """A key item (重点建议): its number, its title (案由) and a paragraph on what came of it."""

    number: int
    title: str
    outcome: str


@dataclass(frozen=True)
class SatisfactionCounts:
    """The authors' evaluations of the replies (满意 / 基本满意 / 不满意)."""

    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def evaluated(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied


@dataclass(frozen=True)
class UnitRow:
    """One handling unit's year. ``lead`` counts items it led or handled alone (主办、单独或分别办理),
    ``co`` those it co-handled (会办); ``by_category`` maps category codes to its answered items."""

    unit: str
    items: int
    lead: int
    co: int
    replied_on_time: int
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0
    by_category: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class HandlingReportData:
    """What the report states.

    - ``year`` 2024; ``handling_body`` 市政府系统 (who handled); ``source`` 市六届人大三次会议 (whose items);
      ``kind_label`` 代表建议 or 政协提案.
    - ``total``: items handled; ``source_total``: all items of the source (for "占…总数的93.06%"), optional.
    - ``unit_count``: handling units; ``multi_unit``: items involving several units.
    - ``categories``: the configured scheme in order, each with its count; ``scheme_name`` e.g. A/B/C 三类.
    - ``key_items`` and who selected them (``key_items_selected_by``, e.g. 市人大常委会).
    - ``satisfaction``: evaluations, optional; ``on_time``: items answered by their due date.
    - ``units``: per-unit rows for the tables; ``author`` and ``date``: the signature, optional.
    """

    year: int
    handling_body: str
    source: str
    total: int
    unit_count: int
    categories: Sequence[CategoryCount]
    multi_unit: int
    on_time: int
    kind_label: str = "代表建议"
    scheme_name: str = ""
    source_total: int | None = None
    key_items: Sequence[KeyItem] = ()
    key_items_selected_by: str = ""
    satisfaction: SatisfactionCounts | None = None
    units: Sequence[UnitRow] = ()
    title: str = ""
    author: str = ""
    date: dt.date | None = None

    def __post_init__(self) -> None:
        answered = sum(c.count for c in self.categories)
        problems = []
        if not self.categories:
            problems.append("未配置办理结果分类")
        if (
            min(
                [
                    self.total,
                    self.unit_count,
                    self.multi_unit,
                    self.on_time,
                    *(c.count for c in self.categories),
                ]
            )
            < 0
        ):
            problems.append("件数不能为负数")
        if answered > self.total:
            problems.append(f"各类办理结果合计{answered}件，超过承办总数{self.total}件")
        if self.multi_unit > self.total or self.on_time > self.total:
            problems.append("涉及多个单位或按期答复的件数超过承办总数")
        if self.source_total is not None and self.source_total < self.total:
            problems.append("承办件数超过该来源的总件数")
        if problems:
            raise DocumentError("办理情况报告数据有误：" + "；".join(problems) + "。")

    @property
    def answered(self) -> int:
        return sum(c.count for c in self.categories)

    def context(self) -> dict[str, Any]:
        """The variables a handling-report template may use."""
        from banli.documents.report_text import report_context  # the sentences, which use these classes

        return report_context(self)


def render_handling_report(data: HandlingReportData, template: bytes | None = None) -> bytes:
    """The report as .docx bytes, from ``template`` or the shipped default. Changes nothing stored.

    Raises ``DocumentError`` when the template is broken.
    """
    return render(template if template is not None else default_template("handling_report"), data.context())
