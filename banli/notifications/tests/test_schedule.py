"""The reminder arithmetic: the windows a sweep asks for agree with the reminder each deadline owes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from banli.core.calendar import WorkCalendar, load_calendar
from banli.notifications.models import ReminderPolicy
from banli.notifications.models.reminders import parse_warning_days
from banli.notifications.schedule import DayIndex, Schedule, Window, current_kind, plan, span

NATIONAL_DAY = frozenset(dt.date(2025, 10, d) for d in range(1, 9))
CAL = WorkCalendar(
    holidays=NATIONAL_DAY,
    workdays=frozenset({dt.date(2025, 9, 28), dt.date(2025, 10, 11)}),
    confirmed_years=frozenset({2025}),
)
SCHEDULES = st.builds(
    Schedule,
    warning_days=st.lists(st.integers(1, 10), max_size=3, unique=True).map(
        lambda d: tuple(sorted(d, reverse=True))
    ),
    overdue=st.booleans(),
    repeat_every=st.integers(0, 4),
)
DATES = st.dates(dt.date(2025, 8, 1), dt.date(2025, 11, 30))


def selects(window: Window, due: dt.date, start: dt.date) -> bool:
    """What the sweep's query for ``window`` selects (see ``sweep._sweep_window``)."""
    if window.opened_before:
        return due in window.opened_before and start < window.opened_before[due]
    return window.first <= due <= window.last


@settings(max_examples=300, deadline=None)
@given(SCHEDULES, DATES, DATES, st.integers(0, 60))
def test_the_planned_windows_hold_exactly_the_deadlines_owing_a_reminder(
    schedule: Schedule, today: dt.date, due: dt.date, opened_days_before: int
) -> None:
    if schedule.repeat_every and not schedule.overdue:
        schedule = Schedule(schedule.warning_days, schedule.overdue, 0)
    start = due - dt.timedelta(days=opened_days_before)
    earliest = min(due, today)
    days = DayIndex(CAL, *span(schedule, today, earliest))

    owed = current_kind(due, start, today, schedule, days)
    planned = [w.kind for w in plan(schedule, today, days, earliest) if selects(w, due, start)]

    assert planned == ([owed] if owed else [])


def test_working_days_are_counted_across_the_holiday() -> None:
    days = DayIndex(CAL, dt.date(2025, 9, 1), dt.date(2025, 10, 31))
    assert days.before(dt.date(2025, 10, 9), 1) == dt.date(2025, 9, 30)
    assert days.before(dt.date(2025, 10, 9), 7) == dt.date(2025, 9, 23)
    assert days.between(dt.date(2025, 9, 30), dt.date(2025, 10, 9)) == 1
    with pytest.raises(ValueError, match="不在工作日索引范围"):
        days.between(dt.date(2025, 8, 1), dt.date(2025, 9, 2))


@pytest.mark.django_db
def test_the_seeded_calendar_agrees_with_the_holiday_used_here() -> None:
    cal = load_calendar(range(2025, 2026))
    for day in (dt.date(2025, 9, 28), dt.date(2025, 10, 11), *NATIONAL_DAY):
        assert cal.is_working_day(day) == CAL.is_working_day(day), day


def test_warning_days_are_read_leniently_and_checked() -> None:
    assert parse_warning_days("1，7、3, 7") == (7, 3, 1)
    assert parse_warning_days("") == ()
    for bad in ("0", "abc", "61", "-1"):
        with pytest.raises(ValidationError):
            parse_warning_days(bad)


def test_a_policy_cannot_repeat_a_notice_it_does_not_send() -> None:
    policy = ReminderPolicy(warning_days="5，2", overdue_notice=False, overdue_repeat_days=3)
    with pytest.raises(ValidationError, match="重复提醒须先开启逾期通知"):
        policy.clean()
    policy.overdue_notice = True
    policy.clean()
    assert policy.warning_days == "5,2"
    assert Schedule.of(policy) == Schedule((5, 2), True, 3)
