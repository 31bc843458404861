"""``manage.py train_recommender [--jurisdiction CODE] [--if-stale]``: train the unit recommender."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.core.models import Jurisdiction
from banli.textindex.recommend import RETRAIN_AFTER, new_since_training, train


class Command(BaseCommand):
    help = (
        "根据历年交办记录（主办、单独办理单位）训练智能分办模型，存入数据库供各 Web 进程使用，"
        "报告每个行政区域的样本数和用时。加 --if-stale 时只重新训练尚无模型、"
        f"或自上次训练以来新增交办达到 {RETRAIN_AFTER} 件的行政区域（宜每小时定时执行）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jurisdiction", metavar="CODE", help="只训练该区划代码的行政区域")
        parser.add_argument(
            "--if-stale",
            action="store_true",
            help=f"只在尚无模型或新增主办、单独办理交办达到 {RETRAIN_AFTER} 件时重新训练",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Train (or, with --if-stale, retrain when due) each chosen jurisdiction's model; writes
        RecommenderModel rows and prints one line per jurisdiction."""
        jurisdictions = Jurisdiction.objects.order_by("code")
        code = options.get("jurisdiction")
        if code:
            jurisdictions = jurisdictions.filter(code=code)
            if not jurisdictions.exists():
                raise CommandError(f"未找到区划代码为 {code} 的行政区域。")
        started = time.perf_counter()
        for jurisdiction in jurisdictions:
            label = f"{jurisdiction.name}（{jurisdiction.code}）"
            if options["if_stale"]:
                waiting = new_since_training(jurisdiction.pk)
                if waiting is not None and waiting < RETRAIN_AFTER:
                    self.stdout.write(f"{label}：自上次训练以来新增交办 {waiting} 件，无需重新训练")
                    continue
            row = train(jurisdiction)
            if row is None:
                self.stdout.write(f"{label}：尚无交办记录，未训练（将仅按分办关键词推荐）")
                continue
            self.stdout.write(
                f"{label}：第{row.version}版模型，样本 {row.sample_count} 件、单位 {row.unit_count} 个，"
                f"用时 {row.seconds:.2f} 秒"
            )
        self.stdout.write(f"完成，用时 {time.perf_counter() - started:.2f} 秒。")
