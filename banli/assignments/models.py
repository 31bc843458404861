"""交: which units handle an item, in which role and round; the rules and deadlines they work under;
the units' requests to be removed or replaced."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from banli.core.models import DeadlineUnit, Duty


class AssignmentRole(models.TextChoices):
    SOLE = "sole", "单独办理"
    LEAD = "lead", "主办"
    CO = "co", "会办"
    SEPARATE = "separate", "分别办理"


#: The answering units first, then the co-handlers: ``order_by(ROLE_ORDER, "pk")``.
ROLE_ORDER = models.Case(
    models.When(role="co", then=models.Value(1)), default=models.Value(0), output_field=models.IntegerField()
)

#: Roles that answer the deputy themselves (a co-handler writes its opinion to the lead instead).
ANSWERING_ROLES = (AssignmentRole.SOLE, AssignmentRole.LEAD, AssignmentRole.SEPARATE)


class AssignmentState(models.TextChoices):
    PRE_ASSIGNED = "pre_assigned", "预交办"
    ASSIGNED = "assigned", "待签收"
    RECEIVED = "received", "办理中"
    REPLIED = "replied", "已答复"
    CANCELLED = "cancelled", "已撤销"


#: Assignments that count: everything but the cancelled ones.
LIVE_STATES = (
    AssignmentState.PRE_ASSIGNED,
    AssignmentState.ASSIGNED,
    AssignmentState.RECEIVED,
    AssignmentState.REPLIED,
)


class Assignment(models.Model):
    """One row per (submission, unit, round). The formal assignment (正式交办) starts the clocks."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission",
        verbose_name="建议提案",
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    unit = models.ForeignKey(
        "core.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="assignments"
    )
    round = models.PositiveSmallIntegerField("轮次", default=1)
    role = models.CharField("承办方式", max_length=10, choices=AssignmentRole.choices)
    state = models.CharField(
        "状态", max_length=14, choices=AssignmentState.choices, default=AssignmentState.PRE_ASSIGNED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="经办人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_assignments",
    )
    designated = models.BooleanField(
        "指定办理", default=False, help_text="协调机构对有争议的件指定承办，单位不得再申请调整"
    )
    pre_assigned_at = models.DateTimeField("预交办时间", null=True, blank=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "交办"
        ordering = ["submission", "round", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "unit", "round"], name="assignment_unique_round"),
        ]
        indexes = [
            models.Index(fields=["unit", "state"]),
            models.Index(fields=["unit", "assigned_at"], name="assignment_unit_assigned"),
        ]

    def __str__(self) -> str:
        return f"{self.submission} → {self.unit}（{self.get_role_display()}）"

    @property
    def answers_deputy(self) -> bool:
        return self.role in ANSWERING_ROLES


