"""``manage.py verify_audit``: walk the audit chain; exit 1 naming every edited or deleted record."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from banli.audit.chain import verify


class Command(BaseCommand):
    help = "校验审计记录哈希链，报告被修改或删除的记录编号（发现问题时退出码为 1）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--database", default="default")

    def handle(self, *args: Any, database: str = "default", **options: Any) -> None:
        report = verify(using=database)
        if report.ok:
            span = f"第 {report.first_id}—{report.last_id} 号" if report.checked else "无记录"
            self.stdout.write(f"审计记录校验通过：共 {report.checked} 条（{span}），哈希链完整。")
            return
        self.stderr.write(f"审计记录校验未通过：发现 {len(report.problems)} 处问题。")
        for problem in report.problems:
            self.stderr.write(f"  [{problem.kind}] id={problem.record_id}：{problem.message}")
        raise SystemExit(1)
