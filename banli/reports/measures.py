"""What the statistics count, as database expressions: one definition used by the dashboards, by the
submission list's filters (so a figure's link lists exactly the items it counted), by the handling
report and by the per-unit workbook.

Every expression is a correlated subquery or ``EXISTS``; nothing here loops over rows in Python. The
statistics do not evaluate them per row at read time: ``reports.summary`` stores their values per item
and per unit (recomputing them with these expressions whenever a write touches an item), and the
dashboards join that table.

- **Counted items** (立案件): registered and numbered, neither merged into another (并案), withdrawn nor
  refused registration.
- **A unit's current result**: the result of its latest sent reply on the item, replaced by the result
  of the latest sent second reply (二次答复) on that reply (as ``evaluation.services.current_result``).
- **An item's current result**: its answering units' current results; where several units answer
  (分别办理) the least advanced one (the category last in its scheme's order), so an item counts as
  solved only when every part of it is.
- **Answered on time**: the item has a sent reply and none of its live answering units' reply or
  re-handling deadlines was closed after its due date or is still open past it. An approved extension
  moves the due date, so a reply within the extension is on time.
- **An item's rating**: the latest evaluation its lead author gave on it.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import BigIntegerField, Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core.models import Deadline, Duty
from banli.evaluation.models import Evaluation, FollowUpState
from banli.handling.models import Reply, ReplyState, ResultCategory
from banli.submissions.models import SubmissionState

S = SubmissionState
#: Registered items that count in the year's figures (立案件, without 并案, 撤回, 不予立案).
COUNTED_EXCLUDED = (
    S.DRAFT,
    S.SUBMITTED,
    S.RETURNED,
    S.NOT_REGISTERED,
    S.MERGED,
    S.WITHDRAWN,
)
#: Assignments of a formal assignment (预交办 and cancelled ones do not handle the item).
FORMAL_STATES = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED, AssignmentState.REPLIED)
ANSWER_DUTIES = (Duty.REPLY, Duty.REHANDLING)


def counted_filter() -> Q:
    return Q(number__isnull=False) & ~Q(state__in=COUNTED_EXCLUDED)


# ---- results ----------------------------------------------------------------------------------------------


def reply_current_result() -> Coalesce:
    """On a Reply: its latest sent second reply's result, else its own."""
    from banli.evaluation.models import FollowUp

    latest = (
        FollowUp.objects.filter(reply_id=OuterRef("pk"), state=FollowUpState.SENT, result__isnull=False)
        .order_by("-sent_at", "-pk")
        .values("result_id")[:1]
    )
    return Coalesce(Subquery(latest), F("result_id"), output_field=BigIntegerField())


def latest_replies() -> QuerySet[Reply]:
    """Sent replies that are their unit's latest on their item (a re-handled item's new reply replaces
    the earlier one)."""
    newer = Reply.objects.filter(
        submission_id=OuterRef("submission_id"),
        assignment__unit_id=OuterRef("assignment__unit_id"),
        state=ReplyState.SENT,
        round__gt=OuterRef("round"),
    )
    return Reply.objects.filter(state=ReplyState.SENT).exclude(Exists(newer))


def _item_result(field: str) -> Subquery:
    category = ResultCategory.objects.filter(pk=OuterRef("current"))
    replies = (
        latest_replies()
        .filter(submission_id=OuterRef("pk"))
        .annotate(current=reply_current_result())
        .annotate(
            current_sort=Subquery(category.values("sort")[:1]),
            current_type=Subquery(category.values("semantic_type")[:1]),
        )
        .order_by(F("current_sort").desc(nulls_last=True), "pk")
    )
    return Subquery(replies.values(field)[:1])


def item_result() -> Subquery:
    """On a Submission: the id of its current result category (None while unanswered)."""
    return _item_result("current")


def item_semantic_type() -> Subquery:
    """On a Submission: the semantic type of its current result (solved, planned…)."""
    return _item_result("current_type")


# ---- several units -------------------------------------------------------------------------------------


def unit_count() -> Subquery:
    """On a Submission: how many units handle it in a formal assignment (lead, co, sole, separate)."""
    rows = (
        Assignment.objects.filter(submission_id=OuterRef("pk"), state__in=FORMAL_STATES)
        .order_by()
        .values("submission_id")
        .annotate(n=Count("unit_id", distinct=True))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0, output_field=IntegerField())


def formal_assignments() -> QuerySet[Assignment]:
    return Assignment.objects.filter(state__in=FORMAL_STATES)


# ---- timeliness -----------------------------------------------------------------------------------------

#: A deadline done after its due date.
CLOSED_LATE = Q(closed_at__isnull=False, closed_at__date__gt=F("due_on"))


def _late(today: dt.date | None) -> Q:
    today = today or timezone.localdate()
    return CLOSED_LATE | Q(closed_at__isnull=True, due_on__lt=today)


def _answer_deadlines(submission: OuterRef, assignments: QuerySet[Assignment]) -> QuerySet[Deadline]:
    return Deadline.objects.filter(
        submission_id=submission,
        content_type=ContentType.objects.get_for_model(Assignment),
        duty__in=ANSWER_DUTIES,
        object_id__in=assignments.exclude(role=AssignmentRole.CO).values("pk"),
    )


