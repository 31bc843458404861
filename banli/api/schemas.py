"""What the API answers: the shapes of submissions, assignments, replies, opinions, events, statistics.

Each field carries a Chinese description (the docs show it). Values are the English identifiers of the
glossary (``state: "handling"``) with their Chinese label beside them (``state_label: "办理中"``).
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class Ref(Schema):
    """Another object, by id and name."""

    id: int
    name: str


class Page(Schema):
    """One page of a list: ``count`` is the total matching the filters."""

    count: int = Field(description="符合条件的总数")
    limit: int = Field(description="每页条数")
    offset: int = Field(description="起始位置")


class SubmissionSummary(Schema):
    id: int
    number: int | None = Field(description="编号（立案后才有）")
    reference: str = Field(description="如：市六届人大三次会议第39号建议")
    title: str = Field(description="案由")
    kind: str
    year: int


class SubmissionOut(SubmissionSummary):
    kind_label: str
    state: str
    state_label: str
    source: str = Field(description="所属会议，或某年闭会期间")
    assembly: Ref
    category: Ref | None
    lead_author: Ref = Field(description="领衔代表/第一提案人")
    system: str = Field(description="办理系统：government、party、court、procuratorate、other；未确定时为空")
    handling_mode: str = Field(description="办理方式：sole、lead_co、separate、leader_led；未交办时为空")
    is_key: bool = Field(description="重点")
    is_confidential: bool = Field(description="涉密")
    submitted_at: dt.datetime | None
    registered_at: dt.datetime | None
    created_at: dt.datetime


class SubmissionDetail(SubmissionOut):
    problem: str = Field(description="问题/情况")
    advice: str = Field(description="建议/办法")
    publication_consent: bool = Field(description="同意公开")


class SubmissionPage(Page):
    items: list[SubmissionOut]


class ResultOut(Schema):
    """办理结果分类, with its fixed semantic type (solved, in_progress, planned, deferred, reference)."""

    id: int
    code: str
    name: str
    semantic_type: str


class AssignmentOut(Schema):
    id: int
    submission: SubmissionSummary
    unit: Ref = Field(description="承办单位")
    role: str = Field(description="sole 单独办理、lead 主办、co 会办、separate 分别办理")
    role_label: str
    state: str
    state_label: str
    round: int = Field(description="办理轮次")
    handler: Ref | None = Field(description="经办人")
    designated: bool = Field(description="指定办理（不得再申请调整）")
    assigned_at: dt.datetime | None
    received_at: dt.datetime | None = Field(description="签收时间")
    sign_due: dt.date | None = Field(description="签收期限（未签收时）")
    answer_due: dt.date | None = Field(description="答复或会办意见期限（未完成时）")
    adjust_due: dt.date | None = Field(description="申请调整的期限（窗口开放时）")
    overdue: bool = Field(description="有已过期限未完成的事项")


class AssignmentDetail(AssignmentOut):
    reply_id: int | None = Field(description="本单位本轮答复（主办、单独或分别办理单位）")
    opinion_id: int | None = Field(description="本单位的会办意见（会办单位）")
    result_categories: list[ResultOut] = Field(description="答复时可选的办理结果分类")


class AssignmentPage(Page):
    items: list[AssignmentOut]


class CommitmentOut(Schema):
    text: str
    due_on: dt.date
    state: str


class ActionOut(Schema):
    """A transition the caller may perform now (its guard is checked when performed)."""

    action: str
    label: str
    comment_required: bool


class ReplyOut(Schema):
    id: int
    submission: SubmissionSummary
    assignment_id: int
    unit: Ref
    round: int
    revision: int = Field(description="被退回重办的次数")
    state: str
    state_label: str
    result: ResultOut | None
    text: str
    contact_person: str
    contact_phone: str
    copy_to: str = Field(description="抄送")
    doc_number: str = Field(description="文号（签发后）")
    signed_at: dt.datetime | None
    sent_at: dt.datetime | None
    commitments: list[CommitmentOut] = Field(description="承诺事项")


class ReplyDetail(ReplyOut):
    actions: list[ActionOut] = Field(description="您现在可执行的操作")


class ReplyPage(Page):
    items: list[ReplyOut]


class OpinionOut(Schema):
    id: int
    assignment_id: int
    submission_id: int
    state: str
    state_label: str
    text: str
    contact_person: str
    contact_phone: str
    sent_at: dt.datetime | None


class EventOut(Schema):
    """One entry of an item's timeline."""

    id: int
    workflow: str = Field(description="submission、assignment、reply、opinion、extension、adjustment…")
    object_id: int
    action: str
    action_label: str
    from_state: str
    from_label: str
    to_state: str
    to_label: str
    actor: str | None = Field(description="操作人（系统操作为空）")
    actor_role: str = Field(description="操作人身份")
    comment: str
    created_at: dt.datetime


class EventPage(Page):
    items: list[EventOut]


class CategoryOut(Schema):
    id: int
    name: str
    parent_id: int | None
    jurisdiction: Ref


class CategoryPage(Page):
    items: list[CategoryOut]


class Count(Schema):
    key: str
    label: str
    count: int


class YearCount(Schema):
    year: int
    count: int


class Statistics(Schema):
    """Counts over the submissions the caller sees (with the filters applied)."""

    total: int
    by_state: list[Count]
    by_kind: list[Count]
    by_year: list[YearCount]


class RoleOut(Schema):
    code: str
    label: str
    jurisdiction: Ref
    unit: Ref | None


class MembershipOut(Schema):
    id: int = Field(description="代表/委员身份编号")
    assembly: Ref
    kind: str = Field(description="npc 人大代表、cppcc 政协委员")


class MeOut(Schema):
    id: int
    username: str
    name: str
    roles: list[RoleOut]
    memberships: list[MembershipOut]
    token_expires_at: dt.datetime = Field(description="本次所用令牌的有效期")


class EvaluationOut(Schema):
    """满意度评价: one addressee's rating of one reply."""

    id: int
    reply_id: int
    submission_id: int
    rating: str = Field(description="评价选项代码")
    rating_label: str
    comment: str
    automatic: bool = Field(description="逾期未评价、按规则认定")
    created_at: dt.datetime
    submission_state: str = Field(description="评价后该件的状态（已办结、跟踪办理或重新办理中）")
