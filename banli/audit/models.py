"""The audit trail: an append-only, hash-chained log of who did what, when and from where.

Each :class:`AuditRecord` stores the SHA-256 of its own content together with the hash of the record
before it, so editing or removing any record breaks the chain (``manage.py verify_audit``). Ids are
given out one by one under the chain's lock, without gaps, so a missing record is known by its id.
The table refuses UPDATE and DELETE at the database level (migration 0002), except the deletion of
records at or below the purge anchor kept in :class:`ChainHead`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    LOGIN = "login", "登录"
    LOGIN_FAILED = "login_failed", "登录失败"
    LOCKED_OUT = "locked_out", "账号锁定"
    LOGOUT = "logout", "退出登录"
    OTP_ENROLLED = "otp_enrolled", "绑定动态口令"
    OTP_VERIFIED = "otp_verified", "动态口令验证通过"
    OTP_FAILED = "otp_failed", "动态口令错误"
    PASSWORD_CHANGED = "password_changed", "修改密码"
    CREATE = "create", "新增"
    UPDATE = "update", "修改"
    DELETE = "delete", "删除"
    EVENT = "event", "业务操作"
    ADMIN = "admin", "后台操作"
    DOWNLOAD = "download", "下载附件"
    EXPORT = "export", "导出台账"
    IMPORT = "import", "批量导入"
    BACKUP = "backup", "备份"
    RESTORE = "restore", "恢复"
    PURGE = "purge", "清理过期审计记录"


class AuditRecord(models.Model):
    """One audited act. Written only by :func:`banli.audit.log.audit`; never changed afterwards."""

    id = models.BigIntegerField("序号", primary_key=True)
    created_at = models.DateTimeField("时间", db_index=True)
    # No database constraint: the record outlives the account, and must never be touched by a cascade.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField("账号", max_length=150, blank=True)
    capacity = models.CharField("身份", max_length=200, blank=True)
    action = models.CharField("操作", max_length=30, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField("对象类型", max_length=100, blank=True)
    object_id = models.CharField("对象编号", max_length=64, blank=True)
    object_label = models.CharField("对象", max_length=200, blank=True)
    detail = models.JSONField("详情", default=dict, blank=True)
    ip = models.CharField("IP地址", max_length=45, blank=True)
    user_agent = models.CharField("浏览器", max_length=300, blank=True)
    prev_hash = models.CharField("前一条哈希", max_length=64, blank=True)
    hash = models.CharField("哈希", max_length=64, unique=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计记录"
        ordering = ["-id"]
        indexes = [models.Index(fields=["actor", "created_at"])]

    def __str__(self) -> str:
        return f"#{self.id} {self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.get_action_display()}"


class ChainHead(models.Model):
    """The single row (pk 1) that appends lock: the last record's id and hash, and the purge anchor.

    ``anchor_id``/``anchor_hash`` are the id and hash of the last record removed by ``purge_audit``: the
    first remaining record must follow them. The database lets only records up to the anchor be deleted.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, blank=True)
    anchor_id = models.BigIntegerField(default=0)
    anchor_hash = models.CharField(max_length=64, blank=True)
    anchored_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_id}"
