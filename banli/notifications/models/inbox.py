"""The in-app inbox (always on) and the channels each user chooses besides it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

#: labels of the kinds of message, by prefix (a kind "reminder.warning" shows as 期限提醒)
KIND_LABELS = {
    "reminder.warning": "期限提醒",
    "reminder.overdue": "逾期提醒",
    "event": "办理动态",
}


class Notification(models.Model):
    """One message in one user's inbox. Written by :func:`banli.notifications.services.notify` only."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="接收人",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    kind = models.CharField("类型", max_length=40, help_text="如 reminder.warning、reminder.overdue")
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=300, blank=True)
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="建议提案",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField("时间", default=timezone.now)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # the badge on every page counts these: a small partial index keeps it cheap
            models.Index(fields=["recipient"], name="notification_unread", condition=Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def kind_label(self) -> str:
        for prefix, label in KIND_LABELS.items():
            if self.kind == prefix or self.kind.startswith(prefix + "."):
                return label
        return "通知"


class EmailMode(models.TextChoices):
    OFF = "off", "不发送邮件"
    IMMEDIATE = "immediate", "每条消息即时发送邮件"
    DIGEST = "digest", "每天汇总发送一封邮件"


class NotificationPreference(models.Model):
    """The channels a user wants besides the inbox. A user without a row has the defaults below."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="notification_preference",
    )
    email = models.CharField(
        "电子邮件", max_length=10, choices=EmailMode.choices, default=EmailMode.IMMEDIATE
    )
    sms = models.BooleanField("短信", default=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "消息接收设置"

    def __str__(self) -> str:
        return f"{self.user} {self.get_email_display()}{'、短信' if self.sms else ''}"
