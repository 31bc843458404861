"""评 services: rating a reply and what follows (close, track, or a new handling round), second replies,
closing out commitments, carrying unfinished items into the next year, and the 回头看 checklists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from banli.assignments.models import LIVE_STATES, Assignment, AssignmentRole, AssignmentState
from banli.assignments.services import open_policy_deadline
from banli.core.deadlines import close_deadline
from banli.core.models import Duty, User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, record, transition
from banli.evaluation.models import (
    CarryOver,
    Evaluation,
    FollowUp,
    FollowUpState,
    RatingOption,
    ReviewCampaign,
    ReviewCheck,
    ReviewItem,
)
from banli.handling.models import (
    TO_FOLLOW_UP,
    Commitment,
    CommitmentState,
    Reply,
    ReplyRecipient,
    ReplyState,
    ResultCategory,
    SemanticType,
)
from banli.submissions.models import Submission, SubmissionState

S = SubmissionState


def rating_options(jurisdiction_id: int) -> list[RatingOption]:
    """The jurisdiction's own rating options, else the shared defaults."""
    own = list(RatingOption.objects.filter(jurisdiction_id=jurisdiction_id))
    return own or list(RatingOption.objects.filter(jurisdiction__isnull=True))


@dataclass
class Rating:
    option: RatingOption
    comment: str = ""
    contact_made: bool | None = None
    attitude: str = ""
    relevance: str = ""


def evaluate(
    recipient: ReplyRecipient, actor: User | None, rating: Rating, *, automatic: bool = False
) -> Evaluation:
    """The author rates the reply addressed to them; dissatisfaction needs the reasons. Then the item
    moves on once every answering reply of the round has its lead author's rating (see :func:`settle`).
    ``automatic`` (no actor) applies the policy's rule for an evaluation not given in time."""
    if not automatic and (actor is None or not capacity(actor, "evaluation.rate", recipient)):
        raise NotAllowed("只有答复对象本人可以评价。")
    if rating.option.pk not in {o.pk for o in rating_options(recipient.reply.jurisdiction_id)}:
        raise GuardFailed("请选择有效的评价。")
    comment = (rating.comment or "").strip()
    if rating.option.reopens and not comment and not automatic:
        raise GuardFailed(f"评价为“{rating.option.label}”时，请写明不满意的理由，以便承办单位重新办理。")
    with writing():
        locked = (
            ReplyRecipient.objects.select_for_update()
            .select_related("reply", "submission", "member")
            .get(pk=recipient.pk)
        )
        if locked.reply.state != ReplyState.SENT:
            raise GuardFailed("该答复尚未发出，不能评价。")
        if Evaluation.objects.filter(recipient=locked).exists():
            raise GuardFailed("您已评价过该答复。")
        evaluation = Evaluation.objects.create(
            jurisdiction_id=locked.reply.jurisdiction_id,
            submission=locked.submission,
            reply=locked.reply,
            recipient=locked,
            member=locked.member,
            rating=rating.option,
            contact_made=rating.contact_made,
            attitude=rating.attitude,
            relevance=rating.relevance,
            comment=comment,
            automatic=automatic,
        )
        close_deadline(locked, Duty.EVALUATION, locked.reply.round)
        label = f"逾期未评价，按规则认定为“{rating.option.label}”" if automatic else rating.option.label
        record(
            locked.submission,
            "evaluate",
            "满意度评价",
            actor,
            role="系统" if automatic else "提出人",
            comment=f"{locked.member.name}：{label}" + (f"。{comment}" if comment else ""),
            payload={"rating": rating.option.code, "reply": locked.reply_id, "automatic": automatic},
        )
        settle(locked.reply.submission, actor, by_system=automatic)
    return evaluation


def round_replies(sub: Submission) -> list[Reply]:
    return list(
        Reply.objects.filter(submission=sub, round=sub.round, state=ReplyState.SENT).select_related(
            "assignment", "result"
        )
    )


def outcome(sub: Submission) -> tuple[str, list[Reply]] | None:
    """What the ratings of the current round decide: ("reopen", the replies rated so), ("track", …) when a
    reply promises further work, ("close", …); None while a lead author's rating is missing."""
    replies = round_replies(sub)
    if not replies:
        return None
    ratings = {
        e.reply_id: e
        for e in Evaluation.objects.filter(
            reply__in=replies, recipient__submission=sub, recipient__is_lead=True
        ).select_related("rating")
    }
    if any(r.pk not in ratings for r in replies):
        return None
    bad = [r for r in replies if ratings[r.pk].rating.reopens]
    if bad:
        return "reopen", bad
    if any(r.result and r.result.semantic_type in TO_FOLLOW_UP for r in replies):
        return "track", replies
    return "close", replies


def settle(sub: Submission, actor: User | None, *, by_system: bool = False) -> str | None:
    """Move the item on by its ratings: a new handling round, tracking, or closed. Returns the act."""
    sub = Submission.objects.select_related("assembly").get(pk=sub.pk)
    if sub.state != S.REPLIED:
        return None
    decided = outcome(sub)
    if decided is None:
        return None
    action, _ = decided
    transition(sub, action, actor, by_system=by_system)
    return action


