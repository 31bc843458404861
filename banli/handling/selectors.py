"""Reads for 办: the unit's workspace on one assignment, the office's checks, an item's sent replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from banli.assignments.models import Assignment, AssignmentRole
from banli.assignments.selectors import assignment_detail, partners
from banli.core.models import User
from banli.core.policies import can, scope
from banli.core.workflow import Transition, available
from banli.handling.models import (
    Contact,
    Extension,
    ExtensionState,
    HandlingPlan,
    Opinion,
    Reply,
    ReplyRecipient,
    ReplyState,
    ResultCategory,
)
from banli.handling.services import (
    categories_for,
    co_handlers,
    extension_ceiling,
    reply_deadline,
    reply_problems,
)
from banli.submissions.models import Submission


@dataclass
class Workspace:
    """Everything the unit's people see and can do on one assignment."""

    assignment: Assignment
    plan: HandlingPlan | None
    contacts: list[Contact]
    partners: list[Assignment]
    may_work: bool
    reply: Reply | None = None
    reply_actions: list[Transition] = field(default_factory=list)
    reply_problems: list[str] = field(default_factory=list)
    categories: list[ResultCategory] = field(default_factory=list)
    opinions: list[tuple[Assignment, Opinion | None, list[Transition]]] = field(default_factory=list)
    own_opinion: Opinion | None = None
    opinion_actions: list[Transition] = field(default_factory=list)
    extensions: list[Extension] = field(default_factory=list)
    may_extend: bool = False
    reply_due: Any = None
    extension_ceiling: Any = None
    authors: list[Any] = field(default_factory=list)


def workspace(user: User, pk: int) -> Workspace | None:
    """The unit's view of an assignment, or None when the user may not see it."""
    assignment = assignment_detail(user, pk)
    if assignment is None:
        return None
    sub = assignment.submission
    may_work = can(user, "handling.work", assignment)
    ws = Workspace(
        assignment=assignment,
        plan=HandlingPlan.objects.filter(assignment=assignment).first(),
        contacts=list(
            scope(user, Contact.objects.filter(assignment=assignment)).select_related("member", "recorded_by")
        ),
        partners=partners(assignment),
        may_work=may_work,
        extensions=list(
            scope(user, Extension.objects.filter(assignment=assignment)).select_related("decided_by")
        ),
        authors=[
            sub.lead_author,
            *[c.member for c in sub.cosignatures.filter(state="confirmed").select_related("member")],
        ],
    )
    if assignment.role == AssignmentRole.CO:
        # the Opinion scope: the offices and the lead see it once sent, never the co-handler's draft
        ws.own_opinion = scope(user, Opinion.objects.filter(assignment=assignment)).first()
        if ws.own_opinion is None and may_work:
            from banli.handling.services import opinion_of

            ws.own_opinion = opinion_of(assignment)
        if ws.own_opinion is not None:
            ws.opinion_actions = available(ws.own_opinion, user)
        return ws
    reply = (
        scope(user, Reply.objects.filter(assignment=assignment, round=sub.round))
        .select_related("result", "signed_by", "drafted_by")
        .prefetch_related("commitments")
        .first()
    )
    if reply is None and may_work:
        from banli.handling.services import reply_of

        reply = reply_of(assignment)
    ws.reply = reply
    if reply is not None:
        ws.reply_actions = available(reply, user, guards=False)
        ws.reply_problems = (
            reply_problems(reply) if reply.state in (ReplyState.DRAFT, ReplyState.RETURNED) else []
        )
    ws.categories = categories_for(sub)
    for co in co_handlers(assignment):
        opinion = scope(user, Opinion.objects.filter(assignment=co)).first()
        ws.opinions.append((co, opinion, available(opinion, user) if opinion else []))
    deadline = reply_deadline(assignment)
    ws.reply_due = deadline.due_on if deadline else None
    ws.may_extend = bool(deadline) and can(user, "handling.request_extension", assignment)
    ws.extension_ceiling = extension_ceiling(assignment) if ws.may_extend else None
    return ws


def replies_to_check(user: User) -> QuerySet[Reply]:
    """Signed replies waiting for the office's review, oldest first."""
    return (
        scope(user, Reply.objects.filter(state=ReplyState.SIGNED))
        .select_related("submission__session__assembly", "assignment__unit", "result", "signed_by")
        .order_by("signed_at", "pk")
    )


def extensions_to_decide(user: User) -> QuerySet[Extension]:
    return (
        scope(user, Extension.objects.filter(state=ExtensionState.PENDING))
        .select_related("submission__session__assembly", "assignment__unit", "requested_by")
        .order_by("requested_at", "pk")
    )


def sent_replies(user: User, sub: Submission) -> list[Reply]:
    """The item's sent replies the user may read, with their recipients and letters.

    Whoever sees an item reads its sent replies (``visible_replies``), so the item is checked against
    the item scope by its id, and its replies are not put through the reply scope, which would test the
    item against every item the reader sees (half a second at national scale)."""
    if not scope(user, Submission.objects.filter(pk=sub.pk)).exists():
        return []
    return list(
        Reply.objects.filter(submission=sub, state=ReplyState.SENT)
        .select_related("assignment__unit", "result")
        .prefetch_related(
            "commitments",
            Prefetch(
                "recipients", queryset=ReplyRecipient.objects.select_related("member", "letter", "submission")
            ),
        )
        .order_by("round", "pk")
    )


def reply_detail(user: User, pk: int) -> Reply | None:
    return (
        scope(user, Reply.objects.filter(pk=pk))
        .select_related(
            "submission__session__assembly",
            "submission__lead_author",
            "assignment__unit",
            "result",
            "signed_by",
        )
        .prefetch_related("commitments")
        .first()
    )


def letter_recipient(user: User, pk: int) -> ReplyRecipient | None:
    """A recipient row whose letter the user may download: the addressee, or anyone who sees the reply."""
    row = ReplyRecipient.objects.filter(pk=pk).select_related("letter", "member", "reply").first()
    if row is None or row.letter is None:
        return None
    if row.member.user_id == user.pk:
        return row
    visible = scope(user, Reply.objects.filter(pk=row.reply_id)).exists()
    return row if visible else None
