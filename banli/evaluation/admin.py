"""管理后台: the rating options are configuration; evaluations are read-only records."""

from __future__ import annotations

from django.contrib import admin

from banli.core.admin import ReadOnlyAdmin
from banli.evaluation.models import Evaluation, RatingOption


@admin.register(RatingOption)
class RatingOptionAdmin(admin.ModelAdmin):
    list_display = ("label", "code", "jurisdiction", "satisfied", "reopens", "sort")
    list_filter = ("jurisdiction",)


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnlyAdmin):
    list_display = ("submission", "member", "rating", "automatic", "created_at")
    list_filter = ("rating", "automatic", "jurisdiction")
    list_select_related = ("submission", "member", "rating")
