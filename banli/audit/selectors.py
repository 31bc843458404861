"""Reads of the audit trail for the auditor's page and export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from banli.audit.models import AuditAction, AuditRecord


class AuditFilterForm(forms.Form):
    """The auditor's filters: who (account or name), what, and a date range (both ends included)."""

    user = forms.CharField(label="账号", required=False, max_length=150)
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部操作"), *AuditAction.choices])
    since = forms.DateField(
        label="起始日期", required=False, error_messages={"invalid": "日期格式应为 2025-01-31。"}
    )
    until = forms.DateField(
        label="截止日期", required=False, error_messages={"invalid": "日期格式应为 2025-01-31。"}
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].error_messages["invalid_choice"] = "请选择列表中的操作。"
        for name, field in self.fields.items():
            field.widget.attrs.update(
                {
                    "class": "form-select form-select-sm"
                    if name == "action"
                    else "form-control form-control-sm",
                    "id": f"f-{name}",
                }
            )
        self.fields["since"].widget.input_type = self.fields["until"].widget.input_type = "date"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_records(filters: dict[str, Any]) -> QuerySet[AuditRecord]:
    """Records matching the (cleaned) filters, newest first."""
    qs = AuditRecord.objects.all()
    who = (filters.get("user") or "").strip()
    if who:
        qs = qs.filter(Q(actor_name__icontains=who) | Q(capacity__icontains=who))
    if filters.get("action"):
        qs = qs.filter(action=filters["action"])
    if filters.get("since"):
        qs = qs.filter(created_at__gte=_day_start(filters["since"]))
    if filters.get("until"):
        qs = qs.filter(created_at__lt=_day_start(filters["until"] + dt.timedelta(days=1)))
    return qs.order_by("-id")
