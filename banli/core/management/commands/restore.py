"""``manage.py restore <archive> [--force]``: put a backup back, after checking it whole."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.audit.chain import verify
from banli.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "从备份文件恢复数据库和附件。先校验备份的完整性；目标数据库已有数据时须加 --force（将被全部覆盖）。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="manage.py backup 生成的 .tar.gz 文件")
        parser.add_argument("--force", action="store_true", help="覆盖已有数据的数据库和附件目录")
        parser.add_argument("--database", default="default")

    def handle(
        self, *args: Any, archive: str, force: bool = False, database: str = "default", **options: Any
    ) -> None:
        try:
            summary = restore_backup(archive, force=force, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(summary.tables.values())
        self.stdout.write(f"恢复完成：{len(summary.tables)} 个数据表共 {rows} 行，附件 {summary.files} 个。")
        report = verify(using=database)
        if report.ok:
            self.stdout.write(f"审计记录校验通过（{report.checked} 条）。")
        else:
            self.stderr.write(
                f"警告：恢复后的审计记录校验发现 {len(report.problems)} 处问题，请执行 verify_audit 查看。"
            )
