"""接口令牌: a user's personal token for the REST API. Only a SHA-256 of the token is stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ApiToken(models.Model):
    """A bearer token of one user. The token itself is shown once, when it is made; the database keeps
    its SHA-256 only, so a copy of the database does not give access. Revoked and expired tokens stay
    (with their dates) as a record of who had access when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="用户", on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=60, help_text="如：市政务服务平台对接")
    key_hash = models.CharField("令牌摘要", max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    expires_at = models.DateTimeField("有效期至")
    revoked = models.BooleanField("已吊销", default=False)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "接口令牌"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "revoked"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(revoked=False) | Q(revoked_at__isnull=False), name="revoked_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"
