"""How items stand, for the supervision pages: each item's live units of the current round with their
due dates, their sent replies' results and the authors' ratings, in three queries for a whole page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from banli.assignments.models import LIVE_STATES, ROLE_ORDER, Assignment, AssignmentState
from banli.assignments.selectors import with_due_dates
from banli.core.models import Deadline, Duty
from banli.evaluation.models import Evaluation
from banli.handling.models import Reply, ReplyState
from banli.submissions.models import Submission

#: Assignments that still owe something (urging applies to them).
OWING = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED)
#: The duties a unit owes on an assignment.
OWED_DUTIES = (Duty.SIGN_RECEIPT, Duty.REPLY, Duty.REHANDLING, Duty.OPINION)


@dataclass
class UnitProgress:
    assignment: Assignment
    reply: Reply | None = None
    rating: Evaluation | None = None
    today: dt.date = field(default_factory=timezone.localdate)

    @property
    def due(self) -> dt.date | None:
        a = self.assignment
        return a.sign_due if a.state == AssignmentState.ASSIGNED else a.answer_due  # type: ignore[attr-defined]

    @property
    def overdue(self) -> bool:
        a = self.assignment
        dates = [a.sign_due, a.answer_due]  # type: ignore[attr-defined]
        return a.state in OWING and any(d is not None and d < self.today for d in dates)

    @property
    def urgeable(self) -> bool:
        return self.assignment.state in OWING


@dataclass
class ItemProgress:
    submission: Submission
    units: list[UnitProgress]

    @property
    def overdue(self) -> bool:
        return any(u.overdue for u in self.units)


def progress_of(subs: Sequence[Submission]) -> list[ItemProgress]:
    """The progress of each item, in the order given: three queries however many items."""
    if not subs:
        return []
    today = timezone.localdate()
    assignments = list(
        with_due_dates(
            Assignment.objects.filter(
                submission__in=[s.pk for s in subs], round=F("submission__round"), state__in=LIVE_STATES
            ).exclude(state=AssignmentState.PRE_ASSIGNED)
        )
        .select_related("unit", "handler")
        .order_by(ROLE_ORDER, "pk")
    )
    replies = {
        r.assignment_id: r
        for r in Reply.objects.filter(assignment__in=[a.pk for a in assignments], state=ReplyState.SENT)
        .select_related("result")
        .order_by("pk")
    }
    ratings = {
        e.reply_id: e
        for e in Evaluation.objects.filter(
            reply__in=[r.pk for r in replies.values()], recipient__is_lead=True
        ).select_related("rating")
    }
    by_item: dict[int, list[UnitProgress]] = defaultdict(list)
    for a in assignments:
        reply = replies.get(a.pk)
        by_item[a.submission_id].append(
            UnitProgress(a, reply, ratings.get(reply.pk) if reply else None, today)
        )
    return [ItemProgress(s, by_item.get(s.pk, [])) for s in subs]


def late_assignments(today: dt.date | None = None) -> Q:
    """Assignments with a duty the unit owes (sign receipt, reply, re-handling, opinion) past its date.
    (The adjustment window is not a duty: its lapse makes nobody late.)"""
    late = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=OuterRef("pk"),
        round=OuterRef("round"),
        duty__in=OWED_DUTIES,
        closed_at__isnull=True,
        due_on__lt=today or timezone.localdate(),
    )
    return Q(state__in=OWING) & Q(Exists(late))


def overdue_items() -> Q:
    """Items with a unit of the current round late on a duty it owes (derived, never stored)."""
    owing = Assignment.objects.filter(submission=OuterRef("pk"), round=OuterRef("round"))
    return Q(Exists(owing.filter(late_assignments())))
