"""管理后台: result schemes and 文号 patterns are configuration; replies, opinions and extensions change
only through the workflow and are shown read-only."""

from __future__ import annotations

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.handling.models import DocNumberPattern, Extension, Opinion, Reply, ResultCategory, ResultScheme


class ResultCategoryInline(admin.TabularInline):
    model = ResultCategory
    extra = 0
    fields = ("code", "name", "semantic_type", "sort")


@admin.register(ResultScheme)
class ResultSchemeAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "jurisdiction", "sort")
    list_filter = ("jurisdiction",)
    inlines = [ResultCategoryInline]


@admin.register(DocNumberPattern)
class DocNumberPatternAdmin(admin.ModelAdmin):
    list_display = ("unit", "pattern")
    search_fields = ("unit__name", "pattern")
    list_select_related = ("unit",)


@admin.register(Reply)
class ReplyAdmin(ReadOnlyAdmin):
    list_display = ("submission", "assignment", "round", "state", "result", "doc_number", "sent_at")
    list_filter = ("state", "jurisdiction")
    search_fields = ("submission__title", "doc_number")
    list_select_related = ("submission", "assignment__unit", "result")


@admin.register(Opinion)
class OpinionAdmin(ReadOnlyAdmin):
    list_display = ("submission", "assignment", "state", "sent_at")
    list_filter = ("state",)
    list_select_related = ("submission", "assignment__unit")


@admin.register(Extension)
class ExtensionAdmin(ReadOnlyAdmin):
    list_display = ("submission", "assignment", "old_due_on", "requested_due_on", "granted_due_on", "state")
    list_filter = ("state",)
    list_select_related = ("submission", "assignment__unit")
