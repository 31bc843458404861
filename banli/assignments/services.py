"""交 services: the handling policy in force, assignment plans, the clocks, adjustment requests.

Every write here runs inside the caller's transaction or its own, checks the policy itself and leaves an
event on the item's timeline. State changes go through :func:`banli.core.workflow.transition`.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from banli.assignments.models import (
    LIVE_STATES,
    POLICY_DUTIES,
    ROLE_ORDER,
    AdjustmentKind,
    AdjustmentRequest,
    AdjustmentState,
    Assignment,
    AssignmentRole,
    AssignmentState,
    HandlingPolicy,
)
from banli.core import changes
from banli.core.calendar import WorkCalendar, due_date, load_calendar
from banli.core.deadlines import close_deadline, open_deadline
from banli.core.models import Deadline, DeadlineUnit, Duty, RoleCode, Unit, UnitKind, User
from banli.core.policies import capacity, roles_with
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, record, transition
from banli.core.yearly import in_force
from banli.submissions.models import HandlingMode, Submission

A = AssignmentState
R = AssignmentRole


# ---- the policy in force ----------------------------------------------------------------------------


def handling_policy(assembly_id: int, year: int) -> HandlingPolicy:
    """The assembly's rules for the year, its general rules, or the defaults (unsaved)."""
    return in_force(HandlingPolicy, assembly_id, year)


def policy_for(sub: Submission) -> HandlingPolicy:
    """The policy of a submission, cached on the object for the request."""
    cached = getattr(sub, "_handling_policy", None)
    if cached is None:
        cached = handling_policy(sub.assembly_id, sub.year)
        sub._handling_policy = cached  # type: ignore[attr-defined]
    return cached


def attach_policies(subs: list[Submission]) -> None:
    """Load the policies of many items in one query (for pages that ask the policy per row)."""
    assemblies = {s.assembly_id for s in subs}
    rows = list(HandlingPolicy.objects.filter(assembly_id__in=assemblies))
    by_key = {(p.assembly_id, p.year): p for p in rows}
    for sub in subs:
        sub._handling_policy = (  # type: ignore[attr-defined]
            by_key.get((sub.assembly_id, sub.year))
            or by_key.get((sub.assembly_id, None))
            or HandlingPolicy(assembly_id=sub.assembly_id)
        )


def rule_for(policy: HandlingPolicy, duty: str, start: dt.date) -> tuple[int, str, dt.date | None]:
    """(amount, unit, fixed date) of the policy's rule for ``duty`` starting on ``start``.

    A reply due on a fixed day of the year (e.g. 8月31日) applies to items assigned before that day;
    an item assigned later gets the ordinary period.
    """
    amount, unit = policy.rule(duty)
    if duty == Duty.REPLY and policy.reply_fixed_month and policy.reply_fixed_day:
        last = _cal.monthrange(start.year, policy.reply_fixed_month)[1]
        fixed = dt.date(start.year, policy.reply_fixed_month, min(policy.reply_fixed_day, last))
        if fixed > start:
            return 0, DeadlineUnit.FIXED, fixed
    return amount, unit, None


def open_policy_deadline(
    target: Assignment, duty: str, start: dt.datetime | dt.date, cal: WorkCalendar | None = None
) -> Deadline:
    """Open ``duty`` on an assignment by the policy in force; editing the policy recomputes it."""
    start_on = timezone.localdate(start) if isinstance(start, dt.datetime) else start
    amount, unit, fixed = rule_for(policy_for(target.submission), duty, start_on)
    return open_deadline(
        target,
        duty,
        start_on,
        amount,
        unit,
        submission=target.submission,
        round=target.round,
        fixed_on=fixed,
        cal=cal,
        follows_policy=True,
    )


