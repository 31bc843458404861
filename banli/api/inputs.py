"""What the API accepts: list filters with pagination, and the bodies of the writes.

Bodies forbid unknown fields, so a misspelt field is a 422 rather than silently ignored.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from banli.api.fields import Id, Year, choice, text
from banli.assignments.models import AssignmentRole, AssignmentState
from banli.assignments.selectors import BOXES
from banli.core.workflow import workflows
from banli.handling.models import ReplyState
from banli.submissions.models import SubmissionKind, SubmissionState

#: The most rows one page gives, and the furthest a page may start.
MAX_LIMIT = 100
MAX_OFFSET = 1_000_000


WORKFLOW_NAMES = sorted(wf.name for wf in workflows())

SubmissionStateValue = choice(SubmissionState.values)
SubmissionKindValue = choice(SubmissionKind.values)
NewKind = choice([SubmissionKind.SUGGESTION.value, SubmissionKind.PROPOSAL.value])
BoxValue = choice(list(BOXES))
AssignmentStateValue = choice(AssignmentState.values)
AssignmentRoleValue = choice(AssignmentRole.values)
ReplyStateValue = choice(ReplyState.values)
WorkflowName = choice(WORKFLOW_NAMES)

Line30 = text(30)
Line40 = text(40)
Line100 = text(100)
Line200 = text(200)
Title = text(200, min_length=4)
CommitmentText = text(300, min_length=1)
Text500 = text(500, multiline=True)
Text20000 = text(20000, multiline=True)
OpinionText = text(20000, min_length=1, multiline=True)
Text50000 = text(50000, multiline=True)


class QueryParams(Schema):
    """Query parameters of one route. A parameter the route does not know is refused (422), so a
    misspelt filter does not silently return everything."""


class PageParams(QueryParams):
    limit: int = Field(20, ge=1, le=MAX_LIMIT, description=f"每页条数，1–{MAX_LIMIT}")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="从第几条开始（0 起）")


class SubmissionFilters(PageParams):
    state: SubmissionStateValue | None = Field(None, description="状态")
    kind: SubmissionKindValue | None = Field(None, description="类型")
    year: Year | None = Field(None, description="年度")
    category: Id | None = Field(None, description="分类编号")
    q: Line100 | None = Field(None, description="案由关键词")
    mine: bool = Field(False, description="只看本人领衔的")


class AssignmentFilters(PageParams):
    box: BoxValue | None = Field(
        None,
        description="收件箱分类：new 新交办、to_sign 待签收、handling 办理中、overdue 已逾期、done 已答复",
    )
    state: AssignmentStateValue | None = Field(None, description="状态（不填时不含已撤销的）")
    unit: Id | None = Field(None, description="承办单位编号")
    role: AssignmentRoleValue | None = Field(None, description="承办方式")
    year: Year | None = Field(None, description="年度")
    q: Line100 | None = Field(None, description="案由关键词")
    mine: bool = Field(False, description="只看本人经办的")


class ReplyFilters(PageParams):
    state: ReplyStateValue | None = Field(None, description="状态")
    year: Year | None = Field(None, description="建议提案的年度")
    submission: Id | None = Field(None, description="建议提案编号（id）")
    unit: Id | None = Field(None, description="答复单位编号")
    q: Line100 | None = Field(None, description="案由关键词")


class EventFilters(PageParams):
    workflow: WorkflowName | None = Field(None, description="流程")
    action: Line40 | None = Field(None, description="操作代码，如 sign_receipt")


class CategoryFilters(PageParams):
    q: Line40 | None = Field(None, description="名称关键词")


class StatisticsFilters(QueryParams):
    year: Year | None = Field(None, description="年度")
    kind: SubmissionKindValue | None = Field(None, description="类型")


# ---- bodies -------------------------------------------------------------------------------------------------


class Body(Schema):
    model_config = ConfigDict(extra="forbid")


class SubmissionIn(Body):
    """A suggestion (人大代表) or proposal (政协委员), drafted and submitted in one step."""

    kind: NewKind = Field(
        SubmissionKind.SUGGESTION.value, description="suggestion 建议（人大代表）或 proposal 提案（政协委员）"
    )
    title: Title = Field(description="案由，一事一议，至少 4 个字")
    problem: Text20000 = Field("", description="问题/情况")
    advice: Text20000 = Field("", description="建议/办法")
    category_id: Id | None = Field(None, description="分类编号（见 /api/categories）")
    publication_consent: bool = Field(True, description="同意公开办理复文")
    publication_refusal_reason: Line200 = Field("", description="不同意公开的理由（不同意时必填）")
    is_confidential: bool = Field(False, description="涉及国家秘密")


class CommitmentIn(Body):
    text: CommitmentText = Field(description="承诺内容")
    due_on: dt.date = Field(description="完成时限，不早于今天")


class ReplyIn(Body):
    """The reply draft of the unit's handler; saving replaces the earlier draft and its commitments."""

    result_id: Id | None = Field(None, description="办理结果分类编号（见交办详情的 result_categories）")
    text: Text50000 = Field("", description="答复正文")
    contact_person: Line30 = Field("", description="联系人")
    contact_phone: Line30 = Field("", description="联系电话")
    copy_to: Line200 = Field("", description="抄送（不填则沿用）")
    commitments: list[CommitmentIn] = Field([], max_length=20, description="承诺事项")


class OpinionIn(Body):
    text: OpinionText = Field(description="会办意见")
    contact_person: Line30 = Field("", description="联系人")
    contact_phone: Line30 = Field("", description="联系电话")


class ActionIn(Body):
    comment: Text500 = Field("", description="意见或理由（退回等操作必填）")


class RatingIn(Body):
    """The addressee's evaluation of a sent reply."""

    rating: Line40 = Field(
        description="评价选项代码（见 rating_options，默认 satisfied 满意、basically_satisfied 基本满意、dissatisfied 不满意）"
    )
    comment: Text500 = Field("", description="意见（不满意时必填，承办单位据此重新办理）")
    contact_made: bool | None = Field(None, description="办理前承办单位是否与您沟通")
    attitude: choice(["good", "fair", "poor"]) | None = Field(
        None, description="办理态度：good 满意、fair 基本满意、poor 不满意"
    )  # type: ignore[valid-type]
    relevance: choice(["good", "fair", "poor"]) | None = Field(
        None, description="答复针对性：good、fair、poor"
    )  # type: ignore[valid-type]
