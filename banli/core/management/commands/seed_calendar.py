"""``manage.py seed_calendar``: add the holidays the chinesecalendar package knows (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from banli.core.calendar_seed import seed
from banli.core.deadlines import recompute_open_deadlines
from banli.core.models import CalendarDay
from banli.core.transactions import writing


class Command(BaseCommand):
    help = "从 chinesecalendar 补充工作日历中缺少的节假日和调休工作日（已有的日期保持不变，可重复运行）。"

    def handle(self, *args: Any, **options: Any) -> None:
        with writing():
            added = seed(CalendarDay)
        self.stdout.write(f"工作日历新增 {added} 天。")
        if added:
            # seed() writes in bulk, which sends no signals: recompute here, once.
            changed = recompute_open_deadlines()
            self.stdout.write(f"重新计算未完成期限：{changed} 个截止日期有变化。")
