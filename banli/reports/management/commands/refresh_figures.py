"""``manage.py refresh_figures``: recompute the statistics' summary table from the data."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from banli.reports.summary import REBUILD_BATCH, rebuild


class Command(BaseCommand):
    help = (
        "重新计算统计汇总表（每件建议提案及其承办单位的答复、时效、办理结果、评价等指标）。"
        "可重复运行，结果相同；按编号分段，每段一条语句。批量写入数据或修改办理结果分类后可运行本命令。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=REBUILD_BATCH, help="每段的事项数（默认 %(default)s）"
        )

    def handle(self, *args: Any, batch: int = REBUILD_BATCH, **options: Any) -> None:
        started = time.perf_counter()

        def progress(upto: int, last: int) -> None:
            if options.get("verbosity", 1) > 1:
                self.stdout.write(f"已计算至编号 {upto} / {last}")

        count = rebuild(batch=batch, progress=progress)
        self.stdout.write(f"统计汇总表已重新计算：{count} 件，用时 {time.perf_counter() - started:.1f} 秒。")
