"""整改清单: what the registry or the coordinating office records in answer to the standing committee's
review of the year's handling (seed 002), one row per problem, exported in exactly its columns."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class RectificationItem(models.Model):
    """One line of a jurisdiction's rectification list for a year (主要方面 … 整改期限)."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    aspect = models.CharField(
        "主要方面", max_length=200, help_text="如：一、少数承办单位对办理工作认识不深、办法不多"
    )
    problem = models.TextField("重点问题")
    advice = models.TextField("意见建议")
    measures = models.TextField("整改措施")
    responsible = models.CharField("责任单位", max_length=200, help_text="如：区政府办公室 各承办单位")
    period = models.CharField("整改期限", max_length=60, help_text="如：持续推进、2025年6月底前")
    sort = models.PositiveIntegerField("排序", default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "整改清单"
        ordering = ["jurisdiction", "-year", "sort", "id"]
        indexes = [models.Index(fields=["jurisdiction", "year", "sort"])]

    def __str__(self) -> str:
        return f"{self.year}年 {self.aspect}"


class Measures(models.Model):
    """What an item's measures and a unit's on it have in common (see ``ItemMeasures``)."""

    answered = models.BooleanField("已答复")
    late_closed = models.BooleanField("逾期完成")
    open_due = models.DateField("最早未完成答复期限", null=True)
    result = models.ForeignKey(
        "handling.ResultCategory",
        verbose_name="办理结果",
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    rating = models.ForeignKey(
        "evaluation.RatingOption", verbose_name="评价", null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class ItemMeasures(Measures):
    """What the statistics count of one item (``measures``), stored so the dashboards group them with
    joins instead of evaluating the definitions per row. Kept by ``reports.summary`` whenever a write
    touches the item; ``manage.py refresh_figures`` rebuilds the whole table.

    "Late" changes with the date without any write, so it is stored as what does not: an answering
    deadline done late (``late_closed``) and the earliest open one's due date (``open_due``); an item is
    late when ``late_closed`` or ``open_due`` is before today."""

    submission = models.OneToOneField(
        "submissions.Submission", primary_key=True, on_delete=models.CASCADE, related_name="measures"
    )
    unit_count = models.PositiveSmallIntegerField("承办单位数")

    class Meta:
        verbose_name = verbose_name_plural = "统计指标（事项）"

    def __str__(self) -> str:
        return f"统计指标 {self.submission_id}"


class UnitMeasures(Measures):
    """What the statistics count of one unit on one item (every unit that ever had an assignment on
    it): whether it handles it in a formal assignment as answering unit or co-handler, whether it replied
    and in time, its current result and the lead author's latest rating of its replies."""

    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="unit_measures"
    )
    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    answering = models.BooleanField("主办/单独/分别办理")
    co = models.BooleanField("会办")

    class Meta:
        verbose_name = verbose_name_plural = "统计指标（单位）"
        constraints = [models.UniqueConstraint(fields=["submission", "unit"], name="unit_measures_once")]
        indexes = [models.Index(fields=["unit", "submission"])]

    def __str__(self) -> str:
        return f"统计指标 {self.submission_id}/{self.unit_id}"


class FiguresVersion(models.Model):
    """Which state a jurisdiction's figures of a year are in: ``token`` is set anew (at random) by every
    refresh of the summary table that touches one of the year's items, so whatever was computed from
    those figures can be kept in the cache under the tokens it read (``reports.cache``). The row with
    jurisdiction and year 0 changes with the names and rules every figure is shown with (units,
    categories, sessions, roles…). A random token rather than a counter: a database restored from a
    backup or a transaction rolled back can never bring a token back to stand for another state."""

    jurisdiction_id = models.PositiveIntegerField("行政区域")  # 0: every jurisdiction
    year = models.PositiveSmallIntegerField("年度")  # 0: every year
    token = models.BigIntegerField("版本")

    class Meta:
        verbose_name = verbose_name_plural = "统计数据版本"
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction_id", "year"], name="figures_version_once")
        ]

    def __str__(self) -> str:
        return f"统计数据版本 {self.jurisdiction_id}/{self.year}"
