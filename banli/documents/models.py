"""Administrator-replaceable document templates (答复函, 会办意见, 办理情况报告)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q


class TemplateKind(models.TextChoices):
    REPLY_LETTER = "reply_letter", "答复函"
    OPINION = "opinion", "会办意见"
    HANDLING_REPORT = "handling_report", "办理情况报告"


def template_path(instance: DocumentTemplate, filename: str) -> str:
    # Never the uploader's file name: a fresh name under MEDIA_ROOT, outside the web root.
    return f"document_templates/{instance.kind}/{uuid.uuid4().hex}.docx"


class DocumentTemplate(models.Model):
    """A .docx with docxtpl tags that replaces the shipped default for one kind of document.

    At most one is active per jurisdiction and kind; one without a jurisdiction applies to every
    jurisdiction that has none of its own.
    """

    jurisdiction = models.ForeignKey(
        "core.Jurisdiction",
        verbose_name="行政区域",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="留空则适用于所有未单独设置模板的行政区域",
    )
    kind = models.CharField("文档类型", max_length=20, choices=TemplateKind.choices)
    name = models.CharField("说明", max_length=100, help_text="如：2025年起使用的答复函模板")
    file = models.FileField("模板文件（.docx）", upload_to=template_path, max_length=200)
    original_name = models.CharField("上传文件名", max_length=200, editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    is_active = models.BooleanField("启用", default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="上传人",
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "文档模板"
        ordering = ["kind", "jurisdiction", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["jurisdiction", "kind"],
                condition=Q(is_active=True, jurisdiction__isnull=False),
                name="document_template_one_active",
            ),
            models.UniqueConstraint(
                fields=["kind"],
                condition=Q(is_active=True, jurisdiction__isnull=True),
                name="document_template_one_active_default",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.name}"
