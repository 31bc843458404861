"""答复: the formal reply of an answering unit, its recipients and letters, its commitments, 文号."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class ReplyState(models.TextChoices):
    DRAFT = "draft", "起草中"
    REVIEWING = "reviewing", "待审核"
    SIGNING = "signing", "待签发"
    SIGNED = "signed", "已签发待审核"
    RETURNED = "returned", "退回重办"
    SENT = "sent", "已答复"


#: States in which the handler may still edit the draft.
EDITABLE_REPLY = (ReplyState.DRAFT, ReplyState.RETURNED)


class Reply(models.Model):
    """The reply of one answering unit (sole, lead, or each unit of a separate handling) for one round.

    Internal approval: the handler submits, the reviewing head (分管负责人) approves, the signing head
    (主要负责人) signs off (签发, which gives the 文号); where configured the coordinating office checks it
    and sends it, or returns it (退回重办), which starts a new revision. The co-handlers and the public
    see it only once sent.
    """

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey("submissions.Submission", on_delete=models.CASCADE, related_name="replies")
    assignment = models.ForeignKey(
        "assignments.Assignment", verbose_name="交办", on_delete=models.CASCADE, related_name="replies"
    )
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    revision = models.PositiveSmallIntegerField("修改次数", default=0, help_text="协调机构退回重办的次数")
    state = models.CharField("状态", max_length=10, choices=ReplyState.choices, default=ReplyState.DRAFT)
    result = models.ForeignKey(
        "handling.ResultCategory", verbose_name="办理结果", null=True, blank=True, on_delete=models.PROTECT
    )
    text = models.TextField("答复正文", blank=True)
    contact_person = models.CharField("联系人", max_length=30, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    copy_to = models.CharField("抄送", max_length=200, blank=True)
    doc_number = models.CharField("文号", max_length=40, blank=True)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="拟稿人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="签发人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField("签发时间", null=True, blank=True)
    sent_at = models.DateTimeField("答复时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复"
        ordering = ["submission", "round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="reply_per_assignment_round"),
        ]
        indexes = [models.Index(fields=["jurisdiction", "state"]), models.Index(fields=["sent_at"])]

    def __str__(self) -> str:
        return f"{self.assignment.unit} 对《{self.submission}》的答复"


class ReplyRecipient(models.Model):
    """Who a sent reply is addressed to: each author of the item (or the lead author only, by policy),
    and the authors of the items merged into it, each under their own item's number. Each gets a letter."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="recipients")
    submission = models.ForeignKey(
        "submissions.Submission", verbose_name="所答复的件", on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        "core.Member", verbose_name="代表/委员", on_delete=models.PROTECT, related_name="replies_received"
    )
    is_lead = models.BooleanField("领衔人", default=False)
    letter = models.ForeignKey(
        "core.Attachment",
        verbose_name="答复函",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "答复对象"
        constraints = [
            models.UniqueConstraint(fields=["reply", "submission", "member"], name="recipient_once"),
        ]
        indexes = [models.Index(fields=["member"])]

    def __str__(self) -> str:
        return f"{self.member} ← {self.reply}"


class CommitmentState(models.TextChoices):
    OPEN = "open", "未完成"
    DONE = "done", "已销号"


class Commitment(models.Model):
    """承诺事项: what the reply promises, with its date; closed out (销号) with evidence when done."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="commitments"
    )
    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="commitments")
    text = models.CharField("承诺内容", max_length=300)
    due_on = models.DateField("完成时限")
    state = models.CharField(
        "状态", max_length=8, choices=CommitmentState.choices, default=CommitmentState.OPEN
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    evidence = models.TextField("完成情况", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "承诺事项"
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text


class DocNumberPattern(models.Model):
    """How a unit numbers its replies: e.g. 宿发改提〔{year}〕{n}号, gapless per unit and year."""

    unit = models.OneToOneField(
        "core.Unit", verbose_name="单位", on_delete=models.CASCADE, related_name="doc_pattern"
    )
    pattern = models.CharField(
        "文号格式", max_length=40, help_text="用 {year} 表示年份、{n} 表示序号，如：宿发改提〔{year}〕{n}号"
    )

    class Meta:
        verbose_name = verbose_name_plural = "答复文号格式"

    def __str__(self) -> str:
        return self.pattern


class DocNumberSequence(models.Model):
    """The last 文号 number a unit gave in a year (taken inside the signing transaction: gapless)."""

    unit = models.ForeignKey("core.Unit", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "文号序列"
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="doc_sequence_per_year")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"
