"""办 services: the unit's plan and contacts, the reply draft and its commitments, co-handlers' opinions,
extensions, 文号, and what sending a reply sets off. Each checks the policy itself, runs in one
transaction and leaves an event on the item's timeline."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from banli.assignments.models import LIVE_STATES, Assignment, AssignmentRole, AssignmentState
from banli.assignments.services import policy_for
from banli.core.calendar import add_months
from banli.core.deadlines import close_deadline, open_deadline
from banli.core.models import Deadline, DeadlineUnit, Duty, Member, Unit, User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, record
from banli.handling.models import (
    ANSWERED_OPINIONS,
    EDITABLE_REPLY,
    Commitment,
    Contact,
    ContactMethod,
    ContactPhase,
    DocNumberPattern,
    DocNumberSequence,
    Extension,
    ExtensionState,
    HandlingPlan,
    Opinion,
    OpinionState,
    Reply,
    ReplyRecipient,
    ResultCategory,
    ResultScheme,
)
from banli.submissions.models import CosignatureState, Submission, SubmissionState

#: The duties a reply answers: the first reply, and the reply of a new round after 不满意.
ANSWER_DUTIES = (Duty.REPLY, Duty.REHANDLING)
#: The scheme used where the policy names none: the national A/B/C/D practice.
DEFAULT_SCHEME = "abcd"


def _must(user: User, perm: str, obj: object, message: str) -> str:
    role = capacity(user, perm, obj)
    if not role:
        raise NotAllowed(message)
    return role


def _working(assignment: Assignment) -> None:
    if assignment.state != AssignmentState.RECEIVED:
        raise GuardFailed(f"该件当前为“{assignment.get_state_display()}”，签收后方可办理。")


# ---- results --------------------------------------------------------------------------------------------


def scheme_for(sub: Submission) -> ResultScheme:
    """The result scheme the item's policy names, or the shared A/B/C/D scheme."""
    policy = policy_for(sub)
    if policy.result_scheme_id:
        return policy.result_scheme
    return ResultScheme.objects.get(jurisdiction__isnull=True, code=DEFAULT_SCHEME)


def categories_for(sub: Submission) -> list[ResultCategory]:
    return list(scheme_for(sub).categories.order_by("sort", "pk"))


# ---- inside the unit ------------------------------------------------------------------------------------


def save_plan(assignment: Assignment, actor: User, text: str) -> HandlingPlan:
    """Write or revise the handling plan (办理方案); the text goes on the timeline each time."""
    role = _must(actor, "handling.work", assignment, "只有本单位经办人或联络员可以填写办理方案。")
    text = (text or "").strip()
    if not text:
        raise GuardFailed("请填写办理方案。")
    _working(assignment)
    with writing():
        plan, created = HandlingPlan.objects.update_or_create(
            assignment=assignment, defaults={"text": text, "updated_by": actor}
        )
        record(
            assignment, "plan", "制定办理方案" if created else "修改办理方案", actor, role=role, comment=text
        )
    return plan


@dataclass
class ContactInput:
    method: str
    phase: str
    occurred_on: dt.date | None
    notes: str
    participants: str = ""
    member: Member | None = None


def add_contact(assignment: Assignment, actor: User, data: ContactInput) -> Contact:
    """Record a contact with the deputy (沟通记录)."""
    role = _must(actor, "handling.work", assignment, "只有本单位经办人或联络员可以记录沟通情况。")
    _working(assignment)
    errors = []
    if data.method not in ContactMethod.values:
        errors.append("沟通方式")
    if data.phase not in ContactPhase.values:
        errors.append("沟通阶段")
    if data.occurred_on is None:
        errors.append("沟通日期")
    if not (data.notes or "").strip():
        errors.append("沟通情况")
    if errors:
        raise GuardFailed(f"请填写：{'、'.join(errors)}。")
    assert data.occurred_on is not None
    if data.occurred_on > timezone.localdate():
        raise GuardFailed("沟通日期不能晚于今天。")
    authors = _author_ids(assignment.submission)
    if data.member is not None and data.member.pk not in authors:
        raise GuardFailed("所选代表/委员不是本件的提出人。")
    with writing():
        contact = Contact.objects.create(
            jurisdiction_id=assignment.jurisdiction_id,
            submission_id=assignment.submission_id,
            assignment=assignment,
            method=data.method,
            phase=data.phase,
            occurred_on=data.occurred_on,
            member=data.member,
            participants=data.participants.strip()[:200],
            notes=data.notes.strip(),
            recorded_by=actor,
        )
        record(
            assignment,
            "contact",
            "沟通记录",
            actor,
            role=role,
            comment=f"{contact.get_phase_display()}{contact.get_method_display()}（{data.occurred_on:%Y-%m-%d}）",
            payload={"contact": contact.pk},
        )
    return contact


