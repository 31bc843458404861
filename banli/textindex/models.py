"""Text index data: the domain terms an administrator adds to the segmentation dictionary."""

from __future__ import annotations

from django.db import models


class Term(models.Model):
    """A word jieba must keep whole (e.g. 口袋公园), added to the terms shipped in ``dictionary.txt``."""

    word = models.CharField("词语", max_length=30, unique=True)
    freq = models.PositiveIntegerField(
        "词频", null=True, blank=True, help_text="留空由系统自动确定；数值越大越倾向于整体切分"
    )
    note = models.CharField("备注", max_length=100, blank=True)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "分词词语"
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word


class SegmentedText(models.Model):
    """The words of one submission as last segmented, so a process starting up need not segment again.

    A cache, written by the similarity index when it meets an item whose stored words are missing or out
    of date (another ``updated_at``, another dictionary version); never edited by hand.
    """

    submission = models.OneToOneField(
        "submissions.Submission",
        verbose_name="建议提案",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="segmented",
    )
    title_words = models.TextField("案由分词", blank=True, help_text="以空格分隔")
    body_words = models.TextField("正文分词", blank=True, help_text="以空格分隔")
    source_updated_at = models.DateTimeField("对应的更新时间")
    dictionary = models.CharField("词典版本", max_length=16)
    segmented_at = models.DateTimeField("分词时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "分词结果"

    def __str__(self) -> str:
        return f"{self.submission_id}: {self.title_words}"
