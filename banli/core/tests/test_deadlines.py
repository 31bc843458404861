"""Deadline services on the real database, and the calendar → open deadlines recompute."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import banli.core.signals  # noqa: F401  (connects the receivers even before CoreConfig.ready() imports them)
from banli.core.deadlines import close_deadline, open_deadline, recompute_open_deadlines
from banli.core.models import CalendarDay, Deadline, DeadlineUnit, Duty
from banli.core.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
CaptureOnCommit = Any  # the django_capture_on_commit_callbacks fixture


def open_reply(assignment: Any, start: str = "2025-06-10", months: int = 3) -> Deadline:
    return open_deadline(assignment, Duty.REPLY, D(start), months, DeadlineUnit.MONTHS)


def test_open_computes_the_due_date_and_takes_the_target_context() -> None:
    assignment = AssignmentFactory()
    deadline = open_deadline(assignment, Duty.SIGN_RECEIPT, D("2025-09-26"), 3, DeadlineUnit.WORKING_DAYS)
    deadline.refresh_from_db()
    assert deadline.target == assignment
    assert (deadline.due_on, deadline.provisional, deadline.is_open) == (D("2025-09-30"), False, True)
    assert deadline.jurisdiction_id == assignment.jurisdiction_id
    assert deadline.submission_id == assignment.submission_id
    assert list(assignment.submission.deadlines.all()) == [deadline]


def test_open_in_an_unconfirmed_year_is_provisional() -> None:
    deadline = open_reply(AssignmentFactory(), start="2026-12-15", months=1)
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-15"), True)


def test_open_from_an_aware_datetime_starts_on_the_local_day() -> None:
    # 2025-09-30 00:30 in Beijing is still 2025-09-29 in UTC.
    assigned_at = dt.datetime(2025, 9, 29, 16, 30, tzinfo=dt.UTC)
    deadline = open_deadline(
        AssignmentFactory(), Duty.SIGN_RECEIPT, assigned_at, 1, DeadlineUnit.WORKING_DAYS
    )
    assert (deadline.start_on, deadline.due_on) == (D("2025-09-30"), D("2025-10-09"))


def test_fixed_date_is_kept_as_given() -> None:
    deadline = open_deadline(
        AssignmentFactory(), Duty.REPLY, D("2025-06-10"), 0, DeadlineUnit.FIXED, fixed_on=D("2025-08-31")
    )
    assert (deadline.due_on, deadline.provisional) == (D("2025-08-31"), False)  # a Sunday, not rolled


def test_reopening_replaces_the_rule_of_the_same_round() -> None:
    assignment = AssignmentFactory()
    first = open_reply(assignment)
    close_deadline(assignment, Duty.REPLY)
    extended = open_reply(assignment, months=6)  # an approved extension
    assert extended.pk == first.pk
    extended.refresh_from_db()
    assert (extended.amount, extended.due_on, extended.closed_at) == (6, D("2025-12-10"), None)
    second_round = open_deadline(assignment, Duty.REPLY, D("2026-01-05"), 1, DeadlineUnit.MONTHS, round=2)
    assert second_round.pk != first.pk
    assert Deadline.objects.count() == 2


def test_close_is_idempotent_and_keeps_the_first_time() -> None:
    assignment = AssignmentFactory()
    deadline = open_reply(assignment)
    assert close_deadline(assignment, Duty.REPLY) == 1
    closed_at = Deadline.objects.get(pk=deadline.pk).closed_at
    assert closed_at is not None and closed_at <= timezone.now()
    assert close_deadline(assignment, Duty.REPLY) == 0
    assert close_deadline(assignment, Duty.SIGN_RECEIPT) == 0
    assert Deadline.objects.get(pk=deadline.pk).closed_at == closed_at


def test_recompute_changes_only_what_moved_in_bulk() -> None:
    assignments = AssignmentFactory.create_batch(5)
    deadlines = [open_reply(a) for a in assignments]  # all due 2025-09-10, a Wednesday
    assert recompute_open_deadlines() == 0
    # Written behind the services' back (no signal): the recompute must notice.
    Deadline.objects.filter(pk__in=[d.pk for d in deadlines[:2]]).update(due_on=D("2025-01-01"))
    Deadline.objects.filter(pk=deadlines[2].pk).update(provisional=True)
    with CaptureQueriesContext(connection) as few:
        assert recompute_open_deadlines() == 3
    assert set(Deadline.objects.values_list("due_on", "provisional")) == {(D("2025-09-10"), False)}

    more = AssignmentFactory.create_batch(20)
    stale = [open_reply(a).pk for a in more]
    Deadline.objects.filter(pk__in=stale).update(due_on=D("2025-01-01"))
    with CaptureQueriesContext(connection) as many:
        assert recompute_open_deadlines() == 20
    # One calendar read, one deadlines read, one UPDATE: no query per row.
    assert len(many) == len(few)


def test_a_holiday_on_the_due_date_moves_open_deadlines_not_closed_ones(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    open_one, closed_one = AssignmentFactory(), AssignmentFactory()
    open_reply(open_one)
    open_reply(closed_one)
    close_deadline(closed_one, Duty.REPLY)
    wednesday = D("2025-09-10")

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        day = CalendarDay.objects.create(date=wednesday, kind="holiday", name="测试假日")
    assert len(callbacks) == 1
    assert Deadline.objects.get(object_id=open_one.pk).due_on == D("2025-09-11")
    assert Deadline.objects.get(object_id=closed_one.pk).due_on == wednesday

    with django_capture_on_commit_callbacks(execute=True):
        day.delete()
    assert Deadline.objects.get(object_id=open_one.pk).due_on == wednesday


def test_nothing_moves_until_commit(django_capture_on_commit_callbacks: CaptureOnCommit) -> None:
    assignment = AssignmentFactory()
    open_reply(assignment)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        CalendarDay.objects.create(date=D("2025-09-10"), kind="holiday")
        assert Deadline.objects.get().due_on == D("2025-09-10")
    assert len(callbacks) == 1


def test_many_calendar_changes_in_one_transaction_recompute_once(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    assignment = AssignmentFactory()
    open_reply(assignment)
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for day in ("2025-09-10", "2025-09-11", "2025-09-12"):
            CalendarDay.objects.create(date=D(day), kind="holiday")
        CalendarDay.objects.filter(date=D("2025-09-12")).delete()  # one signal per deleted row
    assert len(callbacks) == 1
    assert Deadline.objects.get().due_on == D("2025-09-12")


def test_a_rolled_back_savepoint_does_not_lose_the_recompute(
    django_capture_on_commit_callbacks: CaptureOnCommit,
) -> None:
    assignment = AssignmentFactory()
    open_reply(assignment)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                CalendarDay.objects.create(date=D("2025-09-09"), kind="holiday")
                raise RuntimeError("回滚")
        except RuntimeError:
            pass
        CalendarDay.objects.create(date=D("2025-09-10"), kind="holiday")
    assert len(callbacks) == 1
    assert Deadline.objects.get().due_on == D("2025-09-11")


def test_confirming_a_year_clears_provisional(django_capture_on_commit_callbacks: CaptureOnCommit) -> None:
    deadline = open_reply(AssignmentFactory(), start="2026-12-15", months=1)
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-15"), True)
    # A draft (unconfirmed) row does not move anything: the year still runs on weekends only.
    with django_capture_on_commit_callbacks(execute=True):
        draft = CalendarDay.objects.create(date=D("2027-01-15"), kind="holiday", confirmed=False)
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-15"), True)
    with django_capture_on_commit_callbacks(execute=True):
        draft.confirmed = True
        draft.save()
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-18"), False)
