"""交办: the units' inbox with due dates, one assignment, signing receipt, a co-handler's opinion and
the answering unit's reply draft."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Path, Query, Router

from banli.api import render
from banli.api.errors import NOT_FOUND, WRITE_ERRORS, Problem, responses
from banli.api.fields import MAX_ID
from banli.api.inputs import AssignmentFilters, OpinionIn, ReplyIn
from banli.api.pagination import paginate
from banli.api.policies import may_ever
from banli.api.schemas import AssignmentDetail, AssignmentPage, OpinionOut, ReplyDetail
from banli.assignments.models import Assignment
from banli.assignments.selectors import assignment_detail, assignment_list
from banli.assignments.workflow import ASSIGNMENT_WORKFLOW
from banli.core.policies import can, scope
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, available, transition
from banli.handling.models import Opinion, Reply, ResultCategory
from banli.handling.selectors import reply_detail
from banli.handling.services import ReplyDraft, categories_for, save_opinion, save_reply
from banli.handling.workflow import OPINION_WORKFLOW

router = Router(tags=["交办与办理"])

AssignmentId = Annotated[int, Path(ge=1, le=MAX_ID, description="交办编号（id）")]


def visible(request: HttpRequest, assignment_id: int) -> Assignment:
    found = assignment_detail(request.auth, assignment_id)
    if found is None:
        raise Problem(404, NOT_FOUND)
    return found


def detail(request: HttpRequest, a: Assignment) -> dict[str, Any]:
    user = request.auth
    reply_id = (
        scope(user, Reply.objects.filter(assignment_id=a.pk, round=a.submission.round))
        .values_list("pk", flat=True)
        .first()
    )
    opinion_id = scope(user, Opinion.objects.filter(assignment_id=a.pk)).values_list("pk", flat=True).first()
    categories = categories_for(a.submission) if a.answers_deputy else []
    return {
        **render.assignment(a),
        "reply_id": reply_id,
        "opinion_id": opinion_id,
        "result_categories": [render.result(c) for c in categories],
    }


@router.get(
    "/assignments",
    response=responses({200: AssignmentPage}),
    operation_id="list_assignments",
    summary="交办件列表（收件箱）",
)
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilters]) -> dict[str, Any]:
    """本单位的交办件（交办机构、协调机构和领导看其可见各件的交办），附签收、答复期限，最新的在前。"""
    params = {
        "box": filters.box or "",
        "state": filters.state or "",
        "unit": str(filters.unit or ""),
        "role": filters.role or "",
        "year": str(filters.year or ""),
        "mine": "1" if filters.mine else "",
        "q": filters.q or "",
    }
    return paginate(assignment_list(request.auth, params).order_by("-pk"), filters, render.assignment)


@router.get(
    "/assignments/{assignment_id}",
    response=responses({200: AssignmentDetail}, 404),
    operation_id="get_assignment",
    summary="交办详情",
)
def get_assignment(request: HttpRequest, assignment_id: AssignmentId) -> dict[str, Any]:
    return detail(request, visible(request, assignment_id))


@router.post(
    "/assignments/{assignment_id}/sign-receipt",
    response=responses({200: AssignmentDetail}, *WRITE_ERRORS),
    operation_id="sign_receipt",
    summary="签收",
)
def sign_receipt(request: HttpRequest, assignment_id: AssignmentId) -> dict[str, Any]:
    """单位联络员签收交办件，开始办理（打开申请调整的期限）。"""
    if not may_ever(request.auth, ASSIGNMENT_WORKFLOW, "sign_receipt"):
        raise Problem(403, "只有承办单位的联络员可以签收交办件。")
    transition(visible(request, assignment_id), "sign_receipt", request.auth)
    return detail(request, visible(request, assignment_id))


@router.post(
    "/assignments/{assignment_id}/opinion",
    response=responses({200: OpinionOut}, *WRITE_ERRORS),
    operation_id="send_opinion",
    summary="提出会办意见并送主办单位",
)
def send_opinion(request: HttpRequest, assignment_id: AssignmentId, data: OpinionIn) -> dict[str, Any]:
    """会办单位的经办人或联络员填写会办意见并送达主办单位（退回重提的，修改后再送）。"""
    user = request.auth
    if not may_ever(user, OPINION_WORKFLOW, "send"):
        raise Problem(403, "只有会办单位的经办人或联络员可以提出会办意见。")
    a = visible(request, assignment_id)
    with writing():
        opinion = save_opinion(a, user, data.text, data.contact_person, data.contact_phone)
        transition(opinion, "send", user)
    return render.opinion(Opinion.objects.get(pk=opinion.pk))


@router.put(
    "/assignments/{assignment_id}/reply",
    response=responses({200: ReplyDetail}, *WRITE_ERRORS),
    operation_id="save_reply",
    summary="保存答复稿",
)
def put_reply(request: HttpRequest, assignment_id: AssignmentId, data: ReplyIn) -> dict[str, Any]:
    """经办人或联络员保存本单位的答复稿和承诺事项（起草中或退回重办时）；提交审核用
    POST /api/replies/{id}/actions/submit。"""
    user = request.auth
    if not can(user, "handling.work"):
        raise Problem(403, "只有承办单位的经办人或联络员可以起草答复。")
    a = visible(request, assignment_id)
    result = None
    if data.result_id is not None:
        result = ResultCategory.objects.filter(pk=data.result_id).first()
        if result is None:
            raise GuardFailed("办理结果分类不存在。")
    draft = ReplyDraft(
        result=result,
        text=data.text,
        contact_person=data.contact_person,
        contact_phone=data.contact_phone,
        copy_to=data.copy_to,
        commitments=[(c.text, c.due_on) for c in data.commitments],
    )
    reply = save_reply(a, user, draft)
    fresh = reply_detail(user, reply.pk)
    assert fresh is not None  # the unit sees its own reply at every step
    return {**render.reply(fresh), "actions": render.actions(available(fresh, user, guards=False))}
