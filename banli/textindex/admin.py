"""管理后台: the domain terms of the segmentation dictionary."""

from __future__ import annotations

from django.contrib import admin

from banli.textindex.models import Term


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("word", "freq", "note", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("word", "note")
    readonly_fields = ("created_at", "updated_at")
