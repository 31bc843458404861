"""考核: a scheme of indicators and weights per jurisdiction and year, third-party assessments of items,
and the excellent suggestions selected each year."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models


class Indicator(models.TextChoices):
    """What a unit is scored on; each is computed from the data (``supervision.appraisal``)."""

    ON_TIME = "on_time", "按期答复率"
    CONTACT = "contact", "答复前沟通率"
    SATISFACTION = "satisfaction", "满意率"
    RETURNED = "returned", "退回重办"
    COMMITMENTS = "commitments", "承诺兑现率"


#: The indicators and weights a new scheme starts from (points out of 100; 2 points off per 退回重办).
DEFAULT_WEIGHTS: dict[str, tuple[int, Decimal]] = {
    Indicator.ON_TIME: (30, Decimal(0)),
    Indicator.CONTACT: (20, Decimal(0)),
    Indicator.SATISFACTION: (30, Decimal(0)),
    Indicator.RETURNED: (10, Decimal(2)),
    Indicator.COMMITMENTS: (10, Decimal(0)),
}


class AppraisalScheme(models.Model):
    """考核方案: the indicators and weights units of a jurisdiction are scored on for one year."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("考核年度")
    title = models.CharField("名称", max_length=80)
    excellence_percent = models.PositiveSmallIntegerField(
        "优秀建议提案比例（%）",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text="按当年立案数的比例确定评选名额",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "考核方案"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "year"], name="appraisal_scheme_per_year")
        ]

    def __str__(self) -> str:
        return self.title


class AppraisalIndicator(models.Model):
    """One indicator of a scheme: a rate earns ``weight × rate`` points; 退回重办 takes ``penalty`` points
    per return off its ``weight``, down to zero."""

    scheme = models.ForeignKey(AppraisalScheme, on_delete=models.CASCADE, related_name="indicators")
    indicator = models.CharField("指标", max_length=14, choices=Indicator.choices)
    weight = models.PositiveSmallIntegerField("分值", validators=[MaxValueValidator(100)])
    penalty = models.DecimalField(
        "每次扣分", max_digits=5, decimal_places=2, default=Decimal(0), help_text="仅用于退回重办"
    )

    class Meta:
        verbose_name = verbose_name_plural = "考核指标"
        ordering = ["scheme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "indicator"], name="indicator_once_per_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.weight}分"


class AssessmentConclusion(models.TextChoices):
    SOLVED = "solved", "已解决"
    BASICALLY_SOLVED = "basically_solved", "基本解决"
    CONTINUE = "continue", "继续办理"
    UNSOLVED = "unsolved", "未解决"


class Assessment(models.Model):
    """第三方评估: an outside organisation's assessment of how an item was handled."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="建议提案",
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    assessor = models.CharField("评估机构", max_length=100)
    assessed_on = models.DateField("评估日期")
    conclusion = models.CharField("评估结论", max_length=20, choices=AssessmentConclusion.choices)
    report = models.TextField("评估报告")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "第三方评估"
        ordering = ["-assessed_on", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "assessed_on"])]

    def __str__(self) -> str:
        return f"{self.assessor} {self.get_conclusion_display()}"


class Excellence(models.Model):
    """优秀建议提案: an item of the year selected by the registry, with the reason."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", verbose_name="建议提案", on_delete=models.CASCADE, related_name="excellence"
    )
    year = models.PositiveSmallIntegerField("年度")
    reason = models.TextField("评选理由")
    chosen_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chosen_at = models.DateTimeField("评选时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "优秀建议提案"
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "year"], name="excellent_once_a_year")]
        indexes = [models.Index(fields=["jurisdiction", "year"])]

    def __str__(self) -> str:
        return f"{self.year} {self.submission}"
