"""The event log: everything that happened to an item, the spine of its timeline."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models


class Event(models.Model):
    """One act on one object: who, in which role, did what, from which state to which, and why.

    Events are written by the workflow engine (and by services for acts that change no state). They
    are never updated or deleted by the application.
    """

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    workflow = models.CharField("流程", max_length=30)
    action = models.CharField("操作", max_length=40)
    action_label = models.CharField("操作名称", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_role = models.CharField("身份", max_length=40, blank=True)
    from_state = models.CharField("原状态", max_length=30, blank=True)
    to_state = models.CharField("新状态", max_length=30, blank=True)
    comment = models.TextField("意见", blank=True)
    payload = models.JSONField("详情", default=dict, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作记录"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["submission", "created_at"]),
            models.Index(fields=["content_type", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action_label}"
