"""Seeding the CalendarDay table from the ``chinesecalendar`` package (idempotent).

The package covers the State Council notices it was released with (2004 to its last year) and raises
for later years; the table, not the package, is the source at run time. Days already in the table are
left as an administrator set them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import chinese_calendar

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利纪念日",
}


def package_days() -> list[tuple[dt.date, str, str]]:
    """(date, kind, Chinese name) for every exception the package knows: weekday holidays, worked weekends.

    Weekend days inside a holiday are rest days anyway; they are kept too, named, so the calendar shows
    the whole holiday.
    """
    days: list[tuple[dt.date, str, str]] = []
    for day, name in chinese_calendar.holidays.items():
        days.append((day, "holiday", HOLIDAY_NAMES.get(str(name), str(name or ""))))
    for day, name in chinese_calendar.workdays.items():
        if day.weekday() >= 5:
            days.append((day, "workday", f"{HOLIDAY_NAMES.get(str(name), str(name or ''))}调休"))
    return sorted(days)


def seed(calendar_day_model: Any) -> int:
    """Insert the package's days missing from the table; return how many were added."""
    existing = set(calendar_day_model.objects.values_list("date", flat=True))
    new = [
        calendar_day_model(date=day, kind=kind, name=name, confirmed=True)
        for day, kind, name in package_days()
        if day not in existing
    ]
    calendar_day_model.objects.bulk_create(new, batch_size=500)
    return len(new)
