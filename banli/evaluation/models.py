"""评: the authors' evaluation of replies, second replies on items being solved, carry-over to the next
year, and the yearly 回头看 review."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class RatingOption(models.Model):
    """A rating deputies may give (满意 / 基本满意 / 不满意 by default). Rows without a jurisdiction are the
    shared defaults; a jurisdiction that adds its own uses only those."""

    jurisdiction = models.ForeignKey(
        "core.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.CASCADE
    )
    code = models.SlugField("代码", max_length=20)
    label = models.CharField("名称", max_length=20)
    satisfied = models.BooleanField("计为满意", default=True, help_text="满意率统计计入满意（含基本满意）")
    reopens = models.BooleanField("重新办理", default=False, help_text="选择此项时该件退回承办单位重新办理")
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "评价选项"
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="rating_unique_code")]

    def __str__(self) -> str:
        return self.label


class DimensionRating(models.TextChoices):
    GOOD = "good", "满意"
    FAIR = "fair", "基本满意"
    POOR = "poor", "不满意"


class Evaluation(models.Model):
    """满意度评价: one author's rating of one sent reply (one per recipient)."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="evaluations"
    )
    reply = models.ForeignKey(
        "handling.Reply", verbose_name="答复", on_delete=models.CASCADE, related_name="evaluations"
    )
    recipient = models.OneToOneField(
        "handling.ReplyRecipient",
        verbose_name="答复对象",
        on_delete=models.CASCADE,
        related_name="evaluation",
    )
    member = models.ForeignKey(
        "core.Member", verbose_name="评价人", on_delete=models.PROTECT, related_name="+"
    )
    rating = models.ForeignKey(RatingOption, verbose_name="评价", on_delete=models.PROTECT, related_name="+")
    contact_made = models.BooleanField("承办单位办理前与本人沟通", null=True, blank=True)
    attitude = models.CharField("办理态度", max_length=6, choices=DimensionRating.choices, blank=True)
    relevance = models.CharField("答复针对性", max_length=6, choices=DimensionRating.choices, blank=True)
    comment = models.TextField("意见", blank=True)
    automatic = models.BooleanField("逾期未评价按规则认定", default=False)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "满意度评价"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "created_at"])]

    def __str__(self) -> str:
        return f"{self.member} {self.rating}"


class FollowUpState(models.TextChoices):
    DRAFT = "draft", "起草中"
    SIGNING = "signing", "待签发"
    SENT = "sent", "已答复"


class FollowUp(models.Model):
    """二次答复: on an item answered as being solved or planned, the unit reports progress and may change
    the result (e.g. from 列入计划 to 已解决)."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="follow_ups"
    )
    reply = models.ForeignKey(
        "handling.Reply", verbose_name="原答复", on_delete=models.CASCADE, related_name="follow_ups"
    )
    state = models.CharField("状态", max_length=8, choices=FollowUpState.choices, default=FollowUpState.DRAFT)
    result = models.ForeignKey(
        "handling.ResultCategory", verbose_name="办理结果", null=True, blank=True, on_delete=models.PROTECT
    )
    text = models.TextField("答复正文", blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField("答复时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "二次答复"
        ordering = ["submission", "created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["reply"], name="one_open_follow_up", condition=~Q(state="sent")),
        ]

    def __str__(self) -> str:
        return f"《{self.submission}》二次答复"


class CarryOver(models.Model):
    """跨年度 / 滚动办理: an unfinished item handled again in the next year, with its history."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="carry_overs"
    )
    from_year = models.PositiveSmallIntegerField("原年度")
    to_year = models.PositiveSmallIntegerField("转入年度")
    reason = models.CharField("原因", max_length=100)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "跨年度办理"
        constraints = [models.UniqueConstraint(fields=["submission", "to_year"], name="carry_over_once")]
        indexes = [models.Index(fields=["jurisdiction", "to_year"])]

    def __str__(self) -> str:
        return f"{self.submission} {self.from_year}→{self.to_year}"


class ReviewCampaign(models.Model):
    """回头看: a yearly campaign that checks past promises, unit by unit."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    title = models.CharField("名称", max_length=80)
    years = models.CharField("复查年度", max_length=40, help_text="如：2024,2025")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "回头看"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def year_list(self) -> list[int]:
        return [int(y) for y in self.years.replace("，", ",").split(",") if y.strip().isdigit()]


class ReviewCheck(models.TextChoices):
    VERIFY_SOLVED = "verify", "核实落实情况（已解决）"
    TRACK_PROGRESS = "track", "跟踪推进情况（正在解决/计划解决）"
    REEXAMINE = "reexamine", "复查有无新的解决途径（留作参考）"


class ReviewItem(models.Model):
    """One line of a unit's 回头看 checklist and its recorded outcome."""

    campaign = models.ForeignKey(ReviewCampaign, on_delete=models.CASCADE, related_name="items")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="review_items"
    )
    unit = models.ForeignKey("core.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+")
    check_kind = models.CharField("复查内容", max_length=10, choices=ReviewCheck.choices)
    outcome = models.TextField("复查结果", blank=True)
    resolved = models.BooleanField("已落实/已解决", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("记录时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "回头看清单"
        ordering = ["campaign", "unit", "submission"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "submission", "unit"], name="review_item_once")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.submission}"
