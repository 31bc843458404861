"""What the statistics count, item by item: the current result (second replies, re-handling, separate
handling), timeliness, several units, the lead author's latest rating."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from banli.assignments.models import Assignment
from banli.evaluation.models import Evaluation
from banli.handling.models import Reply, ReplyRecipient
from banli.reports import measures as m
from banli.reports.tests.builders import abc, rating
from banli.submissions.models import Submission


def annotated(subs):  # type: ignore[no-untyped-def]
    return {
        s.pk: s
        for s in Submission.objects.filter(pk__in=[s.pk for s in subs]).annotate(
            result=m.item_result(),
            semantic=m.item_semantic_type(),
            answered=m.answered(),
            late=m.late(),
            units=m.unit_count(),
            rating=m.item_rating(),
            satisfied=m.item_satisfied(),
        )
    }


def test_each_item_is_counted_by_its_current_state(mixed: SimpleNamespace) -> None:
    rows = annotated(mixed.in_session)
    s = mixed.in_session
    assert (rows[s[0].pk].result, rows[s[0].pk].semantic, rows[s[0].pk].late) == (
        abc("A").pk,
        "solved",
        False,
    )
    assert (
        rows[s[1].pk].late
        and rows[s[1].pk].units == 2
        and rows[s[1].pk].rating == rating("basically_satisfied").pk
    )
    # separate handling: A from one unit and B from the other is B for the item
    assert rows[s[2].pk].result == abc("B").pk and rows[s[2].pk].units == 2
    # not answered and past its due date: late, without a result
    assert (rows[s[3].pk].answered, rows[s[3].pk].late, rows[s[3].pk].result) == (False, True, None)
    # the second reply changed B into A
    assert rows[s[5].pk].result == abc("A").pk
    assert rows[s[6].pk].satisfied is False and rows[s[7].pk].rating is None


def test_a_re_handled_reply_replaces_the_earlier_one_and_the_latest_rating_counts(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    sub = mixed.between[0]  # C, rated 不满意
    first = Reply.objects.get(submission=sub)
    again = Assignment.objects.create(
        jurisdiction=org.jurisdiction,
        submission=sub,
        unit=mixed.units.c,
        round=2,
        role="sole",
        state="replied",
    )
    second = Reply.objects.create(
        jurisdiction=org.jurisdiction,
        submission=sub,
        assignment=again,
        round=2,
        state="sent",
        result=abc("A"),
        sent_at=first.sent_at + dt.timedelta(days=20),
    )
    recipient = ReplyRecipient.objects.create(reply=second, submission=sub, member=org.deputy, is_lead=True)
    Evaluation.objects.create(
        jurisdiction=org.jurisdiction,
        submission=sub,
        reply=second,
        recipient=recipient,
        member=org.deputy,
        rating=rating("satisfied"),
    )
    row = annotated([sub])[sub.pk]
    assert (row.result, row.rating, row.satisfied) == (abc("A").pk, rating("satisfied").pk, True)
    assert row.units == 1  # the same unit in two rounds is one unit


def test_a_cancelled_unit_neither_counts_nor_makes_the_item_late(mixed: SimpleNamespace) -> None:
    sub = mixed.in_session[0]
    Assignment.objects.create(
        jurisdiction=sub.jurisdiction,
        submission=sub,
        unit=mixed.units.b,
        round=1,
        role="co",
        state="cancelled",
    )
    row = annotated([sub])[sub.pk]
    assert row.units == 1 and row.late is False
