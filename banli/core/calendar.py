"""Working days and due dates, by the Civil Code (民法典 第201–203条).

- The start day is not counted: a period runs from the next day.
- A period of months ends on the corresponding day of the final month, or on that month's last day
  when it has no such day (2025-11-30 + 3 months → 2026-02-28).
- A period whose last day is a rest day ends on the next working day.
- Working days are Monday–Friday, except the holidays of the State Council's yearly notice, plus the
  weekend days it makes working days (调休). The ``CalendarDay`` table holds those exceptions.
- A year with no confirmed calendar is computed on weekends only (its draft rows are ignored) and
  the result is provisional.
- A fixed date (e.g. 8月31日 set by the office) is returned as given: not rolled, never provisional.

:func:`due_date` is pure: it takes a :class:`WorkCalendar` snapshot, so it can be property-tested and
used in bulk without a query per day.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass, field

from banli.core.models import CalendarDay, CalendarDayKind, DeadlineUnit


@dataclass(frozen=True)
class WorkCalendar:
    """The exceptions to the weekday rule, and the years whose notice is confirmed."""

    holidays: frozenset[dt.date] = frozenset()
    workdays: frozenset[dt.date] = frozenset()
    confirmed_years: frozenset[int] = frozenset()
    names: dict[dt.date, str] = field(default_factory=dict, compare=False)

    def is_working_day(self, day: dt.date) -> bool:
        # Rows of a year whose notice is not out are drafts: the year runs on weekends only until it is
        # confirmed, so a guessed holiday cannot silently move a due date.
        if day.year in self.confirmed_years:
            if day in self.workdays:
                return True
            if day in self.holidays:
                return False
        return day.weekday() < 5

    def next_working_day(self, day: dt.date) -> dt.date:
        """``day`` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += dt.timedelta(days=1)
        return day


@dataclass(frozen=True)
class Due:
    on: dt.date
    provisional: bool
    #: the unconfirmed years the result depends on (empty unless provisional), for messages
    unconfirmed_years: tuple[int, ...] = field(default=(), compare=False)


def add_months(start: dt.date, months: int) -> dt.date:
    """The corresponding day ``months`` later, or the last day of that month when there is none."""
    index = start.month - 1 + months
    year, month = start.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


def due_date(
    start: dt.date,
    amount: int,
    unit: str,
    cal: WorkCalendar,
    fixed_on: dt.date | None = None,
) -> Due:
    """The last day of a period starting on ``start`` (not counted).

    ``unit`` is one of :class:`DeadlineUnit`: days, working_days, months, or fixed (``fixed_on`` is the
    due date as given: a date set by the office is not moved, so it never depends on the calendar and
    is never provisional). For the other units the result is always a working day; an ``amount`` of 0
    means the start day itself, or the next working day after it. Provisional when any day the result
    depends on lies in a year whose calendar is not confirmed.
    """
    if amount < 0:
        raise ValueError("期限不能为负数")
    if unit == DeadlineUnit.FIXED:
        if fixed_on is None:
            raise ValueError("固定日期期限须给出日期")
        return Due(fixed_on, provisional=False)
    if unit == DeadlineUnit.WORKING_DAYS:
        # Every day after the start is counted, so the result depends on all of them.
        first = start + dt.timedelta(days=1) if amount else start
        end = start
        left = amount
        while left > 0:
            end += dt.timedelta(days=1)
            if cal.is_working_day(end):
                left -= 1
        end = cal.next_working_day(end)
    elif unit in (DeadlineUnit.DAYS, DeadlineUnit.MONTHS):
        # The nominal last day does not depend on the calendar; only the roll past rest days does.
        first = start + dt.timedelta(days=amount) if unit == DeadlineUnit.DAYS else add_months(start, amount)
        end = cal.next_working_day(first)
    else:
        raise ValueError(f"未知的期限单位：{unit}")
    unconfirmed = tuple(y for y in range(first.year, end.year + 1) if y not in cal.confirmed_years)
    return Due(end, provisional=bool(unconfirmed), unconfirmed_years=unconfirmed)


def load_calendar(years: range | None = None) -> WorkCalendar:
    """Snapshot of the CalendarDay table (optionally only some years) in one query."""
    qs = CalendarDay.objects.all()
    if years is not None:
        qs = qs.filter(date__year__gte=years.start, date__year__lt=years.stop)
    holidays, workdays, confirmed, names = set(), set(), set(), {}
    # tuples, not model instances: every deadline opened loads the calendar (about 800 days), and
    # building instances took most of an assignment's time
    for date, kind, name, is_confirmed in qs.values_list("date", "kind", "name", "confirmed"):
        (holidays if kind == CalendarDayKind.HOLIDAY else workdays).add(date)
        if is_confirmed:
            confirmed.add(date.year)
        names[date] = name
    return WorkCalendar(frozenset(holidays), frozenset(workdays), frozenset(confirmed), names)


def unconfirmed_next_year(today: dt.date | None = None) -> int | None:
    """Next year, if its holiday calendar has not been confirmed yet."""
    from django.utils import timezone

    year = (today or timezone.localdate()).year + 1
    confirmed = CalendarDay.objects.filter(date__year=year, confirmed=True).exists()
    return None if confirmed else year