def _author_ids(sub: Submission) -> set[int]:
    ids = {sub.lead_author_id}
    ids |= set(sub.cosignatures.filter(state=CosignatureState.CONFIRMED).values_list("member_id", flat=True))
    return ids


def contact_made(assignment: Assignment, method: str | None = None) -> bool:
    contacts = Contact.objects.filter(assignment=assignment)
    return (contacts.filter(method=method) if method else contacts).exists()


# ---- co-handlers' opinions ---------------------------------------------------------------------------------


def opinion_of(assignment: Assignment) -> Opinion:
    """The co-handler's opinion row, created empty on first use."""
    opinion, _ = Opinion.objects.get_or_create(
        assignment=assignment,
        defaults={"jurisdiction_id": assignment.jurisdiction_id, "submission_id": assignment.submission_id},
    )
    return opinion


def save_opinion(
    assignment: Assignment, actor: User, text: str, person: str = "", phone: str = ""
) -> Opinion:
    """The co-handler writes (or revises, after a return) its opinion; sending is a transition."""
    _must(actor, "handling.work", assignment, "只有本会办单位的经办人或联络员可以填写会办意见。")
    if assignment.role != AssignmentRole.CO:
        raise GuardFailed("只有会办单位提出会办意见。")
    _working(assignment)
    opinion = opinion_of(assignment)
    if opinion.state not in (OpinionState.DRAFT, OpinionState.RETURNED):
        raise GuardFailed(f"会办意见当前为“{opinion.get_state_display()}”，不能修改。")
    Opinion.objects.filter(pk=opinion.pk).update(
        text=(text or "").strip(), contact_person=person.strip()[:30], contact_phone=phone.strip()[:30]
    )
    opinion.refresh_from_db()
    return opinion


def co_handlers(assignment: Assignment) -> list[Assignment]:
    """The live co-handling assignments of the same item and round, with their opinions loaded."""
    return list(
        Assignment.objects.filter(
            submission_id=assignment.submission_id,
            round=assignment.round,
            role=AssignmentRole.CO,
            state__in=LIVE_STATES,
        )
        .select_related("unit", "opinion")
        .order_by("pk")
    )


def opinions_missing(assignment: Assignment) -> list[str]:
    """Names of the co-handlers whose opinion is neither in nor recorded as lapsed."""
    missing = []
    for co in co_handlers(assignment):
        opinion = getattr(co, "opinion", None)
        if opinion is None or opinion.state not in ANSWERED_OPINIONS:
            missing.append(co.unit.name)
    return missing


def opinion_deadline(opinion: Opinion) -> Deadline | None:
    from django.contrib.contenttypes.models import ContentType

    return (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Assignment),
            object_id=opinion.assignment_id,
            duty=Duty.OPINION,
        )
        .order_by("-round")
        .first()
    )


# ---- the reply ----------------------------------------------------------------------------------------------


def reply_of(assignment: Assignment) -> Reply:
    """The answering unit's reply of the current round, created empty on first use."""
    if not assignment.answers_deputy:
        raise GuardFailed("会办单位不直接答复代表，请提出会办意见。")
    sub = assignment.submission
    reply, _ = Reply.objects.get_or_create(
        assignment=assignment,
        round=sub.round,
        defaults={
            "jurisdiction_id": assignment.jurisdiction_id,
            "submission": sub,
            "copy_to": default_copy_to(sub),
        },
    )
    return reply


