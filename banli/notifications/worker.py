"""The worker: one pass sweeps reminders, sends due deliveries, makes and sends digests.

``manage.py run_worker`` runs passes in a loop; any number of workers may run at once (the ledger
and the claims keep each message single). A step that fails is logged and the next pass tries again,
so a database restart or a mail outage never stops the worker.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass, field

from django.db import connections
from django.utils import timezone

from banli.notifications.digest import collect_digests, send_digests
from banli.notifications.sending import send_deliveries
from banli.notifications.sweep import SweepResult, sweep_reminders

logger = logging.getLogger(__name__)


@dataclass
class PassResult:
    sweep: SweepResult = field(default_factory=SweepResult)
    deliveries: int = 0
    auto_rated: int = 0
    digests_made: int = 0
    digests_sent: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        s = self.sweep
        text = (
            f"新提醒 {s.reminders} 条（站内消息 {s.notifications} 条），发送 {self.deliveries} 条，"
            f"每日汇总 生成 {self.digests_made} / 发送 {self.digests_sent} 封"
        )
        return text + (f"；出错步骤：{'、'.join(self.errors)}" if self.errors else "")


def refresh_connections() -> None:
    """Drop connections that broke (a database restart) or outlived CONN_MAX_AGE, as Django does
    between requests; never one inside a transaction (a caller's, or a test's)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close_if_unusable_or_obsolete()


def _apply_unanswered(now: dt.datetime | None) -> int:
    from django.utils import timezone

    from banli.evaluation.services import apply_unanswered

    return apply_unanswered(timezone.localdate(now) if now else None)


def run_pass(now: dt.datetime | None = None, stop: threading.Event | None = None) -> PassResult:
    """One pass of every step, each on its own: a failing step does not skip the others."""
    result = PassResult()
    refresh_connections()
    steps = [
        ("期限巡检", lambda: setattr(result, "sweep", sweep_reminders(now, stop))),
        ("逾期未评价认定", lambda: setattr(result, "auto_rated", _apply_unanswered(now))),
        ("发送消息", lambda: setattr(result, "deliveries", send_deliveries(now, stop))),
        ("生成汇总", lambda: setattr(result, "digests_made", collect_digests(now))),
        ("发送汇总", lambda: setattr(result, "digests_sent", send_digests(now, stop))),
    ]
    for name, step in steps:
        if stop is not None and stop.is_set():
            break
        try:
            step()
        except Exception:
            logger.exception("工作进程步骤“%s”失败，下一轮重试", name)
            result.errors.append(name)
            refresh_connections()
    return result


def run_forever(interval: float, stop: threading.Event) -> int:
    """Run passes every ``interval`` seconds until ``stop`` is set; return the number of passes."""
    passes = 0
    while not stop.is_set():
        started = timezone.now()
        result = run_pass(stop=stop)
        passes += 1
        if result.sweep.reminders or result.deliveries or result.digests_sent or result.errors:
            logger.info(
                "第 %d 轮（%s）：%s", passes, timezone.localtime(started).strftime("%H:%M:%S"), result.summary
            )
        stop.wait(interval)
    return passes
