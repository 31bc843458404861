"""Deadlines: one row per duty owed on an object, with the rule it was computed from."""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q


class Duty(models.TextChoices):
    COSIGN = "cosign", "联名确认"
    SIGN_RECEIPT = "sign_receipt", "签收"
    ADJUSTMENT = "adjustment", "申请调整"
    ADJUSTMENT_DECISION = "adjustment_decision", "调整审定"
    OPINION = "opinion", "会办意见"
    REPLY = "reply", "答复"
    REHANDLING = "rehandling", "重新办理"
    EVALUATION = "evaluation", "满意度评价"
    PUBLICATION = "publication", "答复公开"
    COMMITMENT = "commitment", "承诺事项"
    FOLLOW_UP = "follow_up", "跟踪办理"


class DeadlineUnit(models.TextChoices):
    DAYS = "days", "自然日"
    WORKING_DAYS = "working_days", "工作日"
    MONTHS = "months", "月"
    FIXED = "fixed", "固定日期"


class Deadline(models.Model):
    """A due date for a duty on an object (an assignment, a submission, a commitment…).

    The rule (start, amount, unit or fixed date) is stored with the result so that a change of the
    calendar recomputes every open deadline. Overdue is derived from due_on, never stored.
    """

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.CASCADE, related_name="deadlines"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    duty = models.CharField("事项", max_length=24, choices=Duty.choices)
    round = models.PositiveSmallIntegerField("轮次", default=1)
    start_on = models.DateField("起算日")
    amount = models.PositiveIntegerField("期限", default=0)
    unit = models.CharField("单位", max_length=14, choices=DeadlineUnit.choices)
    fixed_on = models.DateField("固定日期", null=True, blank=True)
    due_on = models.DateField("截止日期")
    provisional = models.BooleanField("暂定", default=False, help_text="涉及尚未确认放假安排的年份")
    follows_policy = models.BooleanField(
        "随规则变化",
        default=False,
        help_text="按办理规则计算；规则修改时重新计算。批准延期等个别确定的期限不随规则变化",
    )
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "期限"
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "duty", "round"], name="deadline_unique_duty_round"
            ),
            models.CheckConstraint(
                condition=~Q(unit="fixed") | Q(fixed_on__isnull=False), name="fixed_has_date"
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], name="deadline_open_due", condition=Q(closed_at__isnull=True)),
            # "Overdue" and due dates are EXISTS/subqueries per listed row over the few open deadlines:
            # probing this small index instead of every deadline an object ever had keeps lists flat.
            models.Index(
                fields=["content_type", "object_id", "round"],
                name="deadline_open_object",
                condition=Q(closed_at__isnull=True),
            ),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_duty_display()} {self.due_on}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
