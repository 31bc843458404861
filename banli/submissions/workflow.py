"""The submission's transition table: 提 from draft to registration, and withdrawal.

Later stages (assignment, handling, evaluation) add their actions to this same table; the states
are all declared in ``SubmissionState``.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.core.models.org import System, User
from banli.core.workflow import Transition, Workflow
from banli.submissions.models import FINAL_STATES, Submission, SubmissionState
from banli.submissions.policies import is_author, is_registry
from banli.submissions.services import next_number

S = SubmissionState


def complete_enough(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    missing = [
        label
        for label, value in (("案由", sub.title), ("问题/情况", sub.problem), ("建议/办法", sub.advice))
        if not (value or "").strip()
    ]
    return f"请先填写：{'、'.join(missing)}。" if missing else None


def stamp_submitted(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"submitted_at": timezone.now()}


def number_it(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"number": next_number(sub), "registered_at": timezone.now()}


def system_chosen(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    if "system" not in data:
        return None  # listing available actions: the form asks for it
    return None if data["system"] in System.values else "请选择办理系统（政府、党委、法院、检察院或其他）。"


def set_system(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"system": data["system"]}


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
            guard=complete_enough,
            apply=stamp_submitted,
            doc="领衔人提交草稿，进入交办机构审查队列。",
        ),
        Transition(
            "resubmit",
            "修改后重新提交",
            (S.RETURNED,),
            S.SUBMITTED,
            is_author,
            guard=complete_enough,
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
            comment_required=True,
            confirm="不予立案后该件不再进入办理，确定吗？",
            style="danger",
        ),
        Transition(
            "send_to_system",
            "转交办理系统",
            (S.REGISTERED,),
            S.ASSIGNING,
            is_registry,
            guard=system_chosen,
            apply=set_system,
        ),
        Transition(
            "withdraw",
            "撤回",
            tuple(s for s in S.values if s not in (*FINAL_STATES, S.DRAFT)),
            S.WITHDRAWN,
            is_author,
            comment_required=True,
            confirm="撤回后该件停止一切办理，且不可恢复，确定吗？",
            style="danger",
            doc="领衔人书面撤回（须说明理由），办理终止。",
        ),
    ],
)
