"""管理后台: submissions and number sequences, read-only (they change only through the workflow)."""

from __future__ import annotations

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.submissions.models import NumberSequence, Submission


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
