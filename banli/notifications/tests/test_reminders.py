"""Deadline watch: warnings and overdue notices go out once, on the right working days, across holidays.

The 2025 National Day holiday runs 1–8 October; Sunday 28 September and Saturday 11 October are
working days (调休). Reminders go out from 08:00 Beijing time.
"""

from __future__ import annotations

import datetime as dt
import logging
from types import SimpleNamespace

import pytest

from banli.core.deadlines import close_deadline
from banli.core.models import Deadline
from banli.core.tests.factories import AssignmentFactory, UnitFactory
from banli.notifications import recipients
from banli.notifications.models import Notification, Reminder, ReminderPolicy
from banli.notifications.tests.conftest import assignment, at, days, deadline, inbox_of, pass_at


def reminders_by_day(first: dt.date, last: dt.date, passes: int = 2) -> dict[dt.date, list[str]]:
    """Run the worker on every day (``passes`` times at 09:00 and once more at 16:00); return the
    ledger kinds made per day."""
    made: dict[dt.date, list[str]] = {}
    for day in days(first, last):
        before = set(Reminder.objects.values_list("pk", flat=True))
        for _ in range(passes):
            pass_at(at(day, 9))
        pass_at(at(day, 16))
        new = Reminder.objects.exclude(pk__in=before).order_by("pk")
        if new:
            made[day] = [r.kind for r in new]
    return made


def test_reply_due_after_national_day_is_warned_before_the_holiday_and_overdue_after(
    org: SimpleNamespace,
) -> None:
    a = assignment(org, handler=org.users.handler)
    d = deadline(a, "reply", dt.date(2025, 7, 9), 3, "months")
    assert d.due_on == dt.date(2025, 10, 9)

    made = reminders_by_day(dt.date(2025, 9, 15), dt.date(2025, 10, 20))

    assert made == {
        dt.date(2025, 9, 23): ["warning_7"],  # 7 working days before, counting Sunday 28 September
        dt.date(2025, 9, 30): ["warning_1"],  # the last working day before the holiday
        dt.date(2025, 10, 10): ["overdue"],  # the first working day after 9 October
    }
    titles = [n.title for n in inbox_of(org.users.handler)]
    assert titles == [
        "【即将到期】市六届人大三次会议第12号建议的答复期限为2025年10月9日",
        "【即将到期】市六届人大三次会议第12号建议的答复期限为2025年10月9日",
        "【已逾期】市六届人大三次会议第12号建议的答复期限已于2025年10月9日届满",
    ]
    bodies = [n.body for n in inbox_of(org.users.handler)]
    assert "还有7个工作日" in bodies[0] and "还有1个工作日" in bodies[1] and "已逾期1个工作日" in bodies[2]
    assert "《关于加快老旧小区加装电梯的建议》" in bodies[0]
    assert inbox_of(org.users.liaison) == []  # the handler is appointed: the liaison is not bothered


def test_sign_receipt_due_before_the_holiday_is_overdue_on_the_first_working_day_after_it(
    org: SimpleNamespace,
) -> None:
    a = assignment(org, state="assigned")
    d = deadline(a, "sign_receipt", dt.date(2025, 9, 26), 3, "working_days")
    assert d.due_on == dt.date(2025, 9, 30)

    made = reminders_by_day(dt.date(2025, 9, 26), dt.date(2025, 10, 14))

    # Opened on 26 September, three working days before its due date: no seven-day warning.
    assert made == {dt.date(2025, 9, 29): ["warning_1"], dt.date(2025, 10, 9): ["overdue"]}
    assert [n.kind for n in inbox_of(org.users.liaison)] == ["reminder.warning", "reminder.overdue"]
    assert "已逾期1个工作日" in inbox_of(org.users.liaison)[1].body  # the holiday is not counted


def test_nothing_goes_out_before_the_reminder_hour(org: SimpleNamespace) -> None:
    deadline(assignment(org), "reply", dt.date(2025, 7, 9), 3, "months")

    pass_at(at(dt.date(2025, 9, 30), 7, 59))
    assert not Reminder.objects.exists()

    pass_at(at(dt.date(2025, 9, 30), 8, 0))
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["warning_1"]