def default_copy_to(sub: Submission) -> str:
    """抄送: the registry office and the coordinating office of the item's system."""
    names = list(
        Unit.objects.filter(
            jurisdiction_id=sub.jurisdiction_id, kind="registry", assembly_kind=sub.assembly.kind
        ).values_list("name", flat=True)
    )
    if sub.system:
        names += list(
            Unit.objects.filter(
                jurisdiction_id=sub.jurisdiction_id, kind="coordinator", system=sub.system
            ).values_list("name", flat=True)
        )
    return "，".join(names)


@dataclass
class ReplyDraft:
    result: ResultCategory | None
    text: str
    contact_person: str
    contact_phone: str
    copy_to: str = ""
    commitments: list[tuple[str, dt.date]] = field(default_factory=list)


def save_reply(assignment: Assignment, actor: User, draft: ReplyDraft) -> Reply:
    """Write the reply draft and its commitments (replacing the earlier ones). Only while it is editable."""
    role = _must(actor, "handling.work", assignment, "只有本单位经办人或联络员可以起草答复。")
    _working(assignment)
    sub = assignment.submission
    if draft.result is not None and draft.result.scheme_id != scheme_for(sub).pk:
        raise GuardFailed("办理结果不属于本级使用的分类方案。")
    today = timezone.localdate()
    for text, due in draft.commitments:
        if not text.strip():
            raise GuardFailed("承诺事项须写明内容。")
        if due < today:
            raise GuardFailed(f"承诺事项“{text[:20]}”的完成时限不能早于今天。")
    with writing():
        reply = Reply.objects.select_for_update().get(pk=reply_of(assignment).pk)
        if reply.state not in EDITABLE_REPLY:
            raise GuardFailed(f"答复当前为“{reply.get_state_display()}”，不能修改。")
        reply.result = draft.result
        reply.text = draft.text.strip()
        reply.contact_person = draft.contact_person.strip()[:30]
        reply.contact_phone = draft.contact_phone.strip()[:30]
        reply.copy_to = (draft.copy_to or reply.copy_to).strip()[:200]
        reply.drafted_by = actor
        reply.save()
        reply.commitments.all().delete()
        Commitment.objects.bulk_create(
            Commitment(
                jurisdiction_id=reply.jurisdiction_id,
                submission_id=reply.submission_id,
                reply=reply,
                text=t.strip()[:300],
                due_on=d,
            )
            for t, d in draft.commitments
        )
        record(reply, "save", "保存答复稿", actor, role=role)
    return reply


def reply_problems(reply: Reply) -> list[str]:
    """What keeps the handler from submitting the reply for approval (Chinese), empty when ready."""
    assignment = reply.assignment
    problems = [
        label
        for label, value in (
            ("办理结果", reply.result_id),
            ("答复正文", reply.text.strip()),
            ("联系人", reply.contact_person.strip()),
            ("联系电话", reply.contact_phone.strip()),
        )
        if not value
    ]
    out = [f"请先填写：{'、'.join(problems)}。"] if problems else []
    policy = policy_for(reply.submission)
    if policy.require_contact and not contact_made(assignment):
        out.append("答复前须与代表沟通并记录沟通情况。")
    if reply.submission.round > policy.consultation_after_rounds and not contact_made(
        assignment, ContactMethod.FACE
    ):
        out.append(
            f"代表对前次答复不满意，重新办理后答复前须与代表当面协商（面商）并记录（第{reply.submission.round}轮办理）。"
        )
    missing = opinions_missing(assignment)
    if missing:
        out.append(f"尚待会办单位提出会办意见：{'、'.join(missing)}（逾期未提出的，可记录后答复）。")
    return out


