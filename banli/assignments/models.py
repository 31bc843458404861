"""交: which units handle an item, in which role, in which round."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AssignmentRole(models.TextChoices):
    SOLE = "sole", "单独办理"
    LEAD = "lead", "主办"
    CO = "co", "会办"
    SEPARATE = "separate", "分别办理"


class AssignmentState(models.TextChoices):
    PRE_ASSIGNED = "pre_assigned", "预交办"
    ASSIGNED = "assigned", "待签收"
    RECEIVED = "received", "办理中"
    REPLIED = "replied", "已答复"
    CANCELLED = "cancelled", "已撤销"


class Assignment(models.Model):
    """One row per (submission, unit, round). The formal assignment (正式交办) starts the clocks."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="建议提案",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    role = models.CharField("承办方式", max_length=10, choices=AssignmentRole.choices)
    state = models.CharField(
        "状态", max_length=14, choices=AssignmentState.choices, default=AssignmentState.PRE_ASSIGNED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_assignments",
    )
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "交办"
        ordering = ["submission", "round", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "unit", "round"], name="assignment_unique_round"),
        ]
        indexes = [models.Index(fields=["unit", "state"])]

    def __str__(self) -> str:
        return f"{self.submission} → {self.unit}（{self.get_role_display()}）"
