"""Several workers on one ledger, each with its own database connection, send each reminder once.

Run on PostgreSQL (``DATABASE_URL=postgres://…``) this is the multi-worker deployment; on SQLite the
same tests show that one machine's writers queue on the write lock instead of colliding.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from collections import Counter
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.db import connection
from django.utils import timezone

from banli.core.tests.factories import RoleFactory
from banli.notifications import sending, sweep
from banli.notifications.models import Delivery, Notification, Reminder
from banli.notifications.tests.conftest import assignment, at, deadline
from banli.notifications.worker import run_pass

pytestmark = pytest.mark.django_db(transaction=True)


def give_addresses(org: SimpleNamespace) -> None:
    for name, user in vars(org.users).items():
        user.email = f"{name}@example.gov.cn"
        user.save(update_fields=["email"])


def test_two_worker_threads_sweeping_at_once_send_each_reminder_once(
    live_org: SimpleNamespace, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = live_org
    give_addresses(org)
    second = RoleFactory(code="liaison", unit=org.units.unit_a, jurisdiction=org.jurisdiction).user
    second.email = "second@example.gov.cn"
    second.save()
    for n in range(1, 16):  # the handler receives these
        deadline(assignment(org, n, handler=org.users.handler), "reply", dt.date(2025, 7, 9), 3, "months")
    for n in range(16, 31):  # both liaisons receive these
        deadline(
            assignment(org, n, state="assigned"), "sign_receipt", dt.date(2025, 9, 26), 3, "working_days"
        )
    monkeypatch.setattr(sweep, "CHUNK", 4)  # small chunks: the two workers interleave
    monkeypatch.setattr(sending, "BATCH", 3)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def worker() -> None:
        try:
            start.wait()
            run_pass()
            run_pass()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    with time_machine.travel(at(dt.date(2025, 9, 30)), tick=False):
        threads = [threading.Thread(target=worker) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)

    assert errors == []
    assert Reminder.objects.count() == 30
    assert Notification.objects.count() == 15 + 2 * 15
    sent = Counter((m.to[0], m.body) for m in mail.outbox)
    assert len(sent) == 45 and set(sent.values()) == {1}  # every email exactly once
    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 1)}


def database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def worker_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url(),
        BANLI_REMINDER_HOUR="0",
        EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def test_two_worker_processes_send_each_reminder_once(live_org: SimpleNamespace) -> None:
    org = live_org
    give_addresses(org)
    overdue_since = timezone.localdate() - dt.timedelta(days=20)
    for n in range(1, 21):
        a = assignment(org, n, handler=org.users.handler)
        deadline(a, "reply", overdue_since, 0, "fixed", fixed_on=overdue_since)
    manage = os.path.join(settings.BASE_DIR, "manage.py")

    workers = [
        subprocess.Popen(
            [sys.executable, manage, "run_worker", "--once"],
            env=worker_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [w.communicate(timeout=180)[0] for w in workers]

    assert [w.returncode for w in workers] == [0, 0], outputs
    assert Reminder.objects.filter(kind="overdue").count() == 20
    assert Notification.objects.filter(recipient=org.users.handler).count() == 20
    emails = sum(line.startswith("Subject: ") for out in outputs for line in out.splitlines())
    assert emails == 20  # the console backend printed each email once, across both processes
    assert set(Delivery.objects.values_list("state", "attempts")) == {("sent", 1)}
