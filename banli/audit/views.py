"""审计日志: the auditor's page over the audit trail, with filters, pages and an Excel export."""

from __future__ import annotations

import json

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from banli.audit.models import AuditAction
from banli.audit.selectors import AuditFilterForm, audit_records
from banli.core.exports import Column, describe_filters, xlsx_response
from banli.core.lists import paged
from banli.core.policies import can

SORTS = {"id": "id"}
EXPORT_COLUMNS = [
    Column("序号", 8),
    Column("时间", 20),
    Column("账号", 14),
    Column("身份", 24),
    Column("操作", 14),
    Column("对象类型", 20),
    Column("对象编号", 10),
    Column("对象", 36),
    Column("IP地址", 16),
    Column("浏览器", 30),
    Column("详情", 60),
    Column("哈希", 20),
]


def _allowed(request: HttpRequest) -> None:
    if not can(request.user, "audit.view"):  # type: ignore[arg-type]
        raise PermissionDenied("只有审计管理员可以查阅审计日志。")


def records_view(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = audit_records(filters)
    if request.GET.get("export") == "xlsx":
        return _export(request, qs, filters)
    listing = paged(request, qs, SORTS, "-id")
    return render(request, "audit/records.html", {"form": form, "listing": listing})


def _export(request: HttpRequest, qs, filters: dict) -> HttpResponse:  # type: ignore[no-untyped-def]
    rows = (
        [
            r.id,
            timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M:%S"),
            r.actor_name,
            r.capacity,
            r.get_action_display(),
            r.object_type,
            r.object_id,
            r.object_label,
            r.ip,
            r.user_agent,
            json.dumps(r.detail, ensure_ascii=False, sort_keys=True),
            r.hash,
        ]
        for r in qs.iterator(chunk_size=2000)
    )
    described = describe_filters(
        [
            ("账号", filters.get("user", "")),
            ("操作", dict(AuditAction.choices).get(filters.get("action", ""), "")),
            ("起始日期", str(filters.get("since") or "")),
            ("截止日期", str(filters.get("until") or "")),
        ]
    )
    return xlsx_response(
        "审计日志.xlsx", "审计日志", EXPORT_COLUMNS, rows, filters=described, user=request.user
    )