def recompute_policy_deadlines(assembly_id: int) -> int:
    """Recompute the open deadlines of an assembly's items that follow the handling policy.

    Called after a policy is saved or deleted. Returns how many due dates changed. Deadlines decided
    case by case (an approved extension) do not follow the policy and are left alone.
    """
    cal = load_calendar()
    policies: dict[int, HandlingPolicy] = {}
    changed = 0
    with writing():
        rows = (
            Deadline.objects.filter(
                closed_at__isnull=True,
                follows_policy=True,
                submission__assembly_id=assembly_id,
                duty__in=list(POLICY_DUTIES),
            )
            .select_for_update()
            .select_related("submission")
            .order_by("pk")
        )
        updates = []
        for deadline in rows:
            year = deadline.submission.year
            if year not in policies:
                policies[year] = handling_policy(assembly_id, year)
            amount, unit, fixed = rule_for(policies[year], deadline.duty, deadline.start_on)
            due = due_date(deadline.start_on, amount, unit, cal, fixed)
            new = (amount, unit, fixed, due.on, due.provisional)
            old = (deadline.amount, deadline.unit, deadline.fixed_on, deadline.due_on, deadline.provisional)
            if new != old:
                (deadline.amount, deadline.unit, deadline.fixed_on, deadline.due_on, deadline.provisional) = (
                    new
                )
                updates.append(deadline)
        Deadline.objects.bulk_update(
            updates, ["amount", "unit", "fixed_on", "due_on", "provisional"], batch_size=500
        )
        changes.touch({d.submission_id for d in updates})
        changed = len(updates)
    return changed


# ---- plans: which units, in which roles -----------------------------------------------------------------


@dataclass
class Plan:
    """What the assigning office decides: the handling mode and each unit's role (lead/sole first)."""

    mode: str
    units: list[tuple[Unit, str]] = field(default_factory=list)
    leader: User | None = None

    @classmethod
    def build(
        cls,
        mode: str,
        lead: Unit | None,
        others: list[Unit],
        leader: User | None = None,
    ) -> Plan:
        """From the form's choices: the lead (or sole) unit and the others (co-handlers, or the other
        units of a separate handling)."""
        units: list[tuple[Unit, str]] = []
        if mode == HandlingMode.SEPARATE:
            units = [(u, R.SEPARATE) for u in [*([lead] if lead else []), *others]]
        elif lead is not None:
            units = [(lead, R.LEAD if others else R.SOLE), *[(u, R.CO) for u in others]]
        return cls(mode=mode, units=units, leader=leader)

    def describe(self) -> str:
        return "、".join(f"{unit.name}（{AssignmentRole(role).label}）" for unit, role in self.units)


def validate_plan(sub: Submission, plan: Plan) -> str | None:
    """A Chinese reason the plan cannot be used for the item, or None."""
    if plan.mode not in HandlingMode.values:
        return "请选择办理方式。"
    if not plan.units:
        return "请至少选择一个承办单位。"
    ids = [unit.pk for unit, _ in plan.units]
    if len(set(ids)) != len(ids):
        return "同一单位不能重复交办。"
    for unit, _role in plan.units:
        if (
            unit.jurisdiction_id != sub.jurisdiction_id
            or unit.kind != UnitKind.HANDLING
            or not unit.is_active
        ):
            return f"“{unit.name}”不是本级在用的承办单位。"
    roles = [role for _, role in plan.units]
    if plan.mode == HandlingMode.SEPARATE:
        if len(roles) < 2 or set(roles) != {R.SEPARATE}:
            return "分别办理须选择至少两个承办单位。"
    elif plan.mode == HandlingMode.SOLE:
        if roles != [R.SOLE]:
            return "单独办理只能选择一个承办单位。"
    elif plan.mode == HandlingMode.LEAD_CO:
        if (
            roles.count(R.LEAD) != 1
            or roles.count(R.CO) < 1
            or len(roles) != roles.count(R.LEAD) + roles.count(R.CO)
        ):
            return "主办+会办须有一个主办单位和至少一个会办单位。"
    elif plan.mode == HandlingMode.LEADER_LED:
        if plan.leader is None:
            return "领导领办须选择领办领导。"
        if not roles_with(plan.leader, RoleCode.LEADER, jurisdiction_id=sub.jurisdiction_id):
            return f"“{plan.leader.display_name}”不是本级领导，不能领办。"
        if roles.count(R.LEAD) + roles.count(R.SOLE) != 1 or any(r == R.SEPARATE for r in roles):
            return "领导领办须有一个主办（或单独承办）单位。"
    return None


def live_assignments(sub: Submission) -> list[Assignment]:
    """The item's assignments of its current round that are not cancelled, lead first."""
    return list(
        Assignment.objects.filter(submission=sub, round=sub.round, state__in=LIVE_STATES)
        .select_related("unit", "submission")
        .order_by(ROLE_ORDER, "pk")
    )


