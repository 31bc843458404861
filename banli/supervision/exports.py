"""Excel exports of the supervision lists: 领办 and 对口 items with their progress, supervision records,
key topics and third-party assessments. Rows are read in chunks, so a long list never sits in memory."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from banli.core.exports import Column
from banli.submissions.models import Submission
from banli.supervision.models import Assessment, KeyTopic, SupervisionRecord
from banli.supervision.progress import progress_of
from banli.supervision.selectors import records_of

CHUNK = 500

PROGRESS_COLUMNS = [
    Column("件", 30),
    Column("案由", 40),
    Column("状态", 10),
    Column("领办领导", 12),
    Column("承办单位与状态", 44),
    Column("最近期限", 12),
    Column("逾期", 6),
    Column("办理结果", 20),
    Column("代表评价", 14),
]

RECORD_COLUMNS = [
    Column("日期", 12),
    Column("方式", 12),
    Column("记录人", 12),
    Column("身份", 18),
    Column("专题", 24),
    Column("参加人员", 30),
    Column("涉及件", 36),
    Column("督办情况", 60),
]

TOPIC_COLUMNS = [
    Column("年度", 8),
    Column("专题名称", 36),
    Column("督办领导", 12),
    Column("对口委员会", 20),
    Column("状态", 8),
    Column("件数", 8),
    Column("逾期件", 8),
    Column("已办结", 8),
]

ASSESSMENT_COLUMNS = [
    Column("件", 30),
    Column("案由", 40),
    Column("评估机构", 24),
    Column("评估日期", 12),
    Column("评估结论", 12),
    Column("评估报告", 60),
]


def _chunks(qs: QuerySet[Any]) -> Iterator[QuerySet[Any]]:
    """An ordered queryset (pk last, so the order is total), CHUNK rows at a time, up to its count."""
    total = qs.count()
    for start in range(0, total, CHUNK):
        yield qs[start : start + CHUNK]


def progress_rows(qs: QuerySet[Submission]) -> Iterator[list[str]]:
    for chunk in _chunks(qs):
        for p in progress_of(list(chunk)):
            s = p.submission
            dues = [u.due for u in p.units if u.due]
            yield [
                s.reference,
                s.title,
                s.get_state_display(),
                s.lead_leader.display_name if s.lead_leader_id else "",
                "；".join(
                    f"{u.assignment.unit.name}（{u.assignment.get_role_display()}）{u.assignment.get_state_display()}"
                    for u in p.units
                )
                or "尚未交办",
                f"{min(dues):%Y-%m-%d}" if dues else "",
                "是" if p.overdue else "",
                "；".join(str(u.reply.result or "—") for u in p.units if u.reply),
                "；".join(u.rating.rating.label for u in p.units if u.rating),
            ]


def record_rows(qs: QuerySet[SupervisionRecord]) -> Iterator[list[str]]:
    for chunk in _chunks(qs):
        for r in records_of(chunk):
            yield [
                f"{r.held_on:%Y-%m-%d}",
                r.get_kind_display(),
                r.recorded_by.display_name,
                r.recorded_as,
                r.topic.title if r.topic else "",
                r.participants,
                "、".join(s.reference for s in r.items.all()),
                r.notes,
            ]


def topic_rows(qs: QuerySet[KeyTopic]) -> Iterator[list[Any]]:
    for t in qs.iterator(chunk_size=CHUNK):
        yield [
            t.year,
            t.title,
            t.leader.display_name if t.leader_id else "",
            t.committee.name if t.committee_id else "",
            t.get_state_display(),
            t.item_count,
            t.overdue_count,
            t.closed_count,
        ]


def assessment_rows(qs: QuerySet[Assessment]) -> Iterator[list[str]]:
    for a in qs.iterator(chunk_size=CHUNK):
        yield [
            a.submission.reference,
            a.submission.title,
            a.assessor,
            f"{a.assessed_on:%Y-%m-%d}",
            a.get_conclusion_display(),
            a.report,
        ]
