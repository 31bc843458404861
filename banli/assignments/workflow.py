"""交 transition tables: the submission's assignment acts, each assignment's, and adjustment requests'.

Submission (added to its table): pre_assign 预交办, assign 正式交办, reassign 调整承办单位 (while handled),
return_to_registry 退回交办机构. Assignment: assign, sign_receipt 签收, appoint_handler 指定经办人, cancel,
reinstate. AdjustmentRequest: accept 同意调整 (the office reassigns), refuse 不同意 (the unit keeps it).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.assignments.models import (
    LIVE_STATES,
    AdjustmentRequest,
    AdjustmentState,
    Assignment,
    AssignmentState,
)
from banli.assignments.policies import is_assigning_office, is_unit_liaison
from banli.assignments.services import (
    Plan,
    apply_plan,
    live_assignments,
    open_policy_deadline,
    plan_after,
    start_clocks,
    stop_clocks,
    validate_plan,
)
from banli.core.deadlines import close_deadline
from banli.core.models import Duty, Event, RoleCode, Unit, User
from banli.core.policies import roles_with
from banli.core.workflow import Transition, Workflow, transition
from banli.submissions.models import Submission, SubmissionState
from banli.submissions.policies import is_coordinator
from banli.submissions.workflow import SUBMISSION_WORKFLOW

A = AssignmentState
S = SubmissionState


# ---- the submission: choosing units ----------------------------------------------------------------------


def _plan(data: dict[str, Any]) -> Plan | None:
    plan = data.get("plan")
    return plan if isinstance(plan, Plan) else None


def plan_is_valid(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    plan = _plan(data)
    if plan is None:
        return "请选择办理方式和承办单位。" if "plan" in data else None
    return validate_plan(sub, plan)


def ready_to_assign(sub: Submission, user: User, data: dict[str, Any]) -> str | None:
    """Formal assignment: no adjustment pending, and a valid plan (given now, or the pre-assignment)."""
    pending = AdjustmentRequest.objects.filter(submission=sub, state=AdjustmentState.PENDING).count()
    if pending:
        return f"尚有 {pending} 个调整申请未审定，请先审定后再正式交办。"
    plan = _plan(data)
    if plan is not None:
        return validate_plan(sub, plan)
    current = live_assignments(sub)
    if not current:
        return "请先预交办或选择承办单位。"
    units = [(a.unit, a.role) for a in current]
    return validate_plan(sub, Plan(mode=sub.handling_mode, units=units, leader=sub.lead_leader))


def mode_fields(sub: Submission, user: User, data: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(data)
    if plan is None:
        return {}
    return {"handling_mode": plan.mode, "lead_leader": plan.leader}


def pre_assign_units(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    plan = _plan(data)
    assert plan is not None
    apply_plan(sub, plan, user, event.actor_role, formal=False)
    event.payload = {**event.payload, "plan": plan.describe(), **_recommendation_payload(plan, data)}
    event.save(update_fields=["payload"])


def assign_units(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    """正式交办: apply the plan given now, if any, then formally assign every pre-assigned unit."""
    plan = _plan(data)
    if plan is not None:
        apply_plan(sub, plan, user, event.actor_role, formal=True)
    for assignment in live_assignments(sub):
        if assignment.state == A.PRE_ASSIGNED:
            assignment.submission = sub
            transition(assignment, "assign", user)
    units = "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in live_assignments(sub))
    extra = _recommendation_payload(plan, data) if plan else {}
    event.comment = event.comment or f"交{units}办理"
    event.payload = {**event.payload, "units": units, **extra}
    event.save(update_fields=["comment", "payload"])


def reassign_units(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    """While handled: the office changes the units (designating them, when the item was disputed)."""
    plan = _plan(data)
    assert plan is not None
    for assignment in apply_plan(sub, plan, user, event.actor_role, formal=True):
        if data.get("designate"):
            Assignment.objects.filter(pk=assignment.pk).update(designated=True)
    event.payload = {**event.payload, "plan": plan.describe()}
    event.save(update_fields=["payload"])


def _recommendation_payload(plan: Plan | None, data: dict[str, Any]) -> dict[str, Any]:
    """Whether the lead unit chosen was among the recommended ones (for the recommender's hit rate)."""
    recommended = data.get("recommended")
    if plan is None or not isinstance(recommended, list) or not plan.units:
        return {}
    lead = plan.units[0][0].pk
    return {"recommended": recommended, "recommendation_taken": bool(recommended) and lead in recommended}


def release_units(sub: Submission, user: User, event: Event, data: dict[str, Any]) -> None:
    """退回交办机构: the item was sent to the wrong system; its pre-assignments are withdrawn."""
    for assignment in live_assignments(sub):
        assignment.submission = sub
        transition(assignment, "cancel", user, comment="退回交办机构")
    Submission.objects.filter(pk=sub.pk).update(system="", handling_mode="", lead_leader=None)
    sub.system, sub.handling_mode, sub.lead_leader = "", "", None


SUBMISSION_WORKFLOW.extend(
    [
        Transition(
            "pre_assign",
            "预交办",
            (S.ASSIGNING,),
            S.ASSIGNING,
            is_assigning_office,
            needs={"plan": "办理方式和承办单位"},
            guard=plan_is_valid,
            apply=mode_fields,
            after=(pre_assign_units,),
            doc="确定办理方式和承办单位，先行预交办，各单位可在期限内申请调整。",
        ),
        Transition(
            "assign",
            "正式交办",
            (S.ASSIGNING,),
            S.HANDLING,
            is_assigning_office,
            guard=ready_to_assign,
            apply=mode_fields,
            after=(assign_units,),
            confirm="正式交办后开始计算签收和办理期限，确定交办吗？",
            doc="正式交办各承办单位，开始计算签收、会办和答复期限。",
        ),
        Transition(
            "reassign",
            "调整承办单位",
            (S.HANDLING,),
            S.HANDLING,
            is_assigning_office,
            needs={"plan": "办理方式和承办单位"},
            guard=plan_is_valid,
            apply=mode_fields,
            after=(reassign_units,),
            comment_required=True,
            confirm="调整后被撤销的单位停止办理，新增的单位开始计算期限，确定调整吗？",
            style="warning",
            doc="对有争议或交办不当的件重新确定承办单位，可指定办理。",
        ),
        Transition(
            "return_to_registry",
            "退回交办机构",
            (S.ASSIGNING,),
            S.REGISTERED,
            is_coordinator,
            after=(release_units,),
            comment_required=True,
            style="warning",
            doc="不属本系统办理的件，退回交办机构重新确定办理系统。",
        ),
    ]
)


# ---- each assignment ------------------------------------------------------------------------------------


def item_is_handled(obj: Assignment, user: User, data: dict[str, Any]) -> str | None:
    if obj.submission.state != S.HANDLING:
        return "请通过正式交办操作交办该件。"
    return None


def stamp_assigned(obj: Assignment, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"assigned_at": timezone.now()}


def clocks_start(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    start_clocks(obj)


def stamp_received(obj: Assignment, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"received_at": timezone.now()}


def receipt_signed(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    """Signing closes the receipt duty and opens the window for asking an adjustment."""
    close_deadline(obj, Duty.SIGN_RECEIPT, obj.round)
    if not obj.designated:
        open_policy_deadline(obj, Duty.ADJUSTMENT, obj.received_at or timezone.now())


def clocks_stop(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    stop_clocks(obj)
    AdjustmentRequest.objects.filter(assignment=obj, state=AdjustmentState.PENDING).update(
        state=AdjustmentState.REFUSED, decided_by=user, decided_at=timezone.now()
    )


def stamp_reinstated(obj: Assignment, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"pre_assigned_at": timezone.now(), "assigned_at": None, "received_at": None, "handler": None}


def reopen_window(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    open_policy_deadline(obj, Duty.ADJUSTMENT, obj.pre_assigned_at or timezone.now())


def _handler(data: dict[str, Any]) -> User | None:
    handler = data.get("handler")
    return handler if isinstance(handler, User) else None


def handler_of_unit(obj: Assignment, user: User, data: dict[str, Any]) -> str | None:
    if "handler" not in data:
        return None
    handler = _handler(data)
    if handler is None or not any(r.unit_id == obj.unit_id for r in roles_with(handler, RoleCode.HANDLER)):
        return "请选择本单位的经办人。"
    return None


def set_handler(obj: Assignment, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"handler": _handler(data)}


def name_handler(obj: Assignment, user: User, event: Event, data: dict[str, Any]) -> None:
    handler = _handler(data)
    event.comment = event.comment or (handler.display_name if handler else "")
    event.save(update_fields=["comment"])


ASSIGNMENT_WORKFLOW = Workflow(
    name="assignment",
    label="交办",
    model=Assignment,
    states=AssignmentState,
    submission_of=lambda a: a.submission,
    transitions=[
        Transition(
            "assign",
            "正式交办",
            (A.PRE_ASSIGNED,),
            A.ASSIGNED,
            is_assigning_office,
            guard=item_is_handled,
            apply=stamp_assigned,
            after=(clocks_start,),
            doc="正式交办本单位，开始计算签收和办理期限。",
        ),
        Transition(
            "sign_receipt",
            "签收",
            (A.ASSIGNED,),
            A.RECEIVED,
            is_unit_liaison,
            apply=stamp_received,
            after=(receipt_signed,),
            doc="单位联络员签收交办件，开始办理。",
        ),
        Transition(
            "appoint_handler",
            "指定经办人",
            (A.RECEIVED,),
            A.RECEIVED,
            is_unit_liaison,
            needs={"handler": "经办人"},
            guard=handler_of_unit,
            apply=set_handler,
            after=(name_handler,),
        ),
        Transition(
            "cancel",
            "撤销交办",
            (A.PRE_ASSIGNED, A.ASSIGNED, A.RECEIVED),
            A.CANCELLED,
            is_assigning_office,
            after=(clocks_stop,),
            comment_required=True,
            style="danger",
        ),
        Transition(
            "reinstate",
            "重新交办",
            (A.CANCELLED,),
            A.PRE_ASSIGNED,
            is_assigning_office,
            apply=stamp_reinstated,
            after=(reopen_window,),
        ),
    ],
)


# ---- adjustment requests -----------------------------------------------------------------------------------


def _replacement(data: dict[str, Any]) -> Unit | None:
    unit = data.get("replacement")
    return unit if isinstance(unit, Unit) else None


def replacement_ok(obj: AdjustmentRequest, user: User, data: dict[str, Any]) -> str | None:
    """The item must keep a unit that answers the deputy; a replacement must be a new unit."""
    if obj.assignment.state not in LIVE_STATES:
        return "该交办已撤销。"
    if "replacement" not in data:
        return None  # judged once the office has said who takes over (or nobody)
    replacement = _replacement(data)
    if replacement is not None:
        taken = {a.unit_id for a in live_assignments(obj.submission) if a.pk != obj.assignment_id}
        if replacement.pk in taken or replacement.pk == obj.assignment.unit_id:
            return f"“{replacement.name}”已在承办单位中。"
    plan = plan_after(obj, data)
    if not plan.units:
        return "该件须有承办单位：同意退回时请指定改由哪个单位承办。"
    if obj.assignment.role != "co" and not any(r != "co" for _, r in plan.units):
        return "退回的是主办单位：请指定新的主办单位。"
    return validate_plan(obj.submission, plan)


def apply_decision(obj: AdjustmentRequest, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"decided_by": user, "decided_at": timezone.now()}


def reassign_after_accept(obj: AdjustmentRequest, user: User, event: Event, data: dict[str, Any]) -> None:
    """同意: the requesting unit is taken out and the replacement put in, in the item's current phase."""
    sub = obj.submission
    plan = plan_after(obj, data)
    formal = sub.state == S.HANDLING
    apply_plan(sub, plan, user, event.actor_role, formal=formal)
    Submission.objects.filter(pk=sub.pk).update(handling_mode=plan.mode)
    event.payload = {**event.payload, "plan": plan.describe()}
    event.save(update_fields=["payload"])


def keep_unit(obj: AdjustmentRequest, user: User, event: Event, data: dict[str, Any]) -> None:
    """不同意: the unit keeps the item; designated, it may not ask again."""
    if data.get("designate", True):
        Assignment.objects.filter(pk=obj.assignment_id).update(designated=True)


ADJUSTMENT_WORKFLOW = Workflow(
    name="adjustment",
    label="调整申请",
    model=AdjustmentRequest,
    states=AdjustmentState,
    submission_of=lambda r: r.submission,
    transitions=[
        Transition(
            "accept",
            "同意调整",
            (AdjustmentState.PENDING,),
            AdjustmentState.ACCEPTED,
            is_assigning_office,
            guard=replacement_ok,
            apply=apply_decision,
            after=(reassign_after_accept,),
            confirm="同意后该单位不再承办此件，确定吗？",
        ),
        Transition(
            "refuse",
            "不同意调整",
            (AdjustmentState.PENDING,),
            AdjustmentState.REFUSED,
            is_assigning_office,
            apply=apply_decision,
            after=(keep_unit,),
            comment_required=True,
            style="warning",
            doc="维持原交办，并指定该单位办理，不得再申请调整。",
        ),
    ],
)
