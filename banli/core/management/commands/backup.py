"""``manage.py backup <folder or file.tar.gz>``: the database and the uploaded files in one archive."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from banli.core.backup import create_backup


class Command(BaseCommand):
    help = "备份数据库的全部数据表和附件目录，生成一个 .tar.gz 文件（含清单：每表行数、每个文件的校验值）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("target", help="备份文件路径，或存放备份文件的目录")
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, target: str, database: str = "default", **options: Any) -> None:
        summary = create_backup(target, using=database)
        rows = sum(summary.tables.values())
        self.stdout.write(
            f"备份完成：{summary.path}（{len(summary.tables)} 个数据表共 {rows} 行，附件 {summary.files} 个）。"
        )
        for warning in summary.warnings:
            self.stderr.write(f"警告：{warning}")