def apply_plan(sub: Submission, plan: Plan, actor: User, role: str, *, formal: bool) -> list[Assignment]:
    """Make the item's current-round assignments match the plan.

    Units no longer in the plan are cancelled, units kept get their new role, new units are added
    (a unit cancelled earlier in the round is reinstated). New assignments are pre-assigned; with
    ``formal`` (the item is already being handled) they are formally assigned at once, starting their
    clocks. Every change is an event. Must run inside the caller's transaction.
    """
    assert transaction.get_connection().in_atomic_block, "apply_plan must run inside a transaction"
    now = timezone.now()
    wanted = {unit.pk: (unit, r) for unit, r in plan.units}
    existing = {
        a.unit_id: a
        for a in Assignment.objects.filter(submission=sub, round=sub.round).select_related(
            "unit", "submission"
        )
    }
    for unit_id, assignment in existing.items():
        assignment.submission = sub
        if unit_id not in wanted and assignment.state in LIVE_STATES:
            transition(assignment, "cancel", actor, comment="交办机构调整承办单位")
    result = []
    for unit_id, (unit, new_role) in wanted.items():
        assignment = existing.get(unit_id)
        if assignment is None:
            assignment = Assignment.objects.create(
                jurisdiction_id=sub.jurisdiction_id,
                submission=sub,
                unit=unit,
                round=sub.round,
                role=new_role,
                state=A.PRE_ASSIGNED,
                pre_assigned_at=now,
            )
            record(
                assignment, "pre_assign", "预交办", actor, role=role, comment=AssignmentRole(new_role).label
            )
            open_policy_deadline(assignment, Duty.ADJUSTMENT, now)
        else:
            if assignment.state == A.CANCELLED:
                transition(assignment, "reinstate", actor, comment="重新交办")
                assignment.refresh_from_db(fields=["pre_assigned_at", "state"])
            if assignment.role != new_role:
                old = assignment.get_role_display()
                Assignment.objects.filter(pk=assignment.pk).update(role=new_role)
                assignment.role = new_role
                record(
                    assignment,
                    "change_role",
                    "调整承办方式",
                    actor,
                    role=role,
                    comment=f"{old} → {assignment.get_role_display()}",
                )
                if assignment.state in (A.ASSIGNED, A.RECEIVED):
                    switch_answer_duty(assignment)
        if formal and assignment.state == A.PRE_ASSIGNED:
            transition(assignment, "assign", actor)
        result.append(assignment)
    return result


def start_clocks(assignment: Assignment, cal: WorkCalendar | None = None) -> None:
    """At the formal assignment: sign receipt, and the reply (answering units) or the opinion (co)."""
    at = assignment.assigned_at or timezone.now()
    close_deadline(assignment, Duty.ADJUSTMENT, assignment.round)
    open_policy_deadline(assignment, Duty.SIGN_RECEIPT, at, cal)
    open_policy_deadline(assignment, Duty.REPLY if assignment.answers_deputy else Duty.OPINION, at, cal)


def switch_answer_duty(assignment: Assignment) -> None:
    """A unit that became co-handler owes an opinion instead of a reply (and back), from its assignment."""
    closing, opening = (
        (Duty.REPLY, Duty.OPINION) if not assignment.answers_deputy else (Duty.OPINION, Duty.REPLY)
    )
    close_deadline(assignment, closing, assignment.round)
    open_policy_deadline(assignment, opening, assignment.assigned_at or timezone.now())


def stop_clocks(assignment: Assignment) -> int:
    """Close every open deadline of an assignment (it was cancelled)."""
    from django.contrib.contenttypes.models import ContentType

    closed = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=assignment.pk,
        closed_at__isnull=True,
    ).update(closed_at=timezone.now())
    if closed:
        changes.touch([assignment.submission_id])
    return closed


# ---- adjustment requests ------------------------------------------------------------------------------


def adjustment_window(assignment: Assignment) -> Deadline | None:
    """The open deadline for asking an adjustment, if the window is still running."""
    from django.contrib.contenttypes.models import ContentType

    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=assignment.pk,
        duty=Duty.ADJUSTMENT,
        round=assignment.round,
        closed_at__isnull=True,
    ).first()


