"""管理后台: assignments and adjustment requests read-only (they change only through the workflow);
the handling policy (deadlines and switches) is configuration."""

from __future__ import annotations

from django.contrib import admin

from banli.assignments.models import AdjustmentRequest, Assignment, HandlingPolicy
from banli.core.admin import ReadOnlyAdmin


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("submission", "unit", "role", "round", "state", "handler", "assigned_at", "received_at")
    list_filter = ("state", "role", "round", "jurisdiction")
    search_fields = ("submission__title", "unit__name")
    list_select_related = ("submission", "unit", "handler")
    date_hierarchy = "assigned_at"


@admin.register(AdjustmentRequest)
class AdjustmentRequestAdmin(ReadOnlyAdmin):
    list_display = ("submission", "assignment", "kind", "state", "requested_at", "decided_at")
    list_filter = ("state", "kind", "jurisdiction")
    list_select_related = ("submission", "assignment__unit")


@admin.register(HandlingPolicy)
class HandlingPolicyAdmin(admin.ModelAdmin):
    list_display = ("assembly", "year", "coordinator_step", "reply_amount", "reply_unit", "updated_at")
    list_filter = ("assembly",)
    fieldsets = (
        (None, {"fields": ("assembly", "year", "coordinator_step")}),
        (
            "期限",
            {
                "description": "修改后，按本规则计算的未完成期限会自动重新计算；已批准延期的期限不受影响。",
                "fields": (
                    ("sign_receipt_amount", "sign_receipt_unit"),
                    ("adjustment_amount", "adjustment_unit"),
                    ("opinion_amount", "opinion_unit"),
                    ("reply_amount", "reply_unit"),
                    ("reply_fixed_month", "reply_fixed_day"),
                    "extension_ceiling_months",
                    ("rehandling_amount", "rehandling_unit"),
                    ("evaluation_amount", "evaluation_unit"),
                    ("publication_amount", "publication_unit"),
                ),
            },
        ),
        (
            "办理要求",
            {"fields": ("result_scheme", "require_contact", "coordinator_review", "reply_per_author")},
        ),
    )
