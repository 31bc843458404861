"""``manage.py import_calendar FILE.xlsx``: import a year's holiday schedule from Excel."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from banli.core.calendar_import import CalendarImportError, import_calendar_xlsx


class Command(BaseCommand):
    help = "从 Excel 导入工作日历（列：日期 / 类型(节假日|调休工作日) / 名称 / 已确认(是|否)）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="Excel 文件（.xlsx）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        try:
            result = import_calendar_xlsx(str(path))
        except CalendarImportError as e:
            raise CommandError("导入失败，未写入任何数据：\n" + "\n".join(e.messages)) from e
        # Open deadlines were recomputed when the import committed.
        self.stdout.write(str(result))