def test_a_worker_back_after_days_down_sends_the_current_reminder_only(org: SimpleNamespace) -> None:
    a = assignment(org, handler=org.users.handler)
    deadline(a, "reply", dt.date(2025, 7, 9), 3, "months")

    pass_at(at(dt.date(2025, 10, 3)))  # down since before 23 September; back during the holiday
    pass_at(at(dt.date(2025, 10, 20)))  # down again until after the due date

    assert list(Reminder.objects.order_by("pk").values_list("kind", flat=True)) == ["warning_1", "overdue"]
    assert "已逾期8个工作日" in inbox_of(org.users.handler)[-1].body  # 11 October counts


def test_overdue_notices_repeat_every_n_working_days_when_the_policy_says_so(org: SimpleNamespace) -> None:
    ReminderPolicy.objects.create(
        jurisdiction=org.jurisdiction, warning_days="3", overdue_notice=True, overdue_repeat_days=2
    )
    d = deadline(assignment(org, state="assigned"), "sign_receipt", dt.date(2025, 9, 22), 7, "working_days")
    assert d.due_on == dt.date(2025, 9, 30)

    made = reminders_by_day(dt.date(2025, 9, 22), dt.date(2025, 10, 15))

    assert made == {
        dt.date(2025, 9, 26): ["warning_3"],
        dt.date(2025, 10, 9): ["overdue"],
        dt.date(2025, 10, 11): ["overdue_repeat_1"],  # the 调休 Saturday is a working day
        dt.date(2025, 10, 14): ["overdue_repeat_2"],
    }
    assert inbox_of(org.users.liaison)[-1].title.startswith("【逾期提醒·第3次】")


def test_each_jurisdiction_follows_its_own_policy(org: SimpleNamespace, other_org: SimpleNamespace) -> None:
    ReminderPolicy.objects.create(jurisdiction=other_org.jurisdiction, warning_days="", overdue_notice=False)
    deadline(assignment(org), "reply", dt.date(2025, 7, 9), 3, "months")
    other = AssignmentFactory(
        submission__lead_author=other_org.deputy, unit=other_org.units.unit_a, state="received"
    )
    deadline(other, "reply", dt.date(2025, 7, 9), 3, "months")

    pass_at(at(dt.date(2025, 9, 30)))
    pass_at(at(dt.date(2025, 10, 10)))

    assert list(Reminder.objects.order_by().values_list("deadline__jurisdiction", flat=True).distinct()) == [
        org.jurisdiction.pk
    ]


def test_a_closed_duty_is_not_reminded(org: SimpleNamespace) -> None:
    a = assignment(org)
    deadline(a, "reply", dt.date(2025, 7, 9), 3, "months")
    pass_at(at(dt.date(2025, 9, 23)))
    close_deadline(a, "reply")

    pass_at(at(dt.date(2025, 9, 30)))
    pass_at(at(dt.date(2025, 10, 10)))

    assert list(Reminder.objects.values_list("kind", flat=True)) == ["warning_7"]


def test_an_extension_in_the_same_round_does_not_repeat_a_warning_already_sent(org: SimpleNamespace) -> None:
    a = assignment(org)
    deadline(a, "reply", dt.date(2025, 7, 9), 3, "months")
    pass_at(at(dt.date(2025, 9, 23)))
    deadline(a, "reply", dt.date(2025, 7, 9), 4, "months")  # extended to 10 November

    made = reminders_by_day(dt.date(2025, 9, 24), dt.date(2025, 11, 11), passes=1)

    assert made == {dt.date(2025, 11, 7): ["warning_1"], dt.date(2025, 11, 11): ["overdue"]}


