"""The handling report's sentences and table rows, built from ``HandlingReportData``.

The headline paragraph follows seed 001's order (items, units, time, results by category with their
shares); the sections then state the configured result scheme, the items involving several units, the
key items and what came of them, timeliness and the authors' evaluations. Every percentage comes from
``percentages`` or ``share``, computed once from the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from banli.core.text import cn_date, cn_number
from banli.documents.rendering import Paragraph, clean, paragraph
from banli.documents.reports import (
    ADDRESSED_TYPES,
    SEMANTIC_TYPE_LABELS,
    HandlingReportData,
    percentages,
    share,
)


@dataclass(frozen=True)
class CategoryRow:
    code: str
    name: str
    label: str
    semantic_label: str
    count: int
    percent: Decimal


@dataclass(frozen=True)
class UnitLine:
    index: int
    unit: str
    items: int
    lead: int
    co: int
    replied_on_time: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    by_category: list[int]
    answered: int


def category_rows(data: HandlingReportData) -> list[CategoryRow]:
    """The scheme's categories with their shares of all items handled, plus the unanswered ones if any."""
    unanswered = data.total - data.answered
    counts = [c.count for c in data.categories] + ([unanswered] if unanswered else [])
    shares = percentages(counts)
    rows = [
        CategoryRow(c.code, c.name, c.label, c.semantic_label, c.count, pct)
        for c, pct in zip(data.categories, shares, strict=False)
    ]
    if unanswered:
        rows.append(CategoryRow("—", "尚未答复", "尚未答复", "", unanswered, shares[-1]))
    return rows


def headline(data: HandlingReportData, rows: list[CategoryRow]) -> str:
    """年度、承办总数、单位数、时效，然后按分类的件数和占比（seed 001 的第一段的位置）。"""
    text = f"{data.year}年，{data.handling_body}共承办{data.source}{data.kind_label}{data.total}件"
    if data.source_total:
        text += f"，占{data.kind_label}总数的{share(data.total, data.source_total)}%"
    text += f"，分别交由{data.unit_count}个承办单位办理"
    if data.total and data.on_time == data.total:
        text += "，均已按期答复"
    elif data.total:
        text += f"，按期答复{data.on_time}件"
    text += "。"
    results = []
    for category, row in zip(data.categories, rows, strict=False):
        if category.count:
            results.append(f"{category.phrase()}的{category.count}件、约占{row.percent}%")
    if data.answered < data.total:
        results.append(f"尚未答复的{rows[-1].count}件、约占{rows[-1].percent}%")
    if results:
        text += "从办理结果看，" + "；".join(results) + "。"
    return text


def scheme_paragraphs(data: HandlingReportData) -> list[str]:
    """The result scheme as configured, and the figure comparable across schemes (by semantic type)."""
    name = f"“{data.scheme_name}”" if data.scheme_name else ""
    described = "；".join(f"{c.label}为{c.name}，归入“{c.semantic_label}”" for c in data.categories)
    lines = [
        f"本年度办理结果采用{name}分类，共{len(data.categories)}类：{described}。各类件数和占比见附表1。",
    ]
    if data.total:
        addressed = sum(c.count for c in data.categories if c.semantic_type in ADDRESSED_TYPES)
        text = (
            f"按统一的语义类型归并，已解决、正在解决和列入计划解决的共{addressed}件，"
            f"占承办总数的{share(addressed, data.total)}%"
        )
        others = {}
        for c in data.categories:
            if c.semantic_type not in ADDRESSED_TYPES and c.count:
                others[c.semantic_type] = others.get(c.semantic_type, 0) + c.count
        for semantic_type, count in others.items():
            text += f"；{SEMANTIC_TYPE_LABELS.get(semantic_type, semantic_type)}的{count}件"
        lines.append(text + "。")
    return lines


def joint_paragraph(data: HandlingReportData) -> str:
    """``multi_unit`` counts every item with several units, those handled separately (分别办理) too: the
    rest are the items one unit handled alone."""
    if not data.multi_unit:
        return f"{data.total}件{data.kind_label}均由一个单位单独办理。"
    single = data.total - data.multi_unit
    return (
        f"{data.total}件{data.kind_label}中，{data.multi_unit}件涉及多个部门的职责，由主办单位牵头、"
        "会办单位协同办理，或由各承办单位按职责分别办理、分别答复：会办单位在规定期限内向主办单位提出会办意见，"
        f"意见分歧在答复前协商一致，再由主办单位统一答复；其余{single}件由一个单位单独办理。"
    )