def reopen_units(sub: Submission, replies: list[Reply], actor: User | None, reasons: str) -> list[Assignment]:
    """重新办理: each unit whose reply was found unsatisfactory gets the item back in a new round, signed
    already, with the re-handling deadline and the deputy's reasons on its timeline."""
    now = timezone.now()
    created = []
    for reply in replies:
        old = reply.assignment
        new = Assignment.objects.create(
            jurisdiction_id=sub.jurisdiction_id,
            submission=sub,
            unit_id=old.unit_id,
            round=sub.round,
            role=old.role,
            state=AssignmentState.RECEIVED,
            handler_id=old.handler_id,
            designated=True,
            pre_assigned_at=now,
            assigned_at=now,
            received_at=now,
        )
        new.submission = sub
        open_policy_deadline(new, Duty.REHANDLING, now)
        record(new, "rehandle", "重新办理", actor, role="提出人" if actor else "系统", comment=reasons)
        created.append(new)
    return created


# ---- second replies and commitments ---------------------------------------------------------------------------


def follow_up_of(reply: Reply, actor: User) -> FollowUp:
    """The open second reply on a reply of an item being tracked, created on first use."""
    if not capacity(actor, "handling.work", reply.assignment):
        raise NotAllowed("只有本单位经办人或联络员可以起草二次答复。")
    if reply.submission.state != S.TRACKING or reply.state != ReplyState.SENT:
        raise GuardFailed("只有跟踪办理中的件可以二次答复。")
    follow_up = FollowUp.objects.filter(reply=reply).exclude(state=FollowUpState.SENT).first()
    return follow_up or FollowUp.objects.create(
        jurisdiction_id=reply.jurisdiction_id,
        submission_id=reply.submission_id,
        reply=reply,
        result=reply.result,
    )


def save_follow_up(follow_up: FollowUp, actor: User, result: ResultCategory | None, text: str) -> FollowUp:
    if follow_up.state != FollowUpState.DRAFT:
        raise GuardFailed("二次答复已提交签发，不能修改。")
    if not capacity(actor, "handling.work", follow_up.reply.assignment):
        raise NotAllowed("只有本单位经办人或联络员可以起草二次答复。")
    if result is not None and result.scheme_id != (
        follow_up.reply.result.scheme_id if follow_up.reply.result else None
    ):
        raise GuardFailed("办理结果不属于本级使用的分类方案。")
    FollowUp.objects.filter(pk=follow_up.pk).update(
        result=result, text=(text or "").strip(), written_by=actor
    )
    follow_up.refresh_from_db()
    return follow_up


def current_result(sub: Submission) -> dict[int, ResultCategory | None]:
    """Each answering unit's result as it stands: the latest sent second reply's, else its reply's."""
    out: dict[int, ResultCategory | None] = {}
    for reply in (
        Reply.objects.filter(submission=sub, state=ReplyState.SENT)
        .select_related("result")
        .order_by("round", "pk")
    ):
        out[reply.assignment.unit_id] = reply.result
        latest = (
            FollowUp.objects.filter(reply=reply, state=FollowUpState.SENT)
            .select_related("result")
            .order_by("-sent_at")
            .first()
        )
        if latest is not None:
            out[reply.assignment.unit_id] = latest.result
    return out


def all_solved(sub: Submission) -> bool:
    results = current_result(sub).values()
    return bool(results) and all(r is not None and r.semantic_type == SemanticType.SOLVED for r in results)


def close_commitment(commitment: Commitment, actor: User, evidence: str) -> Commitment:
    """销号: the unit closes out a promise with what it did."""
    role = capacity(actor, "handling.work", commitment.reply.assignment)
    if not role:
        raise NotAllowed("只有承诺单位的经办人或联络员可以销号。")
    evidence = (evidence or "").strip()
    if not evidence:
        raise GuardFailed("销号须写明完成情况。")
    with writing():
        updated = Commitment.objects.filter(pk=commitment.pk, state=CommitmentState.OPEN).update(
            state=CommitmentState.DONE, closed_at=timezone.now(), evidence=evidence
        )
        if not updated:
            raise GuardFailed("该承诺事项已销号。")
        close_deadline(commitment, Duty.COMMITMENT)
        record(
            commitment.reply,
            "close_commitment",
            "承诺事项销号",
            actor,
            role=role,
            comment=f"{commitment.text}：{evidence}",
            payload={"commitment": commitment.pk},
        )
    commitment.refresh_from_db()
    return commitment


# ---- carry-over and 回头看 -----------------------------------------------------------------------------------


UNFINISHED = (S.HANDLING, S.REPLIED, S.TRACKING)


