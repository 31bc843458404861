"""公开: the decision to publish a sent reply (apart from the reply itself), and the yearly reports the
registry publishes. The public portal reads only what these rows say is published."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class PublicationState(models.TextChoices):
    DRAFT = "draft", "待公开"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"


class Publication(models.Model):
    """The public version of one sent reply: a public title and a copy of the reply's text with contact
    details removed automatically and the passages the publishing office marked hidden.

    The reply's own text is never changed: ``redactions`` are character ranges over it (contact details
    found by :mod:`banli.portal.redaction`, and every occurrence of the office's ``phrases``), and
    ``public_text`` is the copy they give, which the portal shows and the search index holds.
    ``source_digest`` is the digest of the reply text the ranges were computed on.
    """

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    reply = models.OneToOneField(
        "handling.Reply", verbose_name="答复", on_delete=models.CASCADE, related_name="publication"
    )
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="建议提案",
        on_delete=models.CASCADE,
        related_name="publications",
    )
    state = models.CharField(
        "状态", max_length=10, choices=PublicationState.choices, default=PublicationState.DRAFT
    )
    title = models.CharField("公开标题", max_length=200)
    public_text = models.TextField("公开正文", blank=True)
    redactions = models.JSONField(
        "隐去范围", default=list, blank=True, help_text="答复原文中隐去的字符范围：[起, 止, 类别]"
    )
    phrases = models.JSONField("人工隐去的文字", default=list, blank=True)
    source_digest = models.CharField("原文摘要", max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="生成人", on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField("公开时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="公开人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="撤回人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawal_reason = models.CharField("撤回理由", max_length=200, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复公开"
        ordering = ["-published_at", "-pk"]
        indexes = [
            models.Index(fields=["state", "published_at"]),
            models.Index(fields=["jurisdiction", "state"]),
            models.Index(fields=["updated_at"], name="publication_updated"),  # the portal's options key
        ]

    def __str__(self) -> str:
        return self.title


def report_path(instance: PublicReport, filename: str) -> str:
    # Stored under the content hash, never under the uploader's file name.
    return f"public_reports/{instance.sha256[:2]}/{instance.sha256}"


class PublicReport(models.Model):
    """办理情况报告 as a file (Word or PDF) for one assembly and year, published on the portal by the
    registry office of that assembly; uploaded by hand or handed over by the report generator."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    assembly = models.ForeignKey("core.Assembly", verbose_name="人大/政协届次", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=120)
    file = models.FileField("文件", upload_to=report_path, max_length=200)
    file_name = models.CharField("文件名", max_length=200)
    mime_type = models.CharField("类型", max_length=100)
    size = models.PositiveBigIntegerField("大小（字节）")
    sha256 = models.CharField(max_length=64)
    is_published = models.BooleanField("已发布", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="发布人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理情况报告"
        ordering = ["-year", "-published_at", "-pk"]
        indexes = [models.Index(fields=["is_published", "year"])]

    def __str__(self) -> str:
        return self.title

    @property
    def extension(self) -> str:
        return "PDF" if self.mime_type == "application/pdf" else "Word"
