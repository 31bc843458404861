"""Excel ledgers of 办: the extension requests (延期台账) and the replies waiting for the office's check.
Rows are produced lazily from ``.iterator()`` so the workbook streams through the write-only writer."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from banli.core.exports import Column
from banli.handling.models import Extension, Reply


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


EXTENSION_COLUMNS = [
    Column("编号", 8),
    Column("案由", 44),
    Column("承办单位", 24),
    Column("原答复期限", 12),
    Column("申请延至", 12),
    Column("批准延至", 12),
    Column("理由", 40),
    Column("状态", 8),
    Column("申请人", 10),
    Column("申请时间", 18),
    Column("审批人", 10),
    Column("审批时间", 18),
]


def extension_rows(qs: QuerySet[Extension]) -> Iterator[list[Any]]:
    for e in qs.iterator(chunk_size=2000):
        yield [
            e.submission.number or "",
            e.submission.title,
            e.assignment.unit.name,
            _day(e.old_due_on),
            _day(e.requested_due_on),
            _day(e.granted_due_on),
            e.reason,
            e.get_state_display(),
            e.requested_by.display_name,
            _when(e.requested_at),
            e.decided_by.display_name if e.decided_by else "",
            _when(e.decided_at),
        ]


REPLY_COLUMNS = [
    Column("编号", 8),
    Column("案由", 44),
    Column("承办单位", 24),
    Column("文号", 20),
    Column("办理结果", 24),
    Column("签发人", 10),
    Column("签发时间", 18),
    Column("退回次数", 8),
]


def reply_rows(qs: QuerySet[Reply]) -> Iterator[list[Any]]:
    for r in qs.iterator(chunk_size=2000):
        yield [
            r.submission.number or "",
            r.submission.title,
            r.assignment.unit.name,
            r.doc_number,
            str(r.result) if r.result else "",
            r.signed_by.display_name if r.signed_by else "",
            _when(r.signed_at),
            r.revision,
        ]
