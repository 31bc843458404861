"""Due dates by the Civil Code: properties on synthetic calendars, examples on the real 2024–2026 table."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from banli.core.calendar import WorkCalendar, add_months, due_date, load_calendar
from banli.core.models import CalendarDay, DeadlineUnit

D = dt.date.fromisoformat
DAY = dt.timedelta(days=1)
LO, HI = dt.date(2030, 1, 1), dt.date(2032, 12, 31)
ROLLING = [DeadlineUnit.DAYS, DeadlineUnit.WORKING_DAYS, DeadlineUnit.MONTHS]


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """Random holidays, worked weekends (调休) and confirmed years around 2030–2032."""
    days = st.dates(min_value=LO, max_value=HI + dt.timedelta(days=400))
    holidays = draw(st.frozensets(days, max_size=80))
    weekends = days.filter(lambda d: d.weekday() >= 5)
    workdays = draw(st.frozensets(weekends, max_size=20)) - holidays
    confirmed = draw(st.frozensets(st.integers(2029, 2034)))
    return WorkCalendar(holidays, workdays, confirmed)


starts = st.dates(min_value=LO, max_value=HI)


def amount_for(unit: str) -> st.SearchStrategy[int]:
    return st.integers(1, {"days": 400, "working_days": 250, "months": 30}[unit])


@st.composite
def cases(draw: st.DrawFn) -> tuple[dt.date, int, str, WorkCalendar]:
    unit = draw(st.sampled_from(ROLLING))
    return draw(starts), draw(amount_for(unit)), unit, draw(calendars())


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + i * DAY for i in range((last - first).days + 1)]


@given(cases())
def test_result_is_a_working_day_after_the_start(case: tuple[dt.date, int, str, WorkCalendar]) -> None:
    start, amount, unit, cal = case
    due = due_date(start, amount, unit, cal)
    assert due.on > start
    assert cal.is_working_day(due.on)


@given(cases())
def test_monotonic_in_amount(case: tuple[dt.date, int, str, WorkCalendar]) -> None:
    start, amount, unit, cal = case
    shorter, longer = due_date(start, amount, unit, cal), due_date(start, amount + 1, unit, cal)
    assert shorter.on <= longer.on
    if unit == DeadlineUnit.WORKING_DAYS:
        assert shorter.on < longer.on


@given(starts, amount_for("working_days"), calendars())
def test_working_days_count(start: dt.date, amount: int, cal: WorkCalendar) -> None:
    due = due_date(start, amount, DeadlineUnit.WORKING_DAYS, cal)
    # The start day is not counted; the last day counted is the due date itself.
    assert sum(cal.is_working_day(d) for d in days_between(start + DAY, due.on)) == amount


@given(starts, amount_for("days"), calendars())
def test_days_roll_over_rest_days_only(start: dt.date, amount: int, cal: WorkCalendar) -> None:
    due = due_date(start, amount, DeadlineUnit.DAYS, cal)
    nominal = start + amount * DAY
    assert due.on >= nominal
    assert not any(cal.is_working_day(d) for d in days_between(nominal, due.on - DAY))


@given(starts, amount_for("months"), calendars())
def test_months_end_on_the_corresponding_day_or_the_month_end(
    start: dt.date, amount: int, cal: WorkCalendar
) -> None:
    nominal = add_months(start, amount)
    assert (nominal.year - start.year) * 12 + nominal.month - start.month == amount
    assert nominal.day <= start.day
    if nominal.day < start.day:  # only when the final month is too short
        assert (nominal + DAY).month != nominal.month
    due = due_date(start, amount, DeadlineUnit.MONTHS, cal)
    assert due.on == cal.next_working_day(nominal)


@given(cases())
def test_provisional_iff_an_unconfirmed_year_is_touched(case: tuple[dt.date, int, str, WorkCalendar]) -> None:
    start, amount, unit, cal = case
    due = due_date(start, amount, unit, cal)
    if unit == DeadlineUnit.WORKING_DAYS:
        touched = days_between(start + DAY, due.on)  # every day counted
    else:
        nominal = start + amount * DAY if unit == DeadlineUnit.DAYS else add_months(start, amount)
        touched = days_between(nominal, due.on)  # the last day and the rest days rolled over
    unconfirmed = sorted({d.year for d in touched} - cal.confirmed_years)
    assert due.provisional == bool(unconfirmed)
    assert list(due.unconfirmed_years) == unconfirmed


@given(cases())
def test_unconfirmed_years_run_on_weekends_only(case: tuple[dt.date, int, str, WorkCalendar]) -> None:
    start, amount, unit, cal = case
    confirmed_only = WorkCalendar(
        frozenset(d for d in cal.holidays if d.year in cal.confirmed_years),
        frozenset(d for d in cal.workdays if d.year in cal.confirmed_years),
        cal.confirmed_years,
    )
    assert due_date(start, amount, unit, cal) == due_date(start, amount, unit, confirmed_only)


@given(starts, st.dates(min_value=LO, max_value=HI), calendars())
def test_fixed_date_is_returned_as_given(start: dt.date, fixed: dt.date, cal: WorkCalendar) -> None:
    due = due_date(start, 0, DeadlineUnit.FIXED, cal, fixed_on=fixed)
    assert (due.on, due.provisional) == (fixed, False)


@given(starts, st.sampled_from(ROLLING), calendars())
def test_zero_amount_is_the_start_day_or_the_next_working_day(
    start: dt.date, unit: str, cal: WorkCalendar
) -> None:
    assert due_date(start, 0, unit, cal).on == cal.next_working_day(start)


def test_bad_rules_are_refused() -> None:
    with pytest.raises(ValueError, match="负数"):
        due_date(LO, -1, DeadlineUnit.DAYS, WorkCalendar())
    with pytest.raises(ValueError, match="固定日期"):
        due_date(LO, 0, DeadlineUnit.FIXED, WorkCalendar())
    with pytest.raises(ValueError, match="未知"):
        due_date(LO, 1, "weeks", WorkCalendar())


# --- The real table, seeded from chinese_calendar (the State Council notices for 2024, 2025, 2026) ---


@pytest.fixture
def real(db: None) -> WorkCalendar:
    return load_calendar()


def test_the_seeded_table_holds_the_notices(real: WorkCalendar) -> None:
    """The days the examples below rely on, as in the State Council's notices for 2024, 2025 and 2026."""
    assert {2024, 2025, 2026} <= real.confirmed_years
    assert 2027 not in real.confirmed_years
    worked_weekends = [
        *("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11", "2024-09-14", "2024-09-29"),
        *("2024-10-12", "2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11", "2026-01-04"),
        *("2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"),
    ]
    assert {d for d in real.workdays if 2024 <= d.year <= 2026} == {D(d) for d in worked_weekends}
    for first, last in [
        ("2025-10-01", "2025-10-08"),
        ("2026-02-15", "2026-02-23"),
        ("2024-02-10", "2024-02-17"),
    ]:
        assert all(d in real.holidays for d in days_between(D(first), D(last)))
    assert CalendarDay.objects.get(date=D("2026-02-28")).name == "春节调休"


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        # Month ends: the corresponding day, else the month's last day.
        ("2025-01-31", 1, "months", "2025-02-28"),  # Fri
        ("2024-01-31", 1, "months", "2024-02-29"),  # leap year, Thu
        ("2025-11-30", 3, "months", "2026-02-28"),  # a Saturday, but worked (春节调休)
        ("2025-08-31", 1, "months", "2025-09-30"),  # Tue
        ("2025-03-31", 2, "months", "2025-06-03"),  # Sat 5-31 … Mon 6-02 is 端午
        # Leap years.
        ("2024-02-29", 1, "months", "2024-03-29"),  # Fri
        ("2024-02-29", 12, "months", "2025-02-28"),  # Fri
        ("2024-02-28", 1, "days", "2024-02-29"),  # Thu
        ("2023-02-28", 1, "days", "2023-03-01"),  # Wed
        # National Day and Mid-autumn 2025: 10-01 … 10-08 off, Sun 9-28 and Sat 10-11 worked.
        ("2025-07-01", 3, "months", "2025-10-09"),  # 10-01 rolls past the whole holiday
        ("2025-09-21", 10, "days", "2025-10-09"),
        ("2025-09-26", 1, "working_days", "2025-09-28"),  # Sun, worked
        ("2025-09-26", 3, "working_days", "2025-09-30"),
        ("2025-09-30", 1, "working_days", "2025-10-09"),
        ("2025-09-30", 3, "working_days", "2025-10-11"),  # Sat, worked
        # Spring Festival 2026: 2-15 … 2-23 off, Sat 2-14 and Sat 2-28 worked.
        ("2026-02-13", 1, "working_days", "2026-02-14"),  # Sat, worked
        ("2026-02-13", 2, "working_days", "2026-02-24"),
        ("2026-01-15", 1, "months", "2026-02-24"),  # 2-15 is a holiday
        ("2026-02-20", 5, "working_days", "2026-02-28"),  # 2-24 … 2-27, then Sat 2-28
        # Worked weekends of 2024 and New Year 2026.
        ("2024-02-02", 1, "working_days", "2024-02-04"),  # Sun, worked
        ("2024-02-09", 1, "working_days", "2024-02-18"),  # Sun, worked after 2-10 … 2-17
        ("2024-09-13", 1, "working_days", "2024-09-14"),  # Sat, worked (中秋调休)
        ("2024-09-30", 5, "working_days", "2024-10-12"),  # 10-08 … 10-11, then Sat 10-12
        ("2024-04-04", 1, "days", "2024-04-07"),  # 4-05 off, 4-06 Sat off, Sun 4-07 worked
        ("2025-01-24", 1, "working_days", "2025-01-26"),  # Sun, worked
        ("2025-12-31", 1, "working_days", "2026-01-04"),  # 1-01 … 1-03 off, Sun 1-04 worked
    ],
)
def test_real_calendar(real: WorkCalendar, start: str, amount: int, unit: str, expected: str) -> None:
    due = due_date(D(start), amount, unit, real)
    assert (due.on, due.provisional) == (D(expected), False)


def test_a_year_without_a_notice_is_provisional_and_runs_on_weekends(real: WorkCalendar) -> None:
    # 2027-01-01 will surely be New Year's Day, but until the notice is in the table it is a Friday.
    due = due_date(D("2026-12-01"), 1, DeadlineUnit.MONTHS, real)
    assert (due.on, due.provisional, due.unconfirmed_years) == (D("2027-01-01"), True, (2027,))
    # Only the years the result depends on count: a period ending in 2026 is final.
    assert not due_date(D("2026-11-01"), 1, DeadlineUnit.MONTHS, real).provisional
    assert due_date(D("2026-12-30"), 2, DeadlineUnit.WORKING_DAYS, real).provisional