def next_doc_number(unit: Unit, year: int) -> str:
    """The unit's next 文号 for the year, gapless (inside the signing transaction)."""
    assert transaction.get_connection().in_atomic_block, "next_doc_number must run inside a transaction"
    seq, _ = DocNumberSequence.objects.get_or_create(unit=unit, year=year)
    DocNumberSequence.objects.filter(pk=seq.pk).update(last=F("last") + 1)
    n = DocNumberSequence.objects.values_list("last", flat=True).get(pk=seq.pk)
    pattern = DocNumberPattern.objects.filter(unit=unit).values_list("pattern", flat=True).first()
    pattern = pattern or f"{unit.short_name or unit.name}复〔{{year}}〕{{n}}号"
    return pattern.format(year=year, n=n)


def recipients(sub: Submission) -> list[tuple[Submission, Member, bool]]:
    """Who the reply answers: the item's lead author (and confirmed co-signers when the policy says
    each author gets a reply), then likewise the authors of each item merged into it."""
    per_author = policy_for(sub).reply_per_author
    out: list[tuple[Submission, Member, bool]] = []
    for item in [sub, *sub.merged_items.select_related("lead_author").order_by("number", "pk")]:
        out.append((item, item.lead_author, True))
        if per_author:
            for cos in item.cosignatures.filter(state=CosignatureState.CONFIRMED).select_related("member"):
                out.append((item, cos.member, False))
    return out


def deliver(reply: Reply, actor: User) -> None:
    """What sending sets off, inside the sending transaction: the recipients (each with a letter), the
    commitments' deadlines, the evaluation and publication deadlines, the reply duty closed; and once
    every answering unit has replied, the co-handlers' assignments and the item move on to 已答复."""
    from banli.core.workflow import transition

    sub = reply.submission
    assignment = reply.assignment
    sent_on = timezone.localdate(reply.sent_at or timezone.now())
    rows = [
        ReplyRecipient(reply=reply, submission=item, member=member, is_lead=is_lead)
        for item, member, is_lead in recipients(sub)
    ]
    ReplyRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    from banli.handling.letters import attach_letters

    attach_letters(reply, actor)
    for commitment in reply.commitments.all():
        open_deadline(
            commitment,
            Duty.COMMITMENT,
            sent_on,
            0,
            DeadlineUnit.FIXED,
            submission=sub,
            fixed_on=commitment.due_on,
        )
    policy = policy_for(sub)
    from banli.portal.services import blockers

    # A reply that may never be published (an item it answers is confidential or its author refused)
    # owes no publication: no deadline, so no reminder and no overdue mark.
    if not blockers(reply):
        amount, unit = policy.rule(Duty.PUBLICATION)
        open_deadline(
            reply,
            Duty.PUBLICATION,
            sent_on,
            amount,
            unit,
            submission=sub,
            round=reply.round,
            follows_policy=True,
        )
    amount, unit = policy.rule(Duty.EVALUATION)
    for recipient in reply.recipients.all():
        open_deadline(
            recipient,
            Duty.EVALUATION,
            sent_on,
            amount,
            unit,
            submission=sub,
            round=reply.round,
            follows_policy=True,
        )
    for duty in ANSWER_DUTIES:
        close_deadline(assignment, duty, assignment.round)
    transition(assignment, "mark_replied", actor)
    answering = Assignment.objects.filter(submission=sub, round=sub.round, state__in=LIVE_STATES).exclude(
        role=AssignmentRole.CO
    )
    if not answering.exclude(state=AssignmentState.REPLIED).exists():
        for co in Assignment.objects.filter(
            submission=sub, round=sub.round, role=AssignmentRole.CO, state=AssignmentState.RECEIVED
        ):
            co.submission = sub
            transition(co, "mark_replied", actor)
        if sub.state == SubmissionState.HANDLING:
            transition(sub, "complete_replies", actor)


# ---- extensions -------------------------------------------------------------------------------------------


_NOT_LOADED = object()


