"""提: the submission, the central record of the chain."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class SubmissionKind(models.TextChoices):
    SUGGESTION = "suggestion", "建议"
    PROPOSAL = "proposal", "提案"
    MOTION = "motion", "议案"


class SubmissionState(models.TextChoices):
    """Every state of the chain. Overdue, warnings and "waiting for me" are derived, never states."""

    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审查"
    RETURNED = "returned", "退回修改"
    REGISTERED = "registered", "已立案"
    NOT_REGISTERED = "not_registered", "不予立案"
    MERGED = "merged", "已并案"
    ASSIGNING = "assigning", "交办中"
    HANDLING = "handling", "办理中"
    REPLIED = "replied", "已答复"
    TRACKING = "tracking", "跟踪办理"
    CLOSED = "closed", "已办结"
    WITHDRAWN = "withdrawn", "已撤回"


#: States in which handling is over, for good or for now.
FINAL_STATES = (
    SubmissionState.NOT_REGISTERED,
    SubmissionState.MERGED,
    SubmissionState.CLOSED,
    SubmissionState.WITHDRAWN,
)


class HandlingMode(models.TextChoices):
    SOLE = "sole", "单独办理"
    LEAD_CO = "lead_co", "主办+会办"
    SEPARATE = "separate", "分别办理"
    LEADER_LED = "leader_led", "领导领办"


class Submission(models.Model):
    """建议 / 提案 / 议案. Its title is the 案由; its number is assigned at registration."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", verbose_name="行政区域", on_delete=models.PROTECT)
    assembly = models.ForeignKey("core.Assembly", verbose_name="届次", on_delete=models.PROTECT)
    session = models.ForeignKey(
        "core.Session",
        verbose_name="会议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="大会期间提出的属于该次会议；闭会期间提出的为空，按年度编号",
    )
    year = models.PositiveSmallIntegerField("年度")
    kind = models.CharField("类型", max_length=12, choices=SubmissionKind.choices)
    number = models.PositiveIntegerField("编号", null=True, blank=True)
    title = models.CharField("案由", max_length=200)
    problem = models.TextField("问题/情况", blank=True)
    advice = models.TextField("建议/办法", blank=True)
    category = models.ForeignKey(
        "core.Category", verbose_name="分类", null=True, blank=True, on_delete=models.PROTECT
    )
    lead_author = models.ForeignKey(
        "core.Member", verbose_name="领衔人", on_delete=models.PROTECT, related_name="led_submissions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        "状态", max_length=16, choices=SubmissionState.choices, default=SubmissionState.DRAFT, db_index=True
    )
    round = models.PositiveSmallIntegerField("办理轮次", default=1)
    system = models.CharField("办理系统", max_length=16, blank=True)
    handling_mode = models.CharField("办理方式", max_length=12, choices=HandlingMode.choices, blank=True)
    lead_leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="领办领导",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_items",
        help_text="领导领办件的领办领导",
    )
    is_key = models.BooleanField("重点", default=False)
    is_confidential = models.BooleanField("涉密", default=False)
    publication_consent = models.BooleanField("同意公开", default=True)
    publication_refusal_reason = models.CharField("不同意公开理由", max_length=200, blank=True)
    converted_from = models.CharField(
        "原类型",
        max_length=12,
        choices=SubmissionKind.choices,
        blank=True,
        help_text="议案转建议时记录原类型",
    )
    opinion_converted = models.BooleanField("已转为意见建议", default=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name="并入",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_items",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    registered_at = models.DateTimeField("立案时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "建议提案"
        ordering = ["-year", "kind", "number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "session", "kind", "number"],
                name="submission_number_in_session",
                condition=Q(number__isnull=False, session__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["assembly", "year", "kind", "number"],
                name="submission_number_in_year",
                condition=Q(number__isnull=False, session__isnull=True),
            ),
            models.CheckConstraint(
                condition=Q(publication_consent=True) | ~Q(publication_refusal_reason=""),
                name="refusal_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["jurisdiction", "state"]),
            models.Index(fields=["jurisdiction", "year", "kind"]),
            # Almost every item is merged into none: SQLite's statistics count the NULLs as one value and
            # its planner then scans the members instead of using the foreign key's index (0.6 s on the
            # item page at 300,000 items); this index holds the merged items only.
            models.Index(
                fields=["merged_into"], condition=Q(merged_into__isnull=False), name="submission_merged"
            ),
            # The lists' default order (latest submitted first): a search's first page walks it and
            # tests each item against the full-text index until it has 20, instead of sorting every
            # match (12,732 for 养老服务 at national scale: 98 → 4 ms on PostgreSQL).
            models.Index(fields=["jurisdiction", "-submitted_at", "-id"], name="submission_latest"),
            # The API's order (newest id first) within a jurisdiction: with one province's 150
            # jurisdictions in one table, walking the primary key skips every other one (0.3 s).
            models.Index(fields=["jurisdiction", "-id"], name="submission_newest"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number_label(self) -> str:
        """第39号 once registered, otherwise empty."""
        return f"第{self.number}号" if self.number else ""

    @property
    def source_label(self) -> str:
        """Where it came from: the session (市六届人大三次会议) or 2025年闭会期间."""
        if self.session_id and self.session:
            return self.session.full_name
        return f"{self.year}年闭会期间"

    @property
    def system_label(self) -> str:
        """政府系统, 党委系统… (empty before the registry chose)."""
        from banli.core.models.org import System

        return str(System(self.system).label) if self.system in System.values else ""

    @property
    def reference(self) -> str:
        """市六届人大三次会议第39号建议: how letters and reports name an item."""
        if not self.number:
            return f"{self.get_kind_display()}（未编号）"
        return f"{self.source_label}{self.number_label}{self.get_kind_display()}"


class NumberSequence(models.Model):
    """The last number given, per assembly, session (or year between sessions) and kind.

    Registration increments it with an UPDATE inside the registering transaction, so numbers are
    gapless and two clerks registering at once wait for each other instead of colliding.
    """

    assembly = models.ForeignKey("core.Assembly", on_delete=models.PROTECT)
    session = models.ForeignKey("core.Session", null=True, blank=True, on_delete=models.PROTECT)
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=12, choices=SubmissionKind.choices)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "编号序列"
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "session", "kind"],
                name="sequence_per_session",
                condition=Q(session__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["assembly", "year", "kind"],
                name="sequence_per_year",
                condition=Q(session__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assembly_id}/{self.session_id or self.year}/{self.kind}: {self.last}"


class CosignatureState(models.TextChoices):
    INVITED = "invited", "待确认"
    CONFIRMED = "confirmed", "已确认"
    DECLINED = "declined", "已谢绝"


class Cosignature(models.Model):
    """联名 / 附议: an invitation from the lead author to another deputy or member.

    An invitation still unanswered after ``due_on`` has lapsed; that is derived, never stored.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="cosignatures")
    member = models.ForeignKey(
        "core.Member", verbose_name="联名人", on_delete=models.PROTECT, related_name="cosignatures"
    )
    state = models.CharField(
        "状态", max_length=10, choices=CosignatureState.choices, default=CosignatureState.INVITED
    )
    invited_at = models.DateTimeField("邀请时间", auto_now_add=True)
    due_on = models.DateField("确认截止")
    responded_at = models.DateTimeField("答复时间", null=True, blank=True)
    comment = models.CharField("附言", max_length=200, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "联名"
        ordering = ["invited_at", "id"]
        constraints = [models.UniqueConstraint(fields=["submission", "member"], name="cosign_once")]
        indexes = [models.Index(fields=["member", "state"])]

    def __str__(self) -> str:
        return f"{self.member} {self.get_state_display()}"


class IntakePolicy(models.Model):
    """Configurable intake rules of an assembly, for one year or (year empty) for every year without its own."""

    assembly = models.ForeignKey("core.Assembly", verbose_name="届次", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="留空表示各年度通用")
    motion_min_cosigners = models.PositiveSmallIntegerField("议案最少附议人数", default=10)
    cosign_days = models.PositiveSmallIntegerField("联名确认期限（日）", default=7)
    max_attachment_mb = models.PositiveSmallIntegerField("单个附件上限（MB）", default=20)

    class Meta:
        verbose_name = verbose_name_plural = "提出与立案规则"
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "year"], name="intake_per_year", condition=Q(year__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["assembly"], name="intake_default", condition=Q(year__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assembly} {self.year or '通用'}"


class RejectionReason(models.Model):
    """A reason for 不予立案. Rows without a jurisdiction are the defaults offered everywhere."""

    jurisdiction = models.ForeignKey(
        "core.Jurisdiction", verbose_name="行政区域", null=True, blank=True, on_delete=models.CASCADE
    )
    text = models.CharField("理由", max_length=100)
    sort = models.PositiveSmallIntegerField("排序", default=0)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "不予立案理由"
        ordering = ["sort", "id"]

    def __str__(self) -> str:
        return self.text
