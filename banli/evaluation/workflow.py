"""评 transition tables: what a rating decides for the item (reopen 重新办理, track 跟踪办理, close 办结) and
the second reply (二次答复), which may close an item being tracked."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.core.models import Event, User
from banli.core.workflow import Transition, Workflow, transition
from banli.evaluation.models import Evaluation, FollowUp, FollowUpState
from banli.evaluation.policies import is_addressee
from banli.evaluation.services import all_solved, outcome, reopen_units
from banli.handling.policies import is_answering_head, is_signing_head, is_unit_handler
from banli.submissions.models import Submission, SubmissionState
from banli.submissions.workflow import SUBMISSION_WORKFLOW

S = SubmissionState
F = FollowUpState


def decided(action: str):  # type: ignore[no-untyped-def]
    """Guard: the current round's ratings decide this outcome and no other."""

    def guard(sub: Submission, user: User | None, data: dict[str, Any]) -> str | None:
        result = outcome(sub)
        if result is None:
            return "尚待代表对各承办单位的答复作出评价。"
        return None if result[0] == action else "该件的评价结果不支持此操作。"

    return guard


def next_round(sub: Submission, user: User | None, data: dict[str, Any]) -> dict[str, Any]:
    return {"round": sub.round + 1}


def give_back(sub: Submission, user: User | None, event: Event, data: dict[str, Any]) -> None:
    """The units rated unsatisfactory get the item back in the new round with the deputy's reasons."""
    result = outcome_of_previous_round(sub)
    reasons = "；".join(
        f"{e.member.name}：{e.comment}"
        for e in Evaluation.objects.filter(reply__in=result, recipient__is_lead=True).select_related("member")
        if e.comment
    )
    reopen_units(sub, result, user, reasons or "代表对答复不满意")
    event.comment = event.comment or (reasons or "代表对答复不满意")
    event.save(update_fields=["comment"])


def outcome_of_previous_round(sub: Submission) -> list[Any]:
    from banli.handling.models import Reply, ReplyState

    replies = Reply.objects.filter(submission=sub, round=sub.round - 1, state=ReplyState.SENT).select_related(
        "assignment"
    )
    return [
        r for r in replies if r.evaluations.filter(recipient__is_lead=True, rating__reopens=True).exists()
    ]


SUBMISSION_WORKFLOW.extend(
    [
        Transition(
            "reopen",
            "重新办理",
            (S.REPLIED,),
            S.HANDLING,
            is_addressee,
            guard=decided("reopen"),
            apply=next_round,
            after=(give_back,),
            doc="代表对答复不满意，退回承办单位重新办理。",
        ),
        Transition(
            "track",
            "跟踪办理",
            (S.REPLIED,),
            S.TRACKING,
            is_addressee,
            guard=decided("track"),
            doc="答复为正在解决或列入计划的，继续跟踪办理，二次答复。",
        ),
        Transition(
            "close",
            "办结",
            (S.REPLIED,),
            S.CLOSED,
            is_addressee,
            guard=decided("close"),
        ),
        Transition(
            "close_solved",
            "跟踪办结",
            (S.TRACKING,),
            S.CLOSED,
            is_answering_head,
            guard=lambda sub, user, data: None if all_solved(sub) else "尚有承办单位的办理结果不是已解决。",
            doc="二次答复为已解决的，跟踪办理结束。",
        ),
    ]
)


def follow_up_ready(fu: FollowUp, user: User, data: dict[str, Any]) -> str | None:
    if fu.submission.state != S.TRACKING:
        return "该件不在跟踪办理中。"
    return None if fu.text.strip() and fu.result_id else "请填写二次答复的办理结果和正文。"


def stamp_sent(fu: FollowUp, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"sent_at": timezone.now()}


def close_if_solved(fu: FollowUp, user: User, event: Event, data: dict[str, Any]) -> None:
    event.payload = {**event.payload, "result": str(fu.result or "")}
    event.save(update_fields=["payload"])
    sub = Submission.objects.get(pk=fu.submission_id)
    if all_solved(sub):
        transition(sub, "close_solved", user)


FOLLOW_UP_WORKFLOW = Workflow(
    name="follow_up",
    label="二次答复",
    model=FollowUp,
    states=FollowUpState,
    submission_of=lambda f: f.submission,
    transitions=[
        Transition("submit", "提交签发", (F.DRAFT,), F.SIGNING, is_unit_handler, guard=follow_up_ready),
        Transition(
            "return_for_revision",
            "退回修改",
            (F.SIGNING,),
            F.DRAFT,
            is_signing_head,
            comment_required=True,
            style="warning",
        ),
        Transition(
            "send",
            "签发并答复",
            (F.SIGNING,),
            F.SENT,
            is_signing_head,
            guard=follow_up_ready,
            apply=stamp_sent,
            after=(close_if_solved,),
            confirm="二次答复将发送给代表，确定吗？",
        ),
    ],
)