def reply_deadline(assignment: Assignment) -> Deadline | None:
    """The assignment's open reply (or re-handling) deadline of its round; the one
    ``attach_reply_deadlines`` loaded, where a page loaded them for many."""
    from django.contrib.contenttypes.models import ContentType

    loaded = getattr(assignment, "_reply_deadline", _NOT_LOADED)
    if loaded is not _NOT_LOADED:
        return loaded  # type: ignore[return-value]
    return Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=assignment.pk,
        duty__in=ANSWER_DUTIES,
        round=assignment.round,
        closed_at__isnull=True,
    ).first()


def attach_reply_deadlines(assignments: list[Assignment]) -> None:
    """Load the open reply deadlines of many assignments in one query, for pages that judge a guard
    asking ``reply_deadline`` on every row (the extension requests on the office's desk)."""
    from django.contrib.contenttypes.models import ContentType

    rows = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id__in={a.pk for a in assignments},
        duty__in=ANSWER_DUTIES,
        closed_at__isnull=True,
    ).order_by("pk")
    first: dict[tuple[int, int], Deadline] = {}
    for deadline in rows:
        first.setdefault((deadline.object_id, deadline.round), deadline)
    for a in assignments:
        a._reply_deadline = first.get((a.pk, a.round))  # type: ignore[attr-defined]


def extension_ceiling(assignment: Assignment) -> dt.date:
    """The latest reply date an extension may give: N months (policy, default 6) from the assignment."""
    start = timezone.localdate(assignment.assigned_at) if assignment.assigned_at else timezone.localdate()
    return add_months(start, policy_for(assignment.submission).extension_ceiling_months)


def request_extension(assignment: Assignment, actor: User, until: dt.date | None, reason: str) -> Extension:
    """延期申请: before the due date, for a date after it and within the ceiling, with a reason."""
    role = _must(actor, "handling.request_extension", assignment, "只有本单位人员可以申请延期。")
    reason = (reason or "").strip()
    if not reason:
        raise GuardFailed("申请延期须说明理由。")
    if until is None:
        raise GuardFailed("请填写申请延至的日期。")
    with writing():
        locked = Assignment.objects.select_for_update().select_related("submission").get(pk=assignment.pk)
        if not locked.answers_deputy or locked.state not in (
            AssignmentState.ASSIGNED,
            AssignmentState.RECEIVED,
        ):
            raise GuardFailed("只有尚未答复的主办（单独、分别）单位可以申请延期。")
        deadline = reply_deadline(locked)
        if deadline is None:
            raise GuardFailed("该件没有进行中的答复期限。")
        today = timezone.localdate()
        if today > deadline.due_on:
            raise GuardFailed(f"答复期限（{deadline.due_on:%Y年%-m月%-d日}）已过，不能再申请延期。")
        if until <= deadline.due_on:
            raise GuardFailed(f"申请延至的日期须晚于现答复期限（{deadline.due_on:%Y年%-m月%-d日}）。")
        ceiling = extension_ceiling(locked)
        if until > ceiling:
            raise GuardFailed(f"延期后的答复期限不得晚于{ceiling:%Y年%-m月%-d日}（自交办之日起最长期限）。")
        if Extension.objects.filter(assignment=locked, state=ExtensionState.PENDING).exists():
            raise GuardFailed("已有延期申请正在审批。")
        ext = Extension.objects.create(
            jurisdiction_id=locked.jurisdiction_id,
            submission_id=locked.submission_id,
            assignment=locked,
            old_due_on=deadline.due_on,
            requested_due_on=until,
            reason=reason,
            requested_by=actor,
        )
        record(
            locked,
            "request_extension",
            "申请延期",
            actor,
            role=role,
            comment=reason,
            payload={"until": f"{until:%Y-%m-%d}", "extension": ext.pk},
        )
    return ext


def reopen_reply_deadline(assignment: Assignment, until: dt.date) -> None:
    """An approved extension: the reply is due on the date granted, whatever the policy says later."""
    current = reply_deadline(assignment)
    open_deadline(
        assignment,
        current.duty if current else Duty.REPLY,
        timezone.localdate(assignment.assigned_at) if assignment.assigned_at else timezone.localdate(),
        0,
        DeadlineUnit.FIXED,
        submission=assignment.submission,
        round=assignment.round,
        fixed_on=until,
    )
