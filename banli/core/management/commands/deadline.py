"""``manage.py deadline 2025-11-30 --months 3``: print a due date computed on the working-day calendar."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.core.calendar import due_date, load_calendar
from banli.core.models import DeadlineUnit

# Option → unit. Amounts are parsed here rather than by argparse so that every message is in Chinese.
UNITS = {
    "months": (DeadlineUnit.MONTHS, "个月"),
    "working_days": (DeadlineUnit.WORKING_DAYS, "个工作日"),
    "days": (DeadlineUnit.DAYS, "天"),
}
MAX_AMOUNT = 100_000  # far beyond any real period; keeps a typo from running to the year 9999


class Command(BaseCommand):
    help = "计算期限的截止日期（起算日当日不计入；末日为休息日的顺延至下一个工作日）。"
    # A calculator for scripts: stderr carries only its own warning, not the system checks' banner
    # (which repeats the same "year not confirmed" warning in a longer form).
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("start", nargs="?", help="起算日，如 2025-11-30（当日不计入）")
        parser.add_argument("--months", metavar="N", help="期限为 N 个月")
        parser.add_argument("--working-days", metavar="N", help="期限为 N 个工作日")
        parser.add_argument("--days", metavar="N", help="期限为 N 天（自然日）")

    def handle(self, *args: Any, **options: Any) -> None:
        start = _parse_start(options["start"])
        given = [key for key in UNITS if options[key] is not None]
        if len(given) != 1:
            raise CommandError("请给出且只给出一个期限：--months N、--working-days N 或 --days N。")
        unit, label = UNITS[given[0]]
        amount = _parse_amount(options[given[0]], label)
        try:
            due = due_date(start, amount, unit, load_calendar())
        except OverflowError as e:
            raise CommandError("截止日期超出可计算的范围。") from e
        except ValueError as e:
            raise CommandError(str(e)) from e
        self.stdout.write(due.on.isoformat())
        if due.provisional:
            years = "、".join(f"{y}年" for y in due.unconfirmed_years)
            self.stderr.write(
                f"注意：{years}放假安排尚未确认，结果按周末推算，仅供参考。",
                style_func=self.style.WARNING,
            )


def _parse_start(value: str | None) -> dt.date:
    if not value:
        raise CommandError("请给出起算日，例如：manage.py deadline 2025-11-30 --months 3")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError as e:
        raise CommandError(f"起算日“{value}”无效，应写成 2025-11-30 这样的日期。") from e


def _parse_amount(value: str, label: str) -> int:
    try:
        amount = int(value.strip())
    except ValueError as e:
        raise CommandError(f"期限“{value}”无效，应为正整数（{label}数）。") from e
    if amount < 1:
        raise CommandError(f"期限应为正整数，不能是 {amount}。")
    if amount > MAX_AMOUNT:
        raise CommandError(f"期限 {amount}{label} 过长。")
    return amount
