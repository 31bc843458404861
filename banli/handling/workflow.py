"""办 transition tables: the reply's internal approval and sending, co-handlers' opinions, extensions;
plus the acts 办 adds to assignments (mark_replied) and submissions (complete_replies).

Reply: draft → submit (经办人) → reviewing → approve (分管负责人) → signing → sign 签发 (主要负责人, gives the
文号) → signed → send (the coordinating office where it checks replies, else at once on signing) → sent;
or return_for_revision back to draft from review or signing, and 退回重办 (return_for_rework) by the
checking office from signed to returned, which counts a revision.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.assignments.models import LIVE_STATES, Assignment, AssignmentRole, AssignmentState
from banli.assignments.policies import is_assigning_office
from banli.assignments.services import policy_for
from banli.assignments.workflow import ASSIGNMENT_WORKFLOW
from banli.core.deadlines import close_deadline
from banli.core.models import Duty, Event, User
from banli.core.workflow import Transition, Workflow, transition
from banli.handling.models import (
    Extension,
    ExtensionState,
    Opinion,
    OpinionState,
    Reply,
    ReplyState,
)
from banli.handling.policies import (
    is_answering_head,
    is_checking_office,
    is_lead_unit,
    is_reply_sender,
    is_reviewing_head,
    is_signing_head,
    is_unit_handler,
    is_unit_worker,
)
from banli.handling.services import (
    deliver,
    extension_ceiling,
    next_doc_number,
    opinion_deadline,
    reopen_reply_deadline,
    reply_deadline,
    reply_problems,
)
from banli.submissions.models import Submission, SubmissionState
from banli.submissions.workflow import SUBMISSION_WORKFLOW

R = ReplyState
OP = OpinionState
S = SubmissionState
A = AssignmentState


# ---- the reply ------------------------------------------------------------------------------------------


def ready_for_approval(reply: Reply, user: User, data: dict[str, Any]) -> str | None:
    if reply.assignment.state != A.RECEIVED:
        return "该件不在办理中，不能提交答复。"
    problems = reply_problems(reply)
    return " ".join(problems) if problems else None


def signed_fields(reply: Reply, user: User, data: dict[str, Any]) -> dict[str, Any]:
    now = timezone.now()
    number = reply.doc_number or next_doc_number(reply.assignment.unit, timezone.localdate(now).year)
    return {"signed_by": user, "signed_at": now, "doc_number": number}


def send_unless_checked(reply: Reply, user: User, event: Event, data: dict[str, Any]) -> None:
    """Without a coordinating review, signing off sends the reply at once."""
    if not policy_for(reply.submission).coordinator_review:
        transition(reply, "send", user)


def sent_fields(reply: Reply, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"sent_at": timezone.now()}


def on_sent(reply: Reply, user: User, event: Event, data: dict[str, Any]) -> None:
    deliver(reply, user)
    event.payload = {**event.payload, "doc_number": reply.doc_number, "result": str(reply.result or "")}
    event.save(update_fields=["payload"])


def count_revision(reply: Reply, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"revision": reply.revision + 1}


REPLY_WORKFLOW = Workflow(
    name="reply",
    label="答复",
    model=Reply,
    states=ReplyState,
    submission_of=lambda r: r.submission,
    transitions=[
        Transition(
            "submit",
            "提交审核",
            (R.DRAFT, R.RETURNED),
            R.REVIEWING,
            is_unit_handler,
            guard=ready_for_approval,
            doc="经办人提交分管负责人审核。",
        ),
        Transition(
            "approve",
            "审核通过",
            (R.REVIEWING,),
            R.SIGNING,
            is_reviewing_head,
            doc="分管负责人审核通过，报主要负责人签发。",
        ),
        Transition(
            "return_for_revision",
            "退回修改",
            (R.REVIEWING,),
            R.DRAFT,
            is_reviewing_head,
            comment_required=True,
            style="warning",
        ),
        Transition(
            "return_for_revision",
            "退回修改",
            (R.SIGNING,),
            R.DRAFT,
            is_signing_head,
            comment_required=True,
            style="warning",
        ),
        Transition(
            "sign",
            "签发",
            (R.SIGNING,),
            R.SIGNED,
            is_signing_head,
            apply=signed_fields,
            after=(send_unless_checked,),
            confirm="签发后将编发文号；不经协调机构审核的，答复即发送给代表。确定签发吗？",
            doc="主要负责人签发，编发文号。",
        ),
        Transition(
            "send",
            "审核通过并答复",
            (R.SIGNED,),
            R.SENT,
            is_reply_sender,
            apply=sent_fields,
            after=(on_sent,),
            confirm="答复将发送给代表并生成答复函，确定吗？",
            doc="协调机构审核通过，正式答复代表。",
        ),
        Transition(
            "return_for_rework",
            "退回重办",
            (R.SIGNED,),
            R.RETURNED,
            is_checking_office,
            apply=count_revision,
            comment_required=True,
            style="danger",
            doc="办理不到位、答复敷衍的，退回承办单位重新办理，重新审核签发。",
        ),
    ],
)


# ---- co-handlers' opinions ----------------------------------------------------------------------------------


def opinion_written(opinion: Opinion, user: User, data: dict[str, Any]) -> str | None:
    if opinion.assignment.state != A.RECEIVED:
        return "签收后方可提出会办意见。"
    return None if opinion.text.strip() else "请先填写会办意见。"


def opinion_sent(opinion: Opinion, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"sent_at": timezone.now()}


def close_opinion_duty(opinion: Opinion, user: User, event: Event, data: dict[str, Any]) -> None:
    close_deadline(opinion.assignment, Duty.OPINION, opinion.assignment.round)


def opinion_overdue(opinion: Opinion, user: User, data: dict[str, Any]) -> str | None:
    deadline = opinion_deadline(opinion)
    if deadline is None or deadline.due_on >= timezone.localdate():
        due = f"（{deadline.due_on:%Y年%-m月%-d日}）" if deadline else ""
        return f"会办意见期限{due}未过，请等待会办单位提出意见。"
    return None


OPINION_WORKFLOW = Workflow(
    name="opinion",
    label="会办意见",
    model=Opinion,
    states=OpinionState,
    submission_of=lambda o: o.submission,
    transitions=[
        Transition(
            "send",
            "送主办单位",
            (OP.DRAFT, OP.RETURNED),
            OP.SENT,
            is_unit_worker,
            guard=opinion_written,
            apply=opinion_sent,
            after=(close_opinion_duty,),
            doc="会办意见送达主办单位。",
        ),
        Transition(
            "return",
            "退回重提",
            (OP.SENT,),
            OP.RETURNED,
            is_lead_unit,
            comment_required=True,
            style="warning",
            doc="会办意见无实质内容或未说明情况的，主办单位可要求重新提出。",
        ),
        Transition("accept", "采纳", (OP.SENT,), OP.ACCEPTED, is_lead_unit),
        Transition(
            "record_lapse",
            "记录逾期未提出",
            (OP.DRAFT, OP.RETURNED),
            OP.LAPSED,
            is_lead_unit,
            guard=opinion_overdue,
            after=(close_opinion_duty,),
            comment_required=True,
            doc="会办单位逾期未提出意见的，主办单位记录后可先行答复。",
        ),
    ],
)


# ---- extensions ---------------------------------------------------------------------------------------------


def _granted(ext: Extension, data: dict[str, Any]) -> Any:
    return data.get("until") or ext.requested_due_on


def within_ceiling(ext: Extension, user: User, data: dict[str, Any]) -> str | None:
    until = _granted(ext, data)
    ceiling = extension_ceiling(ext.assignment)
    if until > ceiling:
        return f"延期后的答复期限不得晚于{ceiling:%Y年%-m月%-d日}。"
    if until <= ext.old_due_on:
        return "批准的日期须晚于原答复期限。"
    if ext.assignment.state not in (A.ASSIGNED, A.RECEIVED) or reply_deadline(ext.assignment) is None:
        return "该件已答复或已撤销，无须延期。"
    return None


def grant_fields(ext: Extension, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"granted_due_on": _granted(ext, data), "decided_by": user, "decided_at": timezone.now()}


def extend_reply(ext: Extension, user: User, event: Event, data: dict[str, Any]) -> None:
    reopen_reply_deadline(ext.assignment, ext.granted_due_on)
    event.comment = (
        event.comment or f"答复期限由{ext.old_due_on:%Y年%-m月%-d日}延至{ext.granted_due_on:%Y年%-m月%-d日}"
    )
    event.payload = {**event.payload, "from": f"{ext.old_due_on}", "to": f"{ext.granted_due_on}"}
    event.save(update_fields=["comment", "payload"])


def refuse_fields(ext: Extension, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"decided_by": user, "decided_at": timezone.now()}


EXTENSION_WORKFLOW = Workflow(
    name="extension",
    label="延期申请",
    model=Extension,
    states=ExtensionState,
    submission_of=lambda e: e.submission,
    transitions=[
        Transition(
            "grant",
            "批准延期",
            (ExtensionState.PENDING,),
            ExtensionState.GRANTED,
            is_assigning_office,
            guard=within_ceiling,
            apply=grant_fields,
            after=(extend_reply,),
        ),
        Transition(
            "refuse",
            "不批准",
            (ExtensionState.PENDING,),
            ExtensionState.REFUSED,
            is_assigning_office,
            apply=refuse_fields,
            comment_required=True,
            style="warning",
        ),
    ],
)


# ---- what 办 adds to assignments and submissions -------------------------------------------------------------


def answered_for_unit(obj: Assignment, user: User, data: dict[str, Any]) -> str | None:
    """An answering unit is replied once its reply is sent; a co-handler once every answering unit is."""
    if obj.role == AssignmentRole.CO:
        answering = Assignment.objects.filter(
            submission_id=obj.submission_id, round=obj.round, state__in=LIVE_STATES
        ).exclude(role=AssignmentRole.CO)
        return None if not answering.exclude(state=A.REPLIED).exists() else "主办单位尚未答复。"
    if not Reply.objects.filter(assignment=obj, round=obj.submission.round, state=R.SENT).exists():
        return "本单位答复尚未发出。"
    return None


def close_remaining(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    """Replied: the windows still open for the unit (asking an adjustment, a late opinion) close."""
    for duty in (Duty.ADJUSTMENT, Duty.OPINION, Duty.SIGN_RECEIPT):
        close_deadline(obj, duty, obj.round)


def all_answered(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    answering = Assignment.objects.filter(submission=sub, round=sub.round, state__in=LIVE_STATES).exclude(
        role=AssignmentRole.CO
    )
    if not answering.exists() or answering.exclude(state=A.REPLIED).exists():
        return "尚有承办单位未答复。"
    return None


sends_replies = is_assigning_office | is_answering_head

ASSIGNMENT_WORKFLOW.extend(
    [
        Transition(
            "mark_replied",
            "答复完毕",
            (A.RECEIVED,),
            A.REPLIED,
            sends_replies,
            guard=answered_for_unit,
            after=(close_remaining,),
        )
    ]
)
SUBMISSION_WORKFLOW.extend(
    [
        Transition(
            "complete_replies",
            "全部答复",
            (S.HANDLING,),
            S.REPLIED,
            sends_replies,
            guard=all_answered,
            doc="各承办单位均已答复，待代表评价。",
        )
    ]
)
