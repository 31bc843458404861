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


class RecommenderModel(models.Model):
    """The trained unit recommender of one jurisdiction (智能分办模型), so web processes need not train.

    One row per jurisdiction, replaced at each training; ``version`` goes up by one each time, and a
    process holding an older version loads the new arrays at its next recommendation. ``arrays`` is a
    NumPy ``.npz`` archive (no pickle: loading it runs no code).
    """

    jurisdiction = models.OneToOneField(
        "core.Jurisdiction", verbose_name="行政区域", on_delete=models.CASCADE, related_name="recommender"
    )
    version = models.PositiveIntegerField("版本", default=1)
    method = models.CharField("方法", max_length=40)
    format = models.PositiveSmallIntegerField("数据格式", help_text="程序读取数组的格式编号")
    dictionary = models.CharField("词典版本", max_length=16)
    trained_at = models.DateTimeField("训练时间")
    sample_count = models.PositiveIntegerField("训练样本数")
    unit_count = models.PositiveIntegerField("单位数")
    last_assignment_id = models.PositiveBigIntegerField(
        "已计入的最大交办记录号", default=0, help_text="此后新增的主办、单独办理交办达到一定数量时重新训练"
    )
    seconds = models.FloatField("训练用时（秒）")
    arrays = models.BinaryField("模型数据")

    class Meta:
        verbose_name = verbose_name_plural = "智能分办模型"

    def __str__(self) -> str:
        return f"{self.jurisdiction} 第{self.version}版"


class UnitKeyword(models.Model):
    """An administrator's hint: items that mention ``keyword`` belong to ``unit`` (关键词分办).

    The recommender relies on these alone in a jurisdiction without handling history, and blends them
    with what it learned while that history is thin.
    """

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.CASCADE)
    keyword = models.CharField("关键词", max_length=30)
    unit = models.ForeignKey(
        "core.Unit",
        verbose_name="承办单位",
        on_delete=models.CASCADE,
        related_name="keywords",
        limit_choices_to={"kind": "handling"},
    )
    weight = models.PositiveSmallIntegerField(
        "权重", default=1, help_text="1–10；同一事项命中多个关键词时，权重高的单位排名靠前"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "分办关键词"
        ordering = ["jurisdiction", "keyword", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "keyword", "unit"], name="unit_keyword_unique"),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=10), name="unit_keyword_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.keyword} → {self.unit}"

    def clean(self) -> None:
        """The keyword is not blank, and the unit is a handling unit of the keyword's jurisdiction."""
        from django.core.exceptions import ValidationError

        self.keyword = (self.keyword or "").strip()
        if not self.keyword:
            raise ValidationError({"keyword": "请填写关键词。"})
        if self.unit_id and self.jurisdiction_id:
            unit = self.unit
            if unit.jurisdiction_id != self.jurisdiction_id:
                raise ValidationError({"unit": "所选单位不属于该行政区域。"})
            if unit.kind != "handling":
                raise ValidationError({"unit": "只能选择承办单位。"})


class SearchDocument(models.Model):
    """One object's words in the full-text index (see :mod:`banli.textindex.fulltext`): a published reply
    for the public portal, later a submission for the internal search.

    Title and body hold jieba's words separated by spaces. The database indexes them on its own terms:
    on SQLite an FTS5 table ``textindex_searchdocument_fts`` (external content, kept in step by triggers
    on this table); on PostgreSQL a generated ``search_vector`` tsvector column with a GIN index. Both are
    created by migration 0002 for their database only. A later migration that makes Django rebuild this
    table on SQLite (altering a column) drops the triggers: it must create them again (see
    ``fulltext.SQLITE_TRIGGERS``), and ``test_fulltext`` checks they exist.
    """

    kind = models.CharField("类别", max_length=20)
    object_id = models.PositiveBigIntegerField("对象")
    jurisdiction = models.ForeignKey(
        "core.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.CASCADE
    )
    title_words = models.TextField("标题分词", blank=True)
    body_words = models.TextField("正文分词", blank=True)
    dictionary = models.CharField("词典版本", max_length=16, blank=True)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "全文索引"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id}"