def key_item_paragraphs(data: HandlingReportData) -> list[str]:
    short = data.kind_label[-2:]
    selected = data.key_items_selected_by or "本年度"
    lines = [
        f"{selected}确定的{len(data.key_items)}件重点{short}，由承办单位主要负责人牵头，集中力量研究办理、"
        "跟踪落实。主要成效如下："
    ]
    for i, item in enumerate(data.key_items, start=1):
        lines.append(f"（{cn_number(i)}）《{clean(item.title)}》（第{item.number}号）。{clean(item.outcome)}")
    return lines


def evaluation_paragraphs(data: HandlingReportData) -> list[str]:
    if not data.total:
        return []
    if data.on_time == data.total:
        lines = [f"全部{data.total}件均在规定期限内答复，按期答复率为100.00%。"]
    else:
        lines = [f"按期答复{data.on_time}件，按期答复率为{share(data.on_time, data.total)}%。"]
    s = data.satisfaction
    if s is not None and s.evaluated:
        good = s.satisfied + s.basically_satisfied
        text = (
            f"已评价的{s.evaluated}件中，满意{s.satisfied}件、基本满意{s.basically_satisfied}件、"
            f"不满意{s.dissatisfied}件，满意和基本满意的占{share(good, s.evaluated)}%"
        )
        text += f"；评为不满意的{s.dissatisfied}件已重新办理。" if s.dissatisfied else "。"
        lines.append(text)
    elif s is not None:
        lines.append("尚未收到评价。")
    return lines


def body(data: HandlingReportData, rows: list[CategoryRow]) -> list[str]:
    sections: list[tuple[str, list[str]]] = [
        ("办理结果分类", scheme_paragraphs(data)),
        ("联合办理情况", [joint_paragraph(data)]),
    ]
    if data.key_items:
        sections.append((f"重点{data.kind_label[-2:]}办理成效", key_item_paragraphs(data)))
    sections.append(("办理时效和评价", evaluation_paragraphs(data)))
    if data.units:
        sections.append(
            (
                "各承办单位办理情况",
                [f"{len(data.units)}个承办单位的承办、答复和评价情况见附表2，各单位的办理结果分类见附表3。"],
            )
        )
    lines = [headline(data, rows)]
    for number, (heading, paragraphs) in enumerate((s for s in sections if s[1]), start=1):
        lines.append(f"{cn_number(number)}、{heading}")
        lines.extend(paragraphs)
    return lines


def unit_lines(data: HandlingReportData) -> list[UnitLine]:
    codes = [c.code for c in data.categories]
    lines = []
    for i, u in enumerate(data.units, start=1):
        counts = [u.by_category.get(code, 0) for code in codes]
        lines.append(
            UnitLine(
                i,
                clean(u.unit),
                u.items,
                u.lead,
                u.co,
                u.replied_on_time,
                u.satisfied,
                u.basically_satisfied,
                u.dissatisfied,
                counts,
                sum(counts),
            )
        )
    return lines


def totals(lines: list[UnitLine]) -> UnitLine:
    fields = ["items", "lead", "co", "replied_on_time", "satisfied", "basically_satisfied", "dissatisfied"]
    sums = {f: sum(getattr(line, f) for line in lines) for f in fields}
    return UnitLine(0, "合计", **sums, by_category=[], answered=sum(line.answered for line in lines))


def report_context(data: HandlingReportData) -> dict[str, Any]:
    """The variables a handling-report template may use."""
    rows = category_rows(data)
    units = unit_lines(data)
    paragraphs: list[Paragraph] = [paragraph(clean(p)) for p in body(data, rows)]
    return {
        "title": clean(data.title) or f"关于{data.source}{data.kind_label}办理情况的报告",
        "paragraphs": paragraphs,
        "scheme_name": clean(data.scheme_name) or "本年度分类",
        "categories": list(data.categories),
        "category_rows": rows,
        "total": data.total,
        "total_percent": sum((r.percent for r in rows), Decimal("0.00")),
        "answered": data.answered,
        "units": units,
        "unit_totals": totals(units),
        "author": clean(data.author),
        "date_text": cn_date(data.date) if data.date else "",
    }
