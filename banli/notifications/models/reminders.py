"""Deadline reminders: the policy of a jurisdiction and the ledger of every reminder made."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

DEFAULT_WARNING_DAYS = "7,1"
MAX_WARNING_DAYS = 60


def parse_warning_days(value: str) -> tuple[int, ...]:
    """``"7, 1"`` → ``(7, 1)`` (largest first). Raises ValidationError with a Chinese message."""
    text = (value or "").replace("，", ",").replace("、", ",")
    days: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        if not part.isdigit() or not 1 <= int(part) <= MAX_WARNING_DAYS:
            raise ValidationError(
                f"提前提醒天数须为 1 至 {MAX_WARNING_DAYS} 之间的整数，以逗号分隔，如 7,1。"
            )
        days.add(int(part))
    return tuple(sorted(days, reverse=True))


class ReminderPolicy(models.Model):
    """When a jurisdiction's open duties are reminded. A jurisdiction without a row uses the defaults."""

    jurisdiction = models.OneToOneField(
        "core.Jurisdiction", verbose_name="行政区域", on_delete=models.CASCADE, related_name="reminder_policy"
    )
    warning_days = models.CharField(
        "提前提醒（工作日）",
        max_length=40,
        default=DEFAULT_WARNING_DAYS,
        blank=True,
        help_text="截止日前第几个工作日发出提醒，以逗号分隔，如 7,1；留空则不提前提醒",
    )
    overdue_notice = models.BooleanField(
        "逾期通知", default=True, help_text="截止日后的第一个工作日发出逾期通知"
    )
    overdue_repeat_days = models.PositiveSmallIntegerField(
        "逾期重复提醒间隔（工作日）", default=0, help_text="逾期后每隔多少个工作日再次提醒；0 表示不重复"
    )

    class Meta:
        verbose_name = verbose_name_plural = "期限提醒规则"
        ordering = ["jurisdiction"]

    def __str__(self) -> str:
        return f"{self.jurisdiction} 期限提醒规则"

    def clean(self) -> None:
        self.warning_days = ",".join(str(d) for d in parse_warning_days(self.warning_days))
        if self.overdue_repeat_days and not self.overdue_notice:
            raise ValidationError({"overdue_repeat_days": "重复提醒须先开启逾期通知。"})


class Reminder(models.Model):
    """The ledger: one row per deadline, reminder kind and round, written in the same transaction as
    the inbox notifications it makes, so a reminder is made exactly once however many workers run.

    ``kind`` is ``warning_<n>`` (n working days before the due date), ``overdue`` (first working day
    after it) or ``overdue_repeat_<k>`` (the k-th repeat). ``round`` is the deadline's round.
    """

    deadline = models.ForeignKey(
        "core.Deadline", verbose_name="期限", on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("提醒类型", max_length=24)
    round = models.PositiveSmallIntegerField("轮次")
    due_on = models.DateField("当时的截止日期")
    recipients = models.JSONField("接收人", default=list, help_text="用户编号")
    sweep = models.UUIDField("巡检批次")
    created_at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "期限提醒记录"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["deadline", "kind", "round"], name="reminder_once"),
        ]
        indexes = [models.Index(fields=["sweep"])]

    def __str__(self) -> str:
        return f"{self.deadline_id} {self.kind} 第{self.round}轮"
