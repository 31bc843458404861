"""答复: the replies a user may read, one reply, and its transitions (submit, approve, sign, send…)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Body, Path, Query, Router

from banli.api import render
from banli.api.errors import NOT_FOUND, WRITE_ERRORS, Problem, responses
from banli.api.fields import MAX_ID, choice
from banli.api.inputs import ActionIn, RatingIn, ReplyFilters
from banli.api.pagination import paginate
from banli.api.policies import may_ever
from banli.api.schemas import EvaluationOut, ReplyDetail, ReplyPage
from banli.api.selectors import reply_list
from banli.core.workflow import available, transition
from banli.evaluation.services import Rating, evaluate, rating_options
from banli.handling.models import Reply, ReplyRecipient
from banli.handling.selectors import reply_detail
from banli.handling.workflow import REPLY_WORKFLOW
from banli.submissions.models import Submission

router = Router(tags=["答复"])

ReplyId = Annotated[int, Path(ge=1, le=MAX_ID, description="答复编号（id）")]
ReplyAction = Annotated[
    choice(REPLY_WORKFLOW.actions()),  # type: ignore[valid-type]
    Path(
        description="submit 提交审核、approve 审核通过、return_for_revision 退回修改、sign 签发、"
        "send 审核通过并答复、return_for_rework 退回重办"
    ),
]


def _detail(request: HttpRequest, reply: Reply) -> dict[str, Any]:
    return {**render.reply(reply), "actions": render.actions(available(reply, request.auth, guards=False))}


@router.get("/replies", response=responses({200: ReplyPage}), operation_id="list_replies", summary="答复列表")
def list_replies(request: HttpRequest, filters: Query[ReplyFilters]) -> dict[str, Any]:
    """承办单位看本单位各步骤的答复，交办机构和协调机构看已签发的，代表和其他人看已答复的。"""
    return paginate(reply_list(request.auth, filters), filters, render.reply)


@router.get(
    "/replies/{reply_id}",
    response=responses({200: ReplyDetail}, 404),
    operation_id="get_reply",
    summary="答复详情",
)
def get_reply(request: HttpRequest, reply_id: ReplyId) -> dict[str, Any]:
    reply = reply_detail(request.auth, reply_id)
    if reply is None:
        raise Problem(404, NOT_FOUND)
    return _detail(request, reply)


@router.post(
    "/replies/{reply_id}/actions/{action}",
    response=responses({200: ReplyDetail}, *WRITE_ERRORS),
    operation_id="act_on_reply",
    summary="答复流转操作",
)
def act_on_reply(
    request: HttpRequest,
    reply_id: ReplyId,
    action: ReplyAction,
    data: Annotated[ActionIn | None, Body()] = None,
) -> dict[str, Any]:
    """按答复的流转规则执行操作：经办人 submit，分管负责人 approve，主要负责人 sign，协调机构 send 或
    return_for_rework，两位负责人 return_for_revision。谁能做、何时能做，由流转表决定。"""
    user = request.auth
    if not may_ever(user, REPLY_WORKFLOW, action):
        raise Problem(403, "您无权执行该答复操作。")
    reply = reply_detail(user, reply_id)
    if reply is None:
        raise Problem(404, NOT_FOUND)
    transition(reply, action, user, comment=data.comment if data else "")
    return _detail(request, reply_detail(user, reply_id) or reply)


@router.post(
    "/replies/{reply_id}/evaluation",
    response=responses({200: EvaluationOut}, *WRITE_ERRORS),
    operation_id="rate_reply",
    summary="评价答复",
)
def rate_reply(request: HttpRequest, reply_id: ReplyId, data: Annotated[RatingIn, Body()]) -> dict[str, Any]:
    """答复对象本人对已答复的答复作出满意度评价；不满意须写明理由，该件将退回承办单位重新办理。"""
    user = request.auth
    recipient = (
        ReplyRecipient.objects.filter(reply_id=reply_id, member__user=user, reply__state="sent")
        .select_related("reply__submission")
        .first()
    )
    if recipient is None:
        raise Problem(404, NOT_FOUND)
    options = {o.code: o for o in rating_options(recipient.reply.jurisdiction_id)}
    if data.rating not in options:
        raise Problem(
            400, f"评价选项无效，可选：{'、'.join(f'{c}（{o.label}）' for c, o in options.items())}。"
        )
    evaluation = evaluate(
        recipient,
        user,
        Rating(
            option=options[data.rating],
            comment=data.comment,
            contact_made=data.contact_made,
            attitude=data.attitude or "",
            relevance=data.relevance or "",
        ),
    )
    state = Submission.objects.values_list("state", flat=True).get(pk=recipient.reply.submission_id)
    return {
        "id": evaluation.pk,
        "reply_id": reply_id,
        "submission_id": recipient.reply.submission_id,
        "rating": evaluation.rating.code,
        "rating_label": evaluation.rating.label,
        "comment": evaluation.comment,
        "automatic": evaluation.automatic,
        "created_at": evaluation.created_at,
        "submission_state": state,
    }
