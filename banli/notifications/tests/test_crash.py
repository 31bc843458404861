"""A worker killed mid-sweep loses nothing: what committed is sent later, what did not is made again."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.core import mail

from banli.notifications import sweep
from banli.notifications.models import Delivery, Notification, Reminder
from banli.notifications.sending import claim
from banli.notifications.sweep import sweep_reminders
from banli.notifications.tests.conftest import assignment, at, deadline, pass_at

DAY = dt.date(2025, 9, 30)


@pytest.fixture
def due(addressed: SimpleNamespace) -> SimpleNamespace:
    """Two reply deadlines owing their one-day warning on 30 September, the handler with email."""
    for n in (1, 2):
        deadline(
            assignment(addressed, n, handler=addressed.users.handler),
            "reply",
            dt.date(2025, 7, 9),
            3,
            "months",
        )
    return addressed


def test_killed_inside_the_transaction_leaves_no_ledger_row_and_the_next_sweep_makes_it(
    due: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    def killed(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed after the ledger insert, before the inbox rows")

    with monkeypatch.context() as m:
        m.setattr(sweep, "notify_many", killed)
        with pytest.raises(SystemExit), time_machine.travel(at(DAY), tick=False):
            sweep_reminders()
    assert not Reminder.objects.exists()
    assert not Notification.objects.exists()

    pass_at(at(DAY, 10))

    assert Reminder.objects.count() == 2
    assert Notification.objects.filter(recipient=due.users.handler).count() == 2
    assert len(mail.outbox) == 2


def test_killed_after_the_ledger_commit_the_next_pass_sends_the_queued_deliveries(
    due: SimpleNamespace,
) -> None:
    with time_machine.travel(at(DAY), tick=False):
        sweep_reminders()  # committed; the worker dies before its sending step
    assert Reminder.objects.count() == 2
    assert set(Delivery.objects.values_list("state", flat=True)) == {"pending"}
    assert mail.outbox == []

    pass_at(at(DAY, 9, 1))  # the next worker (or the same, restarted)
    pass_at(at(DAY, 9, 2))

    assert len(mail.outbox) == 2
    assert Reminder.objects.count() == 2  # nothing made twice
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}


def test_killed_after_claiming_a_delivery_another_worker_sends_it_after_the_lease(
    due: SimpleNamespace,
) -> None:
    with time_machine.travel(at(DAY), tick=False):
        sweep_reminders()
        claim(Delivery.objects.all(), at(DAY))  # claimed, then killed before sending

    pass_at(at(DAY, 9, 5))
    assert mail.outbox == []  # still leased to the dead worker

    pass_at(at(DAY, 9, 11))  # the lease (10 minutes) ran out
    assert len(mail.outbox) == 2
    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 2)}
