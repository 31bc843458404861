"""The submission's transition table: 提 from draft to registration, merging, conversion, withdrawal.

Later stages (assignment, handling, evaluation) add their actions to this same table; every state is
already declared in ``SubmissionState``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.core.models import Deadline, Event
from banli.core.models.org import System, User
from banli.core.workflow import Transition, Workflow, record
from banli.submissions.models import FINAL_STATES, Submission, SubmissionKind, SubmissionState
from banli.submissions.policies import is_author, is_registry
from banli.submissions.services import confirmed_cosigners, intake_policy, next_number

S = SubmissionState
MERGE_TARGET_STATES = (S.SUBMITTED, S.REGISTERED, S.ASSIGNING, S.HANDLING)
#: Once answered, handling has ended: the author rates the reply instead of withdrawing the item.
HANDLED_STATES = (S.REPLIED, S.TRACKING)


def ready_to_submit(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    """Title and text are written; a motion has its minimum of confirmed co-signers."""
    missing = [
        label
        for label, value in (
            ("案由", sub.title),
            ("问题/情况或建议/办法", (sub.problem or "") + (sub.advice or "")),
        )
        if not (value or "").strip()
    ]
    if missing:
        return f"请先填写：{'、'.join(missing)}。"
    if sub.kind == SubmissionKind.MOTION:
        needed = intake_policy(sub.assembly, sub.year).motion_min_cosigners
        have = confirmed_cosigners(sub)
        if have < needed:
            return f"议案须有至少 {needed} 名代表附议，目前已确认 {have} 名。"
    return None


def stamp_submitted(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"submitted_at": timezone.now()}


def number_it(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"number": next_number(sub), "registered_at": timezone.now()}


def opinion_flag(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"opinion_converted": bool(data.get("to_opinion"))}


def valid_system(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    if "system" in data and data["system"] not in System.values:
        return "请选择办理系统（政府、党委、法院、检察院或其他）。"
    return None


def set_system(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"system": data["system"]}


def _merge_target(sub: Submission, data: dict[str, Any]) -> Submission | None:
    target = data.get("target")
    if isinstance(target, Submission):
        return target
    return None


def mergeable(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    if "target" not in data:
        return None
    target = _merge_target(sub, data)
    if target is None:
        return "找不到要并入的建议提案。"
    if target.pk == sub.pk:
        return "不能并入自身。"
    if target.assembly_id != sub.assembly_id:
        return "只能并入同一届人大或政协的件。"
    if target.state not in MERGE_TARGET_STATES or target.merged_into_id:
        return f"第{target.number or '—'}号（{target.get_state_display()}）不能再接收并案。"
    return None


def set_merged_into(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"merged_into": data["target"]}


def note_on_target(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    target: Submission = data["target"]
    record(
        target,
        "absorb",
        "接收并案",
        user,
        role=event.actor_role,
        comment=f"《{sub.title}》（领衔人：{sub.lead_author.name}）并入本件办理，答复时分别答复。",
        payload={"merged": sub.pk},
    )


def is_motion(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    return None if sub.kind == SubmissionKind.MOTION else "只有议案可以转为建议。"


def to_suggestion(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"kind": SubmissionKind.SUGGESTION, "converted_from": SubmissionKind.MOTION}


def stop_downstream(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    """Withdrawal stops everything: open assignments are cancelled and open deadlines closed."""
    from banli.assignments.models import Assignment, AssignmentState

    cancelled = Assignment.objects.filter(submission=sub).exclude(
        state__in=(AssignmentState.REPLIED, AssignmentState.CANCELLED)
    )
    count = cancelled.update(state=AssignmentState.CANCELLED)
    closed = Deadline.objects.filter(submission=sub, closed_at__isnull=True).update(closed_at=timezone.now())
    event.payload = {**event.payload, "assignments_cancelled": count, "deadlines_closed": closed}
    event.save(update_fields=["payload"])


SUBMISSION_WORKFLOW = Workflow(
    name="submission",
    label="建议提案",
    model=Submission,
    states=SubmissionState,
    transitions=[
        Transition(
            "submit",
            "提交",
            (S.DRAFT,),
            S.SUBMITTED,
            is_author,
            guard=ready_to_submit,
            apply=stamp_submitted,
            confirm="提交后交办机构将进行审查，提交前请确认内容无误。",
            doc="领衔人提交草稿，进入交办机构审查队列；议案须达到附议人数。",
        ),
        Transition(
            "resubmit",
            "修改后重新提交",
            (S.RETURNED,),
            S.SUBMITTED,
            is_author,
            guard=ready_to_submit,
            apply=stamp_submitted,
        ),
        Transition(
            "return_for_revision",
            "退回修改",
            (S.SUBMITTED,),
            S.RETURNED,
            is_registry,
            comment_required=True,
            style="warning",
            doc="退回领衔人修改，须写明修改意见。",
        ),
        Transition(
            "register",
            "立案",
            (S.SUBMITTED,),
            S.REGISTERED,
            is_registry,
            apply=number_it,
            doc="立案并按届次、会议（或年度）和类型连续编号。",
        ),
        Transition(
            "reject",
            "不予立案",
            (S.SUBMITTED,),
            S.NOT_REGISTERED,
            is_registry,
            needs={"reason": "不予立案理由"},
            apply=opinion_flag,
            confirm="不予立案后该件不再进入办理，确定吗？",
            style="danger",
            doc="按理由清单不予立案，可转为意见建议（社情民意）处理。",
        ),
        Transition(
            "merge",
            "并案",
            (S.SUBMITTED, S.REGISTERED),
            S.MERGED,
            is_registry,
            needs={"target": "并入的件"},
            guard=mergeable,
            apply=set_merged_into,
            after=(note_on_target,),
            confirm="并案后本件随目标件一并办理，领衔人仍单独收到答复，确定吗？",
            style="warning",
        ),
        Transition(
            "convert_motion",
            "议案转建议",
            (S.SUBMITTED,),
            S.SUBMITTED,
            is_registry,
            guard=is_motion,
            apply=to_suggestion,
            comment_required=True,
            doc="经主席团决定，议案转为建议处理，原类型保留在记录中。",
        ),
        Transition(
            "send_to_system",
            "转交办理系统",
            (S.REGISTERED,),
            S.ASSIGNING,
            is_registry,
            needs={"system": "办理系统"},
            guard=valid_system,
            apply=set_system,
        ),
        Transition(
            "withdraw",
            "撤回",
            tuple(s for s in S.values if s not in (*FINAL_STATES, S.DRAFT, *HANDLED_STATES)),
            S.WITHDRAWN,
            is_author,
            comment_required=True,
            after=(stop_downstream,),
            confirm="撤回后该件停止一切办理，且不可恢复，确定吗？",
            style="danger",
            doc="答复前，领衔人可书面撤回（须说明理由），交办和期限随之终止。",
        ),
    ],
)