def adjustment_refusal(assignment: Assignment, today: dt.date | None = None) -> str | None:
    """Why the unit may not ask for an adjustment now (Chinese), or None."""
    today = today or timezone.localdate()
    if assignment.state not in (A.PRE_ASSIGNED, A.ASSIGNED, A.RECEIVED):
        return f"该件当前为“{assignment.get_state_display()}”，不能申请调整。"
    if assignment.designated:
        return "该件已由协调机构指定本单位办理，不能再申请调整。"
    if AdjustmentRequest.objects.filter(assignment=assignment, state=AdjustmentState.PENDING).exists():
        return "本单位已提出调整申请，正在等待审定。"
    if assignment.state == A.ASSIGNED:
        return None  # the window opens at receipt; before signing, the unit may still ask
    window = adjustment_window(assignment)
    if window is None:
        return "申请调整的期限已过，请按交办意见办理。"
    if window.due_on < today:
        start = "签收" if assignment.state == A.RECEIVED else "预交办"
        return (
            f"申请调整须在{start}之日起{window.amount}个工作日内（截至{window.due_on:%Y年%-m月%-d日}）提出，"
            "已超过期限，请按交办意见办理。"
        )
    return None


def request_adjustment(
    assignment: Assignment,
    actor: User,
    kind: str,
    reason: str,
    suggested_unit: Unit | None = None,
) -> AdjustmentRequest:
    """A unit asks to be removed or replaced. Writes the request and an event; the item keeps its
    assignment until the assigning office decides. Raises a WorkflowError (Chinese) when refused."""
    role = capacity(actor, "assignment.request_adjustment", assignment)
    if not role:
        raise NotAllowed("只有本单位联络员可以申请调整。")
    reason = (reason or "").strip()
    if kind not in AdjustmentKind.values:
        raise GuardFailed("请选择申请事项。")
    if not reason:
        raise GuardFailed("申请调整须说明理由。")
    if suggested_unit is not None and (
        suggested_unit.jurisdiction_id != assignment.jurisdiction_id
        or suggested_unit.kind != UnitKind.HANDLING
        or suggested_unit.pk == assignment.unit_id
    ):
        raise GuardFailed("建议的承办单位无效。")
    with writing():
        locked = (
            Assignment.objects.select_for_update().select_related("submission", "unit").get(pk=assignment.pk)
        )
        refusal = adjustment_refusal(locked)
        if refusal:
            raise GuardFailed(refusal)
        request = AdjustmentRequest.objects.create(
            jurisdiction_id=locked.jurisdiction_id,
            submission_id=locked.submission_id,
            assignment=locked,
            kind=kind,
            reason=reason,
            suggested_unit=suggested_unit,
            requested_by=actor,
        )
        record(
            locked,
            "request_adjustment",
            "申请调整",
            actor,
            role=role,
            comment=reason,
            payload={
                "kind": kind,
                "request": request.pk,
                "suggested_unit": {"id": suggested_unit.pk, "label": suggested_unit.name}
                if suggested_unit
                else None,
            },
        )
    return request


def replacement_plan(request: AdjustmentRequest, replacement: Unit | None) -> Plan:
    """The item's plan once the requesting unit is taken out and ``replacement`` (if any) put in its
    place; one answering unit left alone becomes the sole unit."""
    sub = request.submission
    leaving = request.assignment
    units = [(a.unit, a.role) for a in live_assignments(sub) if a.pk != leaving.pk]
    if replacement is not None:
        units.insert(0 if leaving.role in (R.LEAD, R.SOLE) else len(units), (replacement, leaving.role))
    mode = sub.handling_mode or HandlingMode.SOLE
    roles = [r for _, r in units]
    if len(units) == 1 and mode != HandlingMode.LEADER_LED:
        units = [(units[0][0], R.SOLE)]
        mode = HandlingMode.SOLE
    elif mode == HandlingMode.LEAD_CO and R.CO not in roles and len(units) == 1:
        mode = HandlingMode.SOLE
    return Plan(mode=mode, units=units, leader=sub.lead_leader)


def plan_after(request: AdjustmentRequest, data: dict[str, Any]) -> Plan:
    replacement = data.get("replacement")
    return replacement_plan(request, replacement if isinstance(replacement, Unit) else None)
