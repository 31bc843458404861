"""管理后台: submissions and number sequences read-only (they change only through the workflow); the
intake rules and the reasons for not registering are configuration."""

from __future__ import annotations

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.submissions.models import IntakePolicy, NumberSequence, RejectionReason, Submission


@admin.register(Submission)
class SubmissionAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "number", "year", "state", "lead_author", "assembly", "is_key")
    list_filter = ("state", "kind", "year", "is_key", "is_confidential", "assembly", "jurisdiction")
    search_fields = ("title", "lead_author__name")
    list_select_related = ("lead_author", "assembly")
    date_hierarchy = "submitted_at"


@admin.register(NumberSequence)
class NumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("assembly", "session", "year", "kind", "last")
    list_filter = ("kind", "year", "assembly")
    list_select_related = ("assembly", "session__assembly")


@admin.register(IntakePolicy)
class IntakePolicyAdmin(admin.ModelAdmin):
    list_display = ("assembly", "year", "motion_min_cosigners", "cosign_days", "max_attachment_mb")
    list_filter = ("assembly",)


@admin.register(RejectionReason)
class RejectionReasonAdmin(admin.ModelAdmin):
    list_display = ("text", "jurisdiction", "sort", "is_active")
    list_filter = ("is_active", "jurisdiction")
    list_editable = ("sort", "is_active")
