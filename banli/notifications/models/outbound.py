"""Outbound messages (email, SMS, the daily digest) queued in the database and sent by the worker.

A row is claimed with a compare-and-swap update (pending → sending, with a fresh claim token), so
several workers never send one row twice; a claim older than the lease is taken over (the worker died).
A failed send goes back to pending with a later ``next_attempt_at`` (exponential backoff) until the
attempts run out; every failure is recorded in ``last_error``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class OutboundState(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
    SKIPPED = "skipped", "未发送"


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    SMS = "sms", "短信"
    DIGEST = "digest", "每日汇总邮件"


class Outbound(models.Model):
    """What every outbound row has: its state, the claim and the retries."""

    state = models.CharField(
        "状态", max_length=8, choices=OutboundState.choices, default=OutboundState.PENDING
    )
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试", default=timezone.now)
    claimed_at = models.DateTimeField("领取时间", null=True, blank=True)
    claimed_by = models.UUIDField("领取标识", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", default=timezone.now)

    class Meta:
        abstract = True


class Digest(Outbound):
    """The one email of a day listing a user's digest items (one row per user and day)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField("日期")
    batch = models.UUIDField("汇总批次", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "每日汇总邮件"
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_a_day")]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="digest_due",
                condition=Q(state__in=["pending", "sending"]),
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day}"


class Delivery(Outbound):
    """One notification to be sent on one external channel (the inbox needs none)."""

    notification = models.ForeignKey(
        "notifications.Notification", verbose_name="消息", on_delete=models.CASCADE, related_name="deliveries"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="接收人", on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField("渠道", max_length=8, choices=Channel.choices)
    digest = models.ForeignKey(
        Digest,
        verbose_name="汇总邮件",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )

    class Meta:
        verbose_name = verbose_name_plural = "消息发送"
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel")
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="delivery_due",
                condition=Q(state__in=["pending", "sending"]),
            ),
            models.Index(
                fields=["recipient"],
                name="delivery_digest_waiting",
                condition=Q(channel="digest", state="pending", digest__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient_id}"
