"""``manage.py run_worker``: one pass with --once; a loop that stops cleanly on SIGTERM and SIGINT."""

from __future__ import annotations

import datetime as dt
import io
import os
import signal
import subprocess
import sys
from types import SimpleNamespace

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from banli.notifications.models import Reminder
from banli.notifications.tests.conftest import assignment, at, deadline
from banli.notifications.tests.test_parallel import worker_env


def test_run_worker_once_makes_and_sends_the_days_reminders(addressed: SimpleNamespace) -> None:
    deadline(
        assignment(addressed, handler=addressed.users.handler), "reply", dt.date(2025, 7, 9), 3, "months"
    )
    out = io.StringIO()

    with time_machine.travel(at(dt.date(2025, 9, 30)), tick=False):
        call_command("run_worker", "--once", stdout=out)

    assert "新提醒 1 条（站内消息 1 条），发送 1 条" in out.getvalue()
    assert Reminder.objects.get().kind == "warning_1"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the worker process reads committed rows
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_the_worker_loop_stops_cleanly_on_a_signal(signum: signal.Signals) -> None:
    worker = subprocess.Popen(
        [sys.executable, os.path.join(settings.BASE_DIR, "manage.py"), "run_worker", "--interval", "0.2"],
        env=worker_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert worker.stdout is not None
        started = worker.stdout.readline()
        while "工作进程已启动" not in started and started:
            started = worker.stdout.readline()
        assert "每 0.2 秒一轮" in started
        worker.send_signal(signum)
        output = worker.communicate(timeout=60)[0]
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == 0, output
    assert f"收到{signum.name}" in output
    assert "工作进程已停止" in output
