"""``manage.py run_worker``: reminders, email, SMS and digests, in a loop (``--once`` for one pass)."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from banli.notifications.worker import run_forever, run_pass


class Command(BaseCommand):
    help = "后台工作进程：期限提醒巡检、发送邮件和短信、每日汇总。SIGTERM/SIGINT 时做完当前一步后退出。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="只运行一轮后退出")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help=f"两轮之间的间隔秒数（默认 BANLI_WORKER_INTERVAL={settings.BANLI_WORKER_INTERVAL}）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["once"]:
            result = run_pass()
            self.stdout.write(f"本轮完成：{result.summary}")
            return
        interval = options["interval"] if options["interval"] is not None else settings.BANLI_WORKER_INTERVAL
        stop = threading.Event()

        def request_stop(signum: int, frame: object) -> None:
            if not stop.is_set():
                self.stdout.write(f"收到{signal.Signals(signum).name}，完成当前步骤后退出……")
            stop.set()

        previous = {s: signal.signal(s, request_stop) for s in (signal.SIGTERM, signal.SIGINT)}
        self.stdout.write(f"工作进程已启动：每 {interval:g} 秒一轮（期限提醒、邮件短信、每日汇总）。")
        self.stdout.flush()
        try:
            passes = run_forever(interval, stop)
        finally:
            for s, handler in previous.items():
                signal.signal(s, handler)
            connections.close_all()
        self.stdout.write(f"工作进程已停止（共运行 {passes} 轮）。")