def carry_over(jurisdiction_id: int, from_year: int, actor: User) -> int:
    """跨年度: every unfinished item of the year (still handled, awaiting its rating, or being tracked) is
    carried into the next year's handling, with its history. Returns how many; idempotent."""
    if not capacity(actor, "evaluation.carry_over", None):
        raise NotAllowed("只有交办机构可以办理跨年度结转。")
    items = (
        Submission.objects.filter(jurisdiction_id=jurisdiction_id, state__in=UNFINISHED)
        .filter(Q(year=from_year) | Q(carry_overs__to_year=from_year))
        .distinct()
    )
    done = 0
    with writing():
        for sub in items.select_related("assembly"):
            _, created = CarryOver.objects.get_or_create(
                submission=sub,
                to_year=from_year + 1,
                defaults={
                    "jurisdiction_id": jurisdiction_id,
                    "from_year": from_year,
                    "reason": sub.get_state_display(),
                    "created_by": actor,
                },
            )
            if created:
                done += 1
                record(
                    sub,
                    "carry_over",
                    "跨年度办理",
                    actor,
                    role="交办机构",
                    comment=f"{from_year}年未办结，转入{from_year + 1}年继续办理",
                )
    return done


CHECK_FOR = {
    SemanticType.SOLVED: ReviewCheck.VERIFY_SOLVED,
    SemanticType.IN_PROGRESS: ReviewCheck.TRACK_PROGRESS,
    SemanticType.PLANNED: ReviewCheck.TRACK_PROGRESS,
    SemanticType.DEFERRED: ReviewCheck.REEXAMINE,
    SemanticType.REFERENCE: ReviewCheck.REEXAMINE,
}


def start_review(jurisdiction_id: int, title: str, years: list[int], actor: User) -> ReviewCampaign:
    """回头看: a checklist line for every answering unit's result of the years reviewed."""
    if not capacity(actor, "evaluation.carry_over", None):
        raise NotAllowed("只有交办机构可以组织回头看。")
    if not years or not (title or "").strip():
        raise GuardFailed("请填写名称和复查年度。")
    with writing():
        campaign = ReviewCampaign.objects.create(
            jurisdiction_id=jurisdiction_id,
            title=title.strip(),
            years=",".join(map(str, years)),
            created_by=actor,
        )
        subs = Submission.objects.filter(
            jurisdiction_id=jurisdiction_id, year__in=years, state__in=(S.CLOSED, S.TRACKING, S.REPLIED)
        )
        rows = []
        for sub in subs:
            for unit_id, result in current_result(sub).items():
                if result is not None:
                    rows.append(
                        ReviewItem(
                            campaign=campaign,
                            submission=sub,
                            unit_id=unit_id,
                            check_kind=CHECK_FOR[result.semantic_type],
                        )
                    )
        ReviewItem.objects.bulk_create(rows, ignore_conflicts=True)
    return campaign


def record_review(item: ReviewItem, actor: User, outcome_text: str, resolved: bool | None) -> ReviewItem:
    """The unit records what it found for one checklist line."""
    assignment = (
        Assignment.objects.filter(submission=item.submission, unit=item.unit, state__in=LIVE_STATES)
        .exclude(role=AssignmentRole.CO)
        .first()
    )
    role = capacity(actor, "handling.work", assignment) if assignment else None
    if not role:
        raise NotAllowed("只有承办单位的经办人或联络员可以填写回头看结果。")
    if not (outcome_text or "").strip():
        raise GuardFailed("请填写复查结果。")
    ReviewItem.objects.filter(pk=item.pk).update(
        outcome=outcome_text.strip(), resolved=resolved, recorded_by=actor, recorded_at=timezone.now()
    )
    record(
        item.submission,
        "review",
        "回头看",
        actor,
        role=role,
        comment=f"{item.get_check_kind_display()}：{outcome_text.strip()}",
    )
    item.refresh_from_db()
    return item


def apply_unanswered(today: dt.date | None = None) -> int:
    """Apply each policy's rule to evaluations not given by their deadline (the worker runs this):
    the rating named by ``HandlingPolicy.unanswered_evaluation`` is recorded as the system's. Returns
    how many were applied; a rule left empty leaves the evaluation open."""
    from django.contrib.contenttypes.models import ContentType

    from banli.assignments.services import policy_for
    from banli.core.models import Deadline

    today = today or timezone.localdate()
    overdue = Deadline.objects.filter(
        duty=Duty.EVALUATION,
        closed_at__isnull=True,
        due_on__lt=today,
        content_type=ContentType.objects.get_for_model(ReplyRecipient),
    ).values_list("object_id", flat=True)
    applied = 0
    for recipient in ReplyRecipient.objects.filter(
        pk__in=list(overdue[:500]), evaluation__isnull=True
    ).select_related("reply__submission"):
        code = policy_for(recipient.reply.submission).unanswered_evaluation
        options = {o.code: o for o in rating_options(recipient.reply.jurisdiction_id)}
        if not code or code not in options:
            continue
        try:
            evaluate(recipient, None, Rating(options[code]), automatic=True)
        except GuardFailed:
            continue
        applied += 1
    return applied
