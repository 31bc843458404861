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
