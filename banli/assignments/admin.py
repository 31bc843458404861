"""管理后台: assignments, read-only (they change only through the workflow)."""

from __future__ import annotations

from django.contrib import admin

from banli.assignments.models import Assignment
from banli.core.admin import ReadOnlyAdmin


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ("submission", "unit", "role", "round", "state", "handler", "assigned_at", "received_at")
    list_filter = ("state", "role", "round", "jurisdiction")
    search_fields = ("submission__title", "unit__name")
    list_select_related = ("submission", "unit", "handler")
    date_hierarchy = "assigned_at"
