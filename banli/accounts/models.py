"""Account security data: the password history and the marker of demo accounts."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PasswordHistory(models.Model):
    """One password an account has had (its hash), and when it was set: for reuse and for expiry."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        on_delete=models.CASCADE,
        related_name="password_history",
    )
    password = models.CharField("密码哈希", max_length=128)
    changed_at = models.DateTimeField("设置时间", db_index=True)

    class Meta:
        verbose_name = verbose_name_plural = "密码历史"
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.changed_at:%Y-%m-%d}"


class DemoAccount(models.Model):
    """An account created by ``load_demo``. Only while ``BANLI_DEMO=1`` (set by ``make run``) is it
    spared the second factor and the password change interval; production never sets that variable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="用户",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "演示账号"

    def __str__(self) -> str:
        return str(self.user_id)
