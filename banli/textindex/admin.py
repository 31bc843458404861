"""管理后台: the domain terms of the segmentation dictionary, the keyword → unit table of the
recommender, and its trained models (read-only)."""

from __future__ import annotations

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.textindex.models import RecommenderModel, Term, UnitKeyword


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ("word", "freq", "note", "is_active", "updated_at")
    list_filter = ("is_active",)
    search_fields = ("word", "note")
    readonly_fields = ("created_at", "updated_at")


@admin.register(UnitKeyword)
class UnitKeywordAdmin(admin.ModelAdmin):
    """分办关键词: what the recommender proposes where there is no history yet."""

    list_display = ("keyword", "unit", "weight", "jurisdiction", "updated_at")
    list_filter = ("jurisdiction",)
    search_fields = ("keyword", "unit__name", "unit__short_name")
    list_select_related = ("unit", "jurisdiction")
    autocomplete_fields = ("unit",)
    ordering = ("jurisdiction", "keyword", "unit__sort")


@admin.register(RecommenderModel)
class RecommenderModelAdmin(ReadOnlyAdmin):
    """智能分办模型: written by ``manage.py train_recommender`` only."""

    list_display = ("jurisdiction", "version", "trained_at", "sample_count", "unit_count", "seconds", "size")
    fields = (
        "jurisdiction", "version", "method", "format", "dictionary", "trained_at", "sample_count",
        "unit_count", "last_assignment_id", "seconds", "size",
    )  # fmt: skip
    readonly_fields = fields
    list_select_related = ("jurisdiction",)

    @admin.display(description="数据大小（KB）")
    def size(self, obj: RecommenderModel) -> int:
        return round(len(obj.arrays or b"") / 1024)
