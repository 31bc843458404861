"""Excel ledgers of 交: the units' inbox, each unit's assignment notice (交办清单), the assignment
meeting list (交办会) and the adjustment requests. Rows are produced lazily so the workbook streams
through the write-only writer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.utils import timezone

from banli.assignments.models import LIVE_STATES, ROLE_ORDER, AdjustmentRequest, Assignment, AssignmentRole
from banli.core.exports import Column, xlsx_response
from banli.core.models import User
from banli.submissions.models import Submission


def _day(value: Any) -> str:
    return f"{value:%Y-%m-%d}" if value else ""


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


INBOX_COLUMNS = [
    Column("编号", 8),
    Column("案由", 48),
    Column("承办单位", 24),
    Column("承办方式", 10),
    Column("状态", 10),
    Column("经办人", 10),
    Column("交办时间", 18),
    Column("签收时间", 18),
    Column("签收期限", 12),
    Column("答复/会办期限", 14),
]


def inbox_rows(qs: QuerySet[Assignment]) -> Iterator[list[Any]]:
    for a in qs.iterator(chunk_size=2000):
        yield [
            a.submission.number or "",
            a.submission.title,
            a.unit.name,
            a.get_role_display(),
            a.get_state_display(),
            a.handler.display_name if a.handler else "",
            _when(a.assigned_at),
            _when(a.received_at),
            _day(getattr(a, "sign_due", None)),
            _day(getattr(a, "answer_due", None)),
        ]


NOTICE_COLUMNS = [
    Column("序号", 6),
    Column("编号", 8),
    Column("类型", 6),
    Column("案由", 46),
    Column("领衔人", 10),
    Column("代表团/界别", 14),
    Column("承办方式", 10),
    Column("其他承办单位", 30),
    Column("交办日期", 12),
    Column("签收期限", 12),
    Column("答复/会办期限", 14),
    Column("重点", 6),
]


def notice_rows(qs: QuerySet[Assignment]) -> Iterator[list[Any]]:
    """One row per item of the unit, naming the other units of the same round and their roles."""
    others = Prefetch(
        "submission__assignments",
        queryset=Assignment.objects.filter(state__in=LIVE_STATES)
        .select_related("unit")
        .order_by(ROLE_ORDER, "pk"),
        to_attr="live",
    )
    for index, a in enumerate(qs.prefetch_related(others), start=1):
        sub = a.submission
        partners = "、".join(
            f"{o.unit.name}（{o.get_role_display()}）"
            for o in sub.live
            if o.pk != a.pk and o.round == a.round
        )
        yield [
            index,
            sub.number or "",
            sub.get_kind_display(),
            sub.title,
            sub.lead_author.name,
            sub.lead_author.group,
            a.get_role_display(),
            partners,
            _day(timezone.localtime(a.assigned_at).date() if a.assigned_at else None),
            _day(getattr(a, "sign_due", None)),
            _day(getattr(a, "answer_due", None)),
            "是" if sub.is_key else "",
        ]


def notice_response(unit_name: str, qs: QuerySet[Assignment], user: User, filters: str) -> HttpResponse:
    title = f"{unit_name}交办清单"
    return xlsx_response(f"{title}.xlsx", title, NOTICE_COLUMNS, notice_rows(qs), filters=filters, user=user)


MEETING_COLUMNS = [
    Column("编号", 8),
    Column("类型", 6),
    Column("案由", 46),
    Column("领衔人", 10),
    Column("代表团/界别", 14),
    Column("分类", 12),
    Column("办理系统", 10),
    Column("办理方式", 12),
    Column("主办（单独）单位", 24),
    Column("会办单位", 30),
    Column("状态", 10),
    Column("重点", 6),
]


def meeting_rows(subs: Iterable[Submission]) -> Iterator[list[Any]]:
    for sub in subs:
        live = [a for a in sub.live if a.round == sub.round]
        answering = [a for a in live if a.role != AssignmentRole.CO]
        co = [a for a in live if a.role == AssignmentRole.CO]
        yield [
            sub.number or "",
            sub.get_kind_display(),
            sub.title,
            sub.lead_author.name,
            sub.lead_author.group,
            sub.category.name if sub.category else "",
            sub.system_label,
            sub.get_handling_mode_display(),
            "、".join(a.unit.name for a in answering),
            "、".join(a.unit.name for a in co),
            sub.get_state_display(),
            "是" if sub.is_key else "",
        ]


def live_assignments_prefetch() -> Prefetch:
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.filter(state__in=LIVE_STATES)
        .select_related("unit")
        .order_by(ROLE_ORDER, "pk"),
        to_attr="live",
    )


ADJUSTMENT_COLUMNS = [
    Column("编号", 8),
    Column("案由", 44),
    Column("申请单位", 24),
    Column("申请事项", 24),
    Column("建议承办单位", 20),
    Column("理由", 40),
    Column("申请人", 10),
    Column("申请时间", 18),
    Column("状态", 8),
    Column("审定人", 10),
    Column("审定时间", 18),
]


def adjustment_rows(qs: QuerySet[AdjustmentRequest]) -> Iterator[list[Any]]:
    for r in qs.iterator(chunk_size=2000):
        yield [
            r.submission.number or "",
            r.submission.title,
            r.assignment.unit.name,
            r.get_kind_display(),
            r.suggested_unit.name if r.suggested_unit else "",
            r.reason,
            r.requested_by.display_name,
            _when(r.requested_at),
            r.get_state_display(),
            r.decided_by.display_name if r.decided_by else "",
            _when(r.decided_at),
        ]