class HandlingPolicy(models.Model):
    """办理规则: the deadlines and switches of an assembly for one year, or (year empty) for every year
    without its own row. Editing it recomputes the open deadlines that follow it."""

    assembly = models.ForeignKey("core.Assembly", verbose_name="届次", on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True, help_text="留空表示各年度通用")
    coordinator_step = models.BooleanField(
        "经协调机构交办",
        default=True,
        help_text="勾选：交办机构转交办理系统，由政府办等协调机构确定承办单位；不勾选：交办机构直接交办承办单位",
    )
    sign_receipt_amount = models.PositiveSmallIntegerField("签收期限", default=3)
    sign_receipt_unit = models.CharField(
        "签收期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    adjustment_amount = models.PositiveSmallIntegerField(
        "申请调整期限", default=5, help_text="自预交办或签收之日起"
    )
    adjustment_unit = models.CharField(
        "申请调整期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    opinion_amount = models.PositiveSmallIntegerField("会办意见期限", default=1, help_text="自交办之日起")
    opinion_unit = models.CharField(
        "会办意见期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.MONTHS
    )
    reply_amount = models.PositiveSmallIntegerField("答复期限", default=3, help_text="自交办之日起")
    reply_unit = models.CharField(
        "答复期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.MONTHS
    )
    reply_fixed_month = models.PositiveSmallIntegerField(
        "统一办结月",
        null=True,
        blank=True,
        help_text="如统一于8月31日前办结，填8和31；晚于该日交办的仍按答复期限",
    )
    reply_fixed_day = models.PositiveSmallIntegerField("统一办结日", null=True, blank=True)
    extension_ceiling_months = models.PositiveSmallIntegerField(
        "延期上限（月）", default=6, help_text="自交办之日起，延期后的答复期限不得超过"
    )
    rehandling_amount = models.PositiveSmallIntegerField("重新办理期限", default=1)
    rehandling_unit = models.CharField(
        "重新办理期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.MONTHS
    )
    evaluation_amount = models.PositiveSmallIntegerField("评价期限", default=1, help_text="自答复之日起")
    evaluation_unit = models.CharField(
        "评价期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.MONTHS
    )
    publication_amount = models.PositiveSmallIntegerField("公开期限", default=20, help_text="自答复之日起")
    publication_unit = models.CharField(
        "公开期限单位", max_length=14, choices=DeadlineUnit.choices, default=DeadlineUnit.WORKING_DAYS
    )
    result_scheme = models.ForeignKey(
        "handling.ResultScheme",
        verbose_name="办理结果分类方案",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text="留空使用A/B/C/D四类",
    )
    require_contact = models.BooleanField("答复前须有沟通记录", default=True)
    coordinator_review = models.BooleanField("答复须经协调机构审核", default=True)
    reply_per_author = models.BooleanField(
        "联名件分别答复每位提出人", default=True, help_text="不勾选则只答复领衔人"
    )
    unanswered_evaluation = models.SlugField(
        "逾期未评价",
        max_length=20,
        blank=True,
        default="satisfied",
        help_text="评价期限届满仍未评价的，按此评价选项认定（填评价选项代码，如 satisfied）；留空则不作认定",
    )
    consultation_after_rounds = models.PositiveSmallIntegerField(
        "面商前的重新办理轮次",
        default=1,
        help_text="不满意重新办理达到此轮次后，再次答复前须与代表当面协商并记录",
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "办理期限与规则"
        constraints = [
            models.UniqueConstraint(
                fields=["assembly", "year"], name="handling_policy_per_year", condition=Q(year__isnull=False)
            ),
            models.UniqueConstraint(
                fields=["assembly"], name="handling_policy_default", condition=Q(year__isnull=True)
            ),
            models.CheckConstraint(
                condition=Q(reply_fixed_month__isnull=True, reply_fixed_day__isnull=True)
                | Q(
                    reply_fixed_month__gte=1,
                    reply_fixed_month__lte=12,
                    reply_fixed_day__gte=1,
                    reply_fixed_day__lte=31,
                ),
                name="handling_policy_fixed_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assembly} {self.year or '通用'}"

    def rule(self, duty: str) -> tuple[int, str]:
        """(amount, unit) of the policy's rule for a duty."""
        prefix = POLICY_DUTIES[duty]
        return getattr(self, f"{prefix}_amount"), getattr(self, f"{prefix}_unit")


#: Which duties the policy decides, and the prefix of their fields.
POLICY_DUTIES: dict[str, str] = {
    Duty.SIGN_RECEIPT: "sign_receipt",
    Duty.ADJUSTMENT: "adjustment",
    Duty.OPINION: "opinion",
    Duty.REPLY: "reply",
    Duty.REHANDLING: "rehandling",
    Duty.EVALUATION: "evaluation",
    Duty.PUBLICATION: "publication",
}


class AdjustmentKind(models.TextChoices):
    REMOVE = "remove", "申请退回（不属本单位职责）"
    REPLACE = "replace", "申请改由其他单位承办"


class AdjustmentState(models.TextChoices):
    PENDING = "pending", "待审定"
    ACCEPTED = "accepted", "已同意"
    REFUSED = "refused", "不同意"


class AdjustmentRequest(models.Model):
    """调整申请: a unit asks to be removed or replaced; the assigning office decides. A unit never passes an
    item on by itself: only the office's decision changes who handles it."""

    jurisdiction = models.ForeignKey("core.Jurisdiction", on_delete=models.PROTECT)
    submission = models.ForeignKey(
        "submissions.Submission", on_delete=models.CASCADE, related_name="adjustment_requests"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name="交办", on_delete=models.CASCADE, related_name="adjustment_requests"
    )
    kind = models.CharField("申请事项", max_length=10, choices=AdjustmentKind.choices)
    reason = models.TextField("理由")
    suggested_unit = models.ForeignKey(
        "core.Unit",
        verbose_name="建议承办单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        "状态", max_length=10, choices=AdjustmentState.choices, default=AdjustmentState.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审定人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "调整申请"
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment"], name="one_pending_adjustment", condition=Q(state="pending")
            ),
        ]
        indexes = [models.Index(fields=["jurisdiction", "state"])]

    def __str__(self) -> str:
        return f"{self.assignment.unit} {self.get_kind_display()}"
