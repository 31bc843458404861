"""Helpers for the notification tests: Beijing times, deadlines on real items, users with addresses."""

from __future__ import annotations

import datetime as dt
import socket
from collections.abc import Iterator
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine

from banli.assignments.models import Assignment
from banli.core.deadlines import open_deadline
from banli.core.models import Deadline
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.notifications.models import Notification
from banli.notifications.worker import run_pass

BEIJING = ZoneInfo("Asia/Shanghai")


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BEIJING)


def days(first: dt.date, last: dt.date) -> Iterator[dt.date]:
    day = first
    while day <= last:
        yield day
        day += dt.timedelta(days=1)


def pass_at(moment: dt.datetime) -> None:
    """One worker pass with the clock at ``moment``."""
    with time_machine.travel(moment, tick=False):
        run_pass()


def item(org: SimpleNamespace, number: int = 12, **kwargs: object) -> object:
    """A registered suggestion of the session, numbered (市六届人大三次会议第12号建议)."""
    defaults: dict[str, object] = {
        "lead_author": org.deputy,
        "session": org.session,
        "number": number,
        "state": "handling",
        "title": "关于加快老旧小区加装电梯的建议",
    }
    return SubmissionFactory(**{**defaults, **kwargs})


def assignment(org: SimpleNamespace, number: int = 12, **kwargs: object) -> Assignment:
    defaults: dict[str, object] = {"unit": org.units.unit_a, "state": "received"}
    return AssignmentFactory(submission=item(org, number), **{**defaults, **kwargs})


def deadline(target: object, duty: str, start: dt.date, amount: int, unit: str, **kwargs: object) -> Deadline:
    return open_deadline(target, duty, start, amount, unit, **kwargs)  # type: ignore[arg-type]


def free_port() -> int:
    """A local port nothing listens on (a mail server that is down)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def inbox_of(user: object) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user).order_by("created_at", "pk"))


@pytest.fixture
def addressed(org: SimpleNamespace) -> SimpleNamespace:
    """``org`` with an email address and a mobile number for everybody."""
    for name, user in vars(org.users).items():
        user.email = f"{name}@example.gov.cn"
        user.mobile = f"1390000{len(name):04d}"
        user.save(update_fields=["email", "mobile"])
    return org
