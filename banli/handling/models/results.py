"""办理结果分类: configurable schemes whose categories each carry a fixed semantic type (domain.md §5)."""

from __future__ import annotations

from django.db import models


class SemanticType(models.TextChoices):
    """What a category means, whatever the scheme calls it: statistics compare across schemes by this."""

    SOLVED = "solved", "已解决"
    IN_PROGRESS = "in_progress", "正在解决"
    PLANNED = "planned", "列入计划"
    DEFERRED = "deferred", "待以后解决"
    REFERENCE = "reference", "留作参考"


#: The national headline figure is "solved or planned" (已解决和列入计划解决).
SOLVED_OR_PLANNED = (SemanticType.SOLVED, SemanticType.IN_PROGRESS, SemanticType.PLANNED)
#: Results to follow up (跟踪办理, 二次答复).
TO_FOLLOW_UP = (SemanticType.IN_PROGRESS, SemanticType.PLANNED)


class ResultScheme(models.Model):
    """A scheme of result categories. Schemes without a jurisdiction are the shared ones seeded by a
    migration (A/B/C/D, A/B/C, four words, three words); a jurisdiction may add its own."""

    jurisdiction = models.ForeignKey(
        "core.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.CASCADE
    )
    code = models.SlugField("代码", max_length=20)
    name = models.CharField("名称", max_length=40)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "办理结果分类方案"
        ordering = ["sort", "id"]
        constraints = [models.UniqueConstraint(fields=["jurisdiction", "code"], name="scheme_unique_code")]

    def __str__(self) -> str:
        return self.name


class ResultCategory(models.Model):
    """One category of a scheme, e.g. A 已解决或基本解决 (solved)."""

    scheme = models.ForeignKey(
        ResultScheme, verbose_name="方案", on_delete=models.CASCADE, related_name="categories"
    )
    code = models.CharField("标识", max_length=8, help_text="标在答复函首页右上角，如 A、B、C")
    name = models.CharField("名称", max_length=40)
    semantic_type = models.CharField("含义", max_length=12, choices=SemanticType.choices)
    sort = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "办理结果分类"
        ordering = ["scheme", "sort", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="category_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}" if self.code != self.name else self.name

    @property
    def mark(self) -> str:
        """What the letter shows at the top right: A类, or the category's name when it has no letter."""
        return f"{self.code}类" if self.code.isascii() and len(self.code) <= 2 else self.name
