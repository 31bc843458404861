"""``manage.py rebuild_search_index [--kind KIND]``: re-segment and rewrite the full-text index."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.textindex.fulltext import rebuild, sources


class Command(BaseCommand):
    help = (
        "重建全文检索索引：按当前分词词典重新分词并写入索引（如公开的答复），"
        "不再符合条件的对象移出索引。修改分词词语后应运行本命令。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--kind", help="只重建该类别（可选：" + "、".join(s.kind for s in sources()) + "）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Rebuild the chosen kinds in one transaction and print how many documents each holds."""
        known = {s.kind: s for s in sources()}
        kind = options.get("kind")
        if kind and kind not in known:
            raise CommandError(f"没有名为 {kind} 的索引类别；可选：{'、'.join(known) or '（无）'}。")
        started = time.perf_counter()
        counts = rebuild(kind)
        for name, count in counts.items():
            self.stdout.write(f"{known[name].label}：已索引 {count} 项")
        self.stdout.write(f"全文索引重建完成，用时 {time.perf_counter() - started:.2f} 秒。")
