"""重点督办 topics grouping items under a supervising leader and committee, and the supervision actions
(督办活动: meetings, site visits, letters, talks) recorded on one or many items."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class KeyTopicState(models.TextChoices):
    OPEN = "open", "督办中"
    CLOSED = "closed", "已结束"


class KeyTopic(models.Model):
    """重点督办专题: chosen by the registry's leadership for one assembly and year; its items are key."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    assembly = models.ForeignKey("core.Assembly", verbose_name="届次", on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("专题名称", max_length=100)
    description = models.TextField("督办要求", blank=True)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="督办领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_topics",
    )
    committee = models.ForeignKey(
        "core.Unit",
        verbose_name="督办委员会",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supervised_topics",
        limit_choices_to={"kind": "committee"},
    )
    items = models.ManyToManyField(
        "submissions.Submission", through="KeyTopicItem", related_name="key_topics", verbose_name="建议提案"
    )
    state = models.CharField("状态", max_length=8, choices=KeyTopicState.choices, default=KeyTopicState.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点督办专题"
        ordering = ["-year", "state", "id"]
        indexes = [models.Index(fields=["jurisdiction", "year"])]

    def __str__(self) -> str:
        return self.title


class KeyTopicItem(models.Model):
    """An item of a topic. ``was_key`` remembers whether it was key before, so taking it out of its last
    topic leaves a flag the registry set on its own."""

    topic = models.ForeignKey(KeyTopic, on_delete=models.CASCADE, related_name="topic_items")
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="key_topic_items"
    )
    was_key = models.BooleanField(default=False)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "重点督办件"
        ordering = ["topic", "id"]
        constraints = [models.UniqueConstraint(fields=["topic", "submission"], name="topic_item_once")]

    def __str__(self) -> str:
        return f"{self.topic} · {self.submission}"


class SupervisionKind(models.TextChoices):
    MEETING = "meeting", "督办会/座谈会"
    SITE_VISIT = "site_visit", "实地督查/视察"
    LETTER = "letter", "督办函"
    TALK = "talk", "约谈/面谈"
    OTHER = "other", "其他督办"


class SupervisionRecord(models.Model):
    """督办活动: what an office, a leader or a committee did to supervise one or several items."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    kind = models.CharField("方式", max_length=12, choices=SupervisionKind.choices)
    held_on = models.DateField("日期")
    participants = models.CharField("参加人员", max_length=300, blank=True)
    notes = models.TextField("督办情况")
    items = models.ManyToManyField(
        "submissions.Submission", related_name="supervision_records", verbose_name="督办的件"
    )
    topic = models.ForeignKey(
        KeyTopic,
        verbose_name="所属专题",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_as = models.CharField("身份", max_length=60)
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "督办活动"
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["jurisdiction", "held_on"])]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"
