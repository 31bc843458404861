"""``manage.py purge_audit [--days N] [--dry-run]``: remove audit records past the retention period."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.audit.retention import RetentionError, purge, retention_days


class Command(BaseCommand):
    help = "清理超过保留期限的审计记录（保留期限内的记录不会被删除），清理后哈希链仍可校验。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="清理早于多少天的记录（不少于保留期限）")
        parser.add_argument("--dry-run", action="store_true", help="只统计，不删除")

    def handle(self, *args: Any, days: int | None = None, dry_run: bool = False, **options: Any) -> None:
        try:
            result = purge(days, dry_run=dry_run)
        except RetentionError as exc:
            raise CommandError(str(exc)) from exc
        when = f"{result.cutoff:%Y-%m-%d %H:%M}"
        if dry_run:
            self.stdout.write(
                f"将清理 {result.removed} 条早于 {when} 的审计记录（保留期限 {retention_days()} 天）。"
            )
        elif result.removed:
            self.stdout.write(
                f"已清理 {result.removed} 条早于 {when} 的审计记录，锚点为第 {result.anchor_id} 号。"
            )
        else:
            self.stdout.write(f"没有早于 {when} 的审计记录需要清理。")
