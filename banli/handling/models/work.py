"""Inside the unit: the handling plan, contacts with the deputy, co-handlers' opinions, extensions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class HandlingPlan(models.Model):
    """办理方案: how the unit will handle the item (one per assignment, revised in place; each save is an
    event with the text, so earlier versions stay on the timeline)."""

    assignment = models.OneToOneField(
        "assignments.Assignment", verbose_name="交办", on_delete=models.CASCADE, related_name="handling_plan"
    )
    text = models.TextField("办理方案")
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理方案"

    def __str__(self) -> str:
        return f"{self.assignment} 办理方案"


class ContactMethod(models.TextChoices):
    FACE = "face", "当面沟通（面商）"
    PHONE = "phone", "电话沟通"
    MEETING = "meeting", "座谈会"
    VISIT = "visit", "实地视察"
    MAIL = "mail", "书面/邮件"


class ContactPhase(models.TextChoices):
    BEFORE = "before", "办理前"
    DURING = "during", "办理中"
    AFTER = "after", "办理后"


class Contact(models.Model):
    """沟通记录: one contact between the unit and the deputy (面商率 is appraised)."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="contacts"
    )
    assignment = models.ForeignKey(
        "assignments.Assignment", verbose_name="交办", on_delete=models.CASCADE, related_name="contacts"
    )
    method = models.CharField("方式", max_length=10, choices=ContactMethod.choices)
    phase = models.CharField("阶段", max_length=8, choices=ContactPhase.choices)
    occurred_on = models.DateField("日期")
    member = models.ForeignKey(
        "core.Member",
        verbose_name="沟通的代表/委员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    participants = models.CharField("参加人员", max_length=200, blank=True)
    notes = models.TextField("沟通情况")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "沟通记录"
        ordering = ["occurred_on", "id"]
        indexes = [models.Index(fields=["assignment", "occurred_on"])]

    def __str__(self) -> str:
        return f"{self.occurred_on} {self.get_method_display()}"


class OpinionState(models.TextChoices):
    DRAFT = "draft", "起草中"
    SENT = "sent", "已送主办单位"
    RETURNED = "returned", "被退回重提"
    ACCEPTED = "accepted", "主办单位已采纳"
    LAPSED = "lapsed", "逾期未提出"


#: Opinions that count as answered for the lead's reply.
ANSWERED_OPINIONS = (OpinionState.SENT, OpinionState.ACCEPTED, OpinionState.LAPSED)


class Opinion(models.Model):
    """会办意见: a co-handler's written opinion to the lead unit, one per co-handling assignment."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="opinions"
    )
    assignment = models.OneToOneField(
        "assignments.Assignment", verbose_name="会办交办", on_delete=models.CASCADE, related_name="opinion"
    )
    text = models.TextField("会办意见", blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    state = models.CharField("状态", max_length=10, choices=OpinionState.choices, default=OpinionState.DRAFT)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "会办意见"

    def __str__(self) -> str:
        return f"{self.assignment.unit} 会办意见"


class ExtensionState(models.TextChoices):
    PENDING = "pending", "待审批"
    GRANTED = "granted", "已批准"
    REFUSED = "refused", "未批准"


class Extension(models.Model):
    """延期: a unit asks for more time before its due date; the assigning office decides."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="extensions"
    )
    assignment = models.ForeignKey(
        "assignments.Assignment", verbose_name="交办", on_delete=models.CASCADE, related_name="extensions"
    )
    old_due_on = models.DateField("原答复期限")
    requested_due_on = models.DateField("申请延至")
    granted_due_on = models.DateField("批准延至", null=True, blank=True)
    reason = models.TextField("理由")
    state = models.CharField(
        "状态", max_length=10, choices=ExtensionState.choices, default=ExtensionState.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "延期申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], name="one_pending_extension", condition=Q(state="pending")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment.unit} 延期至 {self.requested_due_on}"