def item_answer_deadlines() -> QuerySet[Deadline]:
    """On a Submission: the reply and re-handling deadlines of its live answering units."""
    answering = formal_assignments().filter(submission_id=OuterRef(OuterRef("pk")))
    return _answer_deadlines(OuterRef("pk"), answering)


def unit_answer_deadlines() -> QuerySet[Deadline]:
    """On an Assignment: its unit's reply and re-handling deadlines on the item, in any round."""
    own = formal_assignments().filter(
        submission_id=OuterRef(OuterRef("submission_id")), unit_id=OuterRef(OuterRef("unit_id"))
    )
    return _answer_deadlines(OuterRef("submission_id"), own)


def _open_due(deadlines: QuerySet[Deadline]) -> Subquery:
    return Subquery(deadlines.filter(closed_at__isnull=True).order_by("due_on").values("due_on")[:1])


def answered() -> Exists:
    """On a Submission: it has a sent reply."""
    return Exists(Reply.objects.filter(submission_id=OuterRef("pk"), state=ReplyState.SENT))


def late(today: dt.date | None = None) -> Exists:
    """On a Submission: one of its live answering units missed (or is past) its reply deadline."""
    return Exists(item_answer_deadlines().filter(_late(today)))


def late_closed() -> Exists:
    """On a Submission: one of those deadlines was done after its due date (what ``late`` is without
    the open ones, so it does not change with the date)."""
    return Exists(item_answer_deadlines().filter(CLOSED_LATE))


def open_due() -> Subquery:
    """On a Submission: the earliest due date of those deadlines still open (late once it is past)."""
    return _open_due(item_answer_deadlines())


def unit_answered() -> Exists:
    """On an Assignment: its unit has sent a reply on the item (in any round)."""
    return Exists(
        Reply.objects.filter(
            submission_id=OuterRef("submission_id"),
            assignment__unit_id=OuterRef("unit_id"),
            state=ReplyState.SENT,
        )
    )


def unit_late(today: dt.date | None = None) -> Exists:
    """On an Assignment: its unit missed (or is past) a reply deadline on the item, in any round."""
    return Exists(unit_answer_deadlines().filter(_late(today)))


def unit_late_closed() -> Exists:
    """On an Assignment: ``unit_late`` without the open deadlines (see ``late_closed``)."""
    return Exists(unit_answer_deadlines().filter(CLOSED_LATE))


def unit_open_due() -> Subquery:
    """On an Assignment: the earliest due date of its unit's open answering deadlines on the item."""
    return _open_due(unit_answer_deadlines())


def unit_holds(co: bool) -> Exists:
    """On an Assignment: its unit handles the item in a formal assignment as co-handler (``co``) or as
    an answering unit (lead, sole, separate)."""
    own = formal_assignments().filter(submission_id=OuterRef("submission_id"), unit_id=OuterRef("unit_id"))
    return Exists(own.filter(role=AssignmentRole.CO) if co else own.exclude(role=AssignmentRole.CO))


def unit_result() -> Subquery:
    """On an Assignment: the current result of its unit's latest sent reply on the item (None while it
    has not replied)."""
    replies = latest_replies().filter(
        submission_id=OuterRef("submission_id"), assignment__unit_id=OuterRef("unit_id")
    )
    return Subquery(replies.annotate(current=reply_current_result()).values("current")[:1])


# ---- evaluations --------------------------------------------------------------------------------------


def lead_evaluations() -> QuerySet[Evaluation]:
    """Evaluations the lead author gave on their own item."""
    return Evaluation.objects.filter(recipient__is_lead=True, recipient__submission_id=F("submission_id"))


def _item_rating(field: str) -> Subquery:
    rows = lead_evaluations().filter(submission_id=OuterRef("pk")).order_by("-created_at", "-pk")
    return Subquery(rows.values(field)[:1])


def item_rating() -> Subquery:
    """On a Submission: the rating option of its lead author's latest evaluation (None if none)."""
    return _item_rating("rating_id")


def item_satisfied() -> Subquery:
    """On a Submission: whether that rating counts as satisfied (None when not evaluated)."""
    return _item_rating("rating__satisfied")


def latest_unit_evaluations() -> QuerySet[Evaluation]:
    """The lead author's latest evaluation of each unit's replies on each item."""
    newer = lead_evaluations().filter(
        Q(created_at__gt=OuterRef("created_at"))
        | Q(created_at=OuterRef("created_at"), pk__gt=OuterRef("pk")),
        submission_id=OuterRef("submission_id"),
        reply__assignment__unit_id=OuterRef("reply__assignment__unit_id"),
    )
    return lead_evaluations().exclude(Exists(newer))


def unit_rating() -> Subquery:
    """On an Assignment: the rating option of the lead author's latest evaluation of its unit's replies."""
    rows = latest_unit_evaluations().filter(
        submission_id=OuterRef("submission_id"), reply__assignment__unit_id=OuterRef("unit_id")
    )
    return Subquery(rows.values("rating_id")[:1])
