"""建议提案: the list, one item, its timeline, and submitting a new suggestion or proposal."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router, Status

from banli.api import render
from banli.api.errors import NOT_FOUND, WRITE_ERRORS, Problem, responses
from banli.api.fields import MAX_ID
from banli.api.inputs import EventFilters, SubmissionFilters, SubmissionIn
from banli.api.pagination import paginate
from banli.api.schemas import EventPage, SubmissionDetail, SubmissionPage
from banli.api.selectors import item_events
from banli.core.models import Category
from banli.core.policies import can, memberships_of
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, transition
from banli.reports import cache as figures_cache
from banli.submissions.models import Submission, SubmissionKind
from banli.submissions.selectors import submission_detail, submission_list
from banli.submissions.services import create_draft

router = Router(tags=["建议提案"])

SubmissionId = Annotated[int, Path(ge=1, le=MAX_ID, description="建议提案编号（id）")]


def visible(request: HttpRequest, submission_id: int) -> Submission:
    sub = submission_detail(request.auth, submission_id)
    if sub is None:
        raise Problem(404, NOT_FOUND)
    return sub


@router.get(
    "/submissions",
    response=responses({200: SubmissionPage}),
    operation_id="list_submissions",
    summary="建议提案列表",
)
def list_submissions(request: HttpRequest, filters: Query[SubmissionFilters]) -> dict[str, Any]:
    """您能看到的建议提案（与网页相同的权限范围），最新的在前。"""
    params = {
        "state": filters.state or "",
        "kind": filters.kind or "",
        "year": str(filters.year or ""),
        "mine": "1" if filters.mine else "",
        "q": filters.q or "",
    }
    qs = submission_list(request.auth, params)
    if filters.category:
        qs = qs.filter(category_id=filters.category)
    years = [filters.year] if filters.year else None
    return paginate(
        qs.order_by("-pk"), filters, render.submission, lambda q: figures_cache.count(request.auth, q, years)
    )


@router.get(
    "/submissions/{submission_id}",
    response=responses({200: SubmissionDetail}, 404),
    operation_id="get_submission",
    summary="建议提案详情",
)
def get_submission(request: HttpRequest, submission_id: SubmissionId) -> dict[str, Any]:
    return render.submission_detail(visible(request, submission_id))


@router.get(
    "/submissions/{submission_id}/events",
    response=responses({200: EventPage}, 404),
    operation_id="list_submission_events",
    summary="办理过程（时间线）",
)
def list_events(
    request: HttpRequest, submission_id: SubmissionId, filters: Query[EventFilters]
) -> dict[str, Any]:
    """该件及其交办、答复等的操作记录，最早的在前；各单位内部的审批步骤对单位以外的人不显示。"""
    sub = visible(request, submission_id)
    return paginate(item_events(request.auth, sub, filters), filters, render.event)


def _membership(request: HttpRequest, kind: str) -> Any:
    assembly_kind = "npc" if kind == SubmissionKind.SUGGESTION else "cppcc"
    for member in memberships_of(request.auth):
        if member.assembly.kind == assembly_kind:
            return member
    who = "人大代表" if assembly_kind == "npc" else "政协委员"
    raise Problem(403, f"只有{who}可以提出{'建议' if assembly_kind == 'npc' else '提案'}。")


@router.post(
    "/submissions",
    response=responses({201: SubmissionDetail}, *WRITE_ERRORS),
    operation_id="submit_submission",
    summary="提出建议或提案",
)
def submit_submission(request: HttpRequest, data: SubmissionIn) -> Status:
    """以本人（领衔人）名义起草并提交，进入交办机构审查。任何一步不成，则什么也不留下。"""
    user = request.auth
    if not can(user, "submission.create"):
        raise Problem(403, "只有人大代表或政协委员可以提出建议提案。")
    member = _membership(request, data.kind)
    category = None
    if data.category_id is not None:
        category = Category.objects.filter(
            pk=data.category_id, jurisdiction_id=member.assembly.jurisdiction_id
        ).first()
        if category is None:
            raise GuardFailed("分类不存在或不属于本行政区域。")
    title = data.title.strip()
    if len(title) < 4:
        raise GuardFailed("案由至少 4 个字。")
    reason = data.publication_refusal_reason.strip()
    if not data.publication_consent and not reason:
        raise GuardFailed("不同意公开时须说明理由。")
    with writing():
        sub = create_draft(
            member,
            user,
            kind=data.kind,
            title=title,
            problem=data.problem.strip(),
            advice=data.advice.strip(),
            category=category,
            publication_consent=data.publication_consent,
            publication_refusal_reason="" if data.publication_consent else reason,
            is_confidential=data.is_confidential,
        )
        transition(sub, "submit", user)
    return Status(201, render.submission_detail(visible(request, sub.pk)))