def test_a_duty_without_a_resolver_waits_until_one_is_registered(
    org: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delitem(recipients._REGISTRY, "adjustment", raising=False)  # no stage registers one
    d = deadline(assignment(org), "adjustment", dt.date(2025, 9, 22), 5, "working_days")
    assert d.due_on == dt.date(2025, 9, 28)  # the 调休 Sunday is the fifth working day
    pass_at(at(dt.date(2025, 9, 26)))
    assert not Reminder.objects.exists()

    monkeypatch.setitem(
        recipients._REGISTRY, "adjustment", recipients.Registration(recipients.assignment_liaisons)
    )
    pass_at(at(dt.date(2025, 9, 26)))

    assert [n.title for n in inbox_of(org.users.liaison)] == [
        "【即将到期】市六届人大三次会议第12号建议的申请调整期限为2025年9月28日"
    ]


def test_a_reminder_nobody_can_receive_is_recorded_and_logged(
    org: SimpleNamespace, caplog: pytest.LogCaptureFixture
) -> None:
    lonely = UnitFactory(jurisdiction=org.jurisdiction, name="无联络员的单位")
    deadline(
        assignment(org, unit=lonely, state="assigned"),
        "sign_receipt",
        dt.date(2025, 9, 22),
        3,
        "working_days",
    )

    with caplog.at_level(logging.WARNING, logger="banli.notifications"):
        pass_at(at(dt.date(2025, 9, 24)))
        pass_at(at(dt.date(2025, 9, 24), 15))

    reminder = Reminder.objects.get()
    assert (reminder.kind, reminder.recipients) == ("warning_1", [])
    assert not Notification.objects.exists()
    assert sum("没有接收人" in r.getMessage() for r in caplog.records) == 1


def test_a_second_round_is_reminded_afresh_and_named_as_such(org: SimpleNamespace) -> None:
    a = assignment(org, handler=org.users.handler)
    deadline(a, "reply", dt.date(2025, 7, 9), 3, "months")
    pass_at(at(dt.date(2025, 9, 30)))
    close_deadline(a, "reply")  # replied; the deputy was not satisfied: a second round
    deadline(a, "rehandling", dt.date(2025, 9, 9), 1, "months", round=2)

    pass_at(at(dt.date(2025, 10, 9)))

    assert sorted(Reminder.objects.values_list("kind", "round")) == [("warning_1", 1), ("warning_1", 2)]
    last = inbox_of(org.users.handler)[-1]
    assert last.title == "【即将到期】市六届人大三次会议第12号建议的第2轮重新办理期限为2025年10月9日"
    assert "今天到期" in last.body


def test_a_sweep_with_nothing_due_costs_the_same_however_many_deadlines_are_open(
    org: SimpleNamespace, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    a = assignment(org)
    for duty in ("reply", "opinion", "sign_receipt"):
        deadline(a, duty, dt.date(2025, 12, 1), 3, "months")  # far from any reminder
    pass_at(at(dt.date(2025, 9, 30)))
    with django_assert_max_num_queries(15) as few:
        pass_at(at(dt.date(2025, 9, 30)))
    for _ in range(40):
        other = AssignmentFactory(submission=a.submission, unit=UnitFactory(jurisdiction=org.jurisdiction))
        deadline(other, "reply", dt.date(2025, 12, 1), 3, "months")
    assert Deadline.objects.filter(closed_at__isnull=True).count() == 43

    with django_assert_max_num_queries(len(few.captured_queries)):
        pass_at(at(dt.date(2025, 9, 30)))


def test_many_reminders_at_once_are_made_in_bulk(org: SimpleNamespace, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    def due_items(first: int, count: int) -> None:
        for n in range(first, first + count):
            deadline(assignment(org, number=n), "reply", dt.date(2025, 7, 9), 3, "months")

    due_items(1, 3)
    with django_assert_max_num_queries(30) as few:
        pass_at(at(dt.date(2025, 9, 30)))
    assert Notification.objects.count() == 3
    due_items(4, 30)

    with django_assert_max_num_queries(len(few.captured_queries)):
        pass_at(at(dt.date(2025, 9, 30)))
    assert Reminder.objects.count() == Notification.objects.count() == 33
