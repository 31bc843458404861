"""When a deadline is due for which reminder: pure date arithmetic on the working-day calendar.

For a deadline due on D, on day T (local date):

- ``warning_<n>``: from the n-th working day before D (W) up to D, for the smallest such n reached,
  so a late sweep sends the most urgent warning only; and only if the duty was opened before W (a
  three-day duty gets no seven-day warning the moment it is opened).
- ``overdue``: from the first working day after D.
- ``overdue_repeat_<k>``: with a repeat of N working days, from N·k working days after the overdue day.

A sweep makes the *current* reminder of each deadline when the ledger lacks it, so a worker that was
down for a while sends one reminder per deadline, not the whole backlog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import groupby

from banli.core.calendar import WorkCalendar
from banli.notifications.models import ReminderPolicy
from banli.notifications.models.reminders import DEFAULT_WARNING_DAYS, parse_warning_days

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class Schedule:
    """A reminder policy as values (hashable, so jurisdictions with equal policies sweep together)."""

    warning_days: tuple[int, ...] = parse_warning_days(DEFAULT_WARNING_DAYS)
    overdue: bool = True
    repeat_every: int = 0

    @classmethod
    def of(cls, policy: ReminderPolicy) -> Schedule:
        return cls(
            parse_warning_days(policy.warning_days),
            policy.overdue_notice,
            policy.overdue_repeat_days if policy.overdue_notice else 0,
        )

    @property
    def active(self) -> bool:
        return bool(self.warning_days) or self.overdue


class DayIndex:
    """Working days counted over a span of dates, so each count is a subtraction."""

    def __init__(self, cal: WorkCalendar, first: dt.date, last: dt.date) -> None:
        self.cal, self.first, self.last = cal, first, last
        self._cum: list[int] = []
        total, day = 0, first
        while day <= last:
            total += cal.is_working_day(day)
            self._cum.append(total)
            day += ONE_DAY

    def _at(self, day: dt.date) -> int:
        if not self.first <= day <= self.last:
            raise ValueError(f"{day} 不在工作日索引范围 {self.first}–{self.last} 内")
        return self._cum[(day - self.first).days]

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days in (start, end]: after ``start``, up to and including ``end``."""
        return self._at(end) - self._at(start) if end > start else 0

    def before(self, due: dt.date, n: int) -> dt.date:
        """The n-th working day before ``due`` (``due`` itself not counted)."""
        day = due
        while n > 0:
            day -= ONE_DAY
            n -= self.cal.is_working_day(day)
        return day


def current_kind(
    due_on: dt.date, start_on: dt.date, today: dt.date, s: Schedule, days: DayIndex
) -> str | None:
    """The reminder a deadline should have had by ``today``, or None."""
    if today <= due_on:
        for n in sorted(s.warning_days):
            warn_on = days.before(due_on, n)
            if today >= warn_on:
                return f"warning_{n}" if start_on < warn_on else None
        return None
    return overdue_kind(days.between(due_on, today), s)


def overdue_kind(elapsed: int, s: Schedule) -> str | None:
    """``elapsed`` working days after the due date (the first is the overdue day)."""
    if not s.overdue or elapsed < 1:
        return None
    repeat = (elapsed - 1) // s.repeat_every if s.repeat_every else 0
    return f"overdue_repeat_{repeat}" if repeat else "overdue"


@dataclass(frozen=True)
class Window:
    """Due dates ``first``…``last`` whose current reminder today is ``kind``. For a warning,
    ``opened_before`` gives per due date the warning day the duty must have been opened before."""

    kind: str
    first: dt.date
    last: dt.date
    opened_before: dict[dt.date, dt.date] = field(default_factory=dict, compare=False)


def plan(s: Schedule, today: dt.date, days: DayIndex, earliest: dt.date) -> list[Window]:
    """Every window of due dates from ``earliest`` on that owes a reminder today, oldest first.

    ``days`` must span from before ``earliest`` to beyond :func:`horizon`. Overdue windows are
    contiguous because the repeat count falls as the due date gets later.
    """
    kinds: list[tuple[dt.date, str, dt.date | None]] = []
    day = min(earliest, today)
    while day < today:
        kind = overdue_kind(days.between(day, today), s)
        if kind:
            kinds.append((day, kind, None))
        day += ONE_DAY
    if s.warning_days:
        last = horizon(s, today, days)
        day = today
        while day <= last:
            for n in sorted(s.warning_days):
                warn_on = days.before(day, n)
                if today >= warn_on:
                    kinds.append((day, f"warning_{n}", warn_on))
                    break
            day += ONE_DAY
    windows = []
    for _, group in groupby(_runs(kinds), key=lambda r: r[1]):
        dates = list(group)
        opened_before = {d: w for _, _, d, w in dates if w is not None}
        windows.append(Window(dates[0][0], dates[0][2], dates[-1][2], opened_before))
    return windows


def _runs(kinds: list[tuple[dt.date, str, dt.date | None]]) -> list[tuple[str, int, dt.date, dt.date | None]]:
    """Label each date with its kind and the number of its run of consecutive equal kinds."""
    out, run, previous = [], 0, None
    for day, kind, warn_on in kinds:
        if previous is None or kind != previous[1] or day - previous[0] != ONE_DAY:
            run += 1
        out.append((kind, run, day, warn_on))
        previous = (day, kind)
    return out


def horizon(s: Schedule, today: dt.date, days: DayIndex) -> dt.date:
    """The last due date any warning can be owed for today: the day before the working day that
    comes ``max(warning_days) + 1`` working days after today."""
    day, left = today, max(s.warning_days, default=0) + 1
    while left:
        day += ONE_DAY
        left -= days.cal.is_working_day(day)
    return day - ONE_DAY


def span(s: Schedule, today: dt.date, earliest: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a :class:`DayIndex` must cover for :func:`plan` (generously: holidays run long)."""
    reach = max(s.warning_days, default=0)
    return min(earliest, today) - ONE_DAY, today + dt.timedelta(days=reach * 2 + 40)
