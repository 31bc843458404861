"""``manage.py rebuild_text_index [--jurisdiction CODE]``: refit the similarity model and report."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.core.models import Jurisdiction
from banli.textindex.similarity import rebuild


class Command(BaseCommand):
    help = (
        "重建相似建议提案的文本索引（分词并拟合 TF-IDF 模型），报告每个行政区域索引的件数和用时。"
        "分词结果存入数据库，供各 Web 进程启动后直接使用；模型保存在各进程内存中，"
        "Web 进程在数据或词典变化后的首次查询时自动重新拟合。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--jurisdiction", metavar="CODE", help="只重建该区划代码的行政区域")
        parser.add_argument(
            "--resegment", action="store_true", help="全部重新分词（默认沿用数据库中仍然有效的分词结果）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Refit the model of each chosen jurisdiction in this process (segmenting what has no valid stored
        segmentation, and storing it) and print count and duration."""
        jurisdictions = Jurisdiction.objects.order_by("code")
        code = options.get("jurisdiction")
        if code:
            jurisdictions = jurisdictions.filter(code=code)
            if not jurisdictions.exists():
                raise CommandError(f"未找到区划代码为 {code} 的行政区域。")
        started = time.perf_counter()
        total = 0
        for jurisdiction in jurisdictions:
            index = rebuild(jurisdiction.pk, resegment=options["resegment"])
            total += len(index)
            self.stdout.write(
                f"{jurisdiction.name}（{jurisdiction.code}）：已索引 {len(index)} 件"
                f"（新分词 {index.stats['segmented']} 件，沿用已存分词 {index.stats['stored']} 件），"
                f"用时 {index.seconds:.2f} 秒"
            )
        self.stdout.write(f"合计已索引 {total} 件，用时 {time.perf_counter() - started:.2f} 秒。")
