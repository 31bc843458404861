"""Import the State Council's holiday schedule into the working-day calendar from an Excel sheet.

The first sheet has a header row with the columns 日期 / 类型 / 名称 / 已确认 (any order; 名称 and 已确认
may be left out: no name, and 是). 类型 is 节假日 or 调休工作日. Every row is checked before anything is
written; with any error nothing is written and every error is reported with its row number.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import dataclass
from typing import IO, Any

import openpyxl
from django.core.exceptions import ValidationError
from openpyxl.utils.datetime import from_excel
from openpyxl.utils.exceptions import InvalidFileException

from banli.core.deadlines import recompute_after_commit
from banli.core.models import CalendarDay, CalendarDayKind
from banli.core.transactions import writing

COLUMNS = ("日期", "类型", "名称", "已确认")
REQUIRED = ("日期", "类型")
KINDS = {
    "节假日": CalendarDayKind.HOLIDAY,
    "holiday": CalendarDayKind.HOLIDAY,
    "调休工作日": CalendarDayKind.WORKDAY,
    "调休": CalendarDayKind.WORKDAY,
    "workday": CalendarDayKind.WORKDAY,
}
YES = {"是", "y", "yes", "true", "1", "已确认"}
NO = {"否", "n", "no", "false", "0", "未确认"}
DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d")
WEEKDAYS = "一二三四五六日"
MAX_ERRORS = 50  # a wrong file would otherwise list every one of its rows
NAME_MAX = CalendarDay._meta.get_field("name").max_length


class CalendarImportError(ValidationError):
    """The file was refused; ``messages`` lists every problem found, in Chinese, with row numbers."""


@dataclass(frozen=True)
class ParsedDay:
    row: int
    date: dt.date
    kind: str
    name: str
    confirmed: bool


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    years: tuple[int, ...]

    def __str__(self) -> str:
        years = "、".join(f"{y}年" for y in self.years)
        return (
            f"导入完成（{years}）：新增 {self.created} 天，更新 {self.updated} 天，未变 {self.unchanged} 天。"
        )


def import_calendar_xlsx(file: str | IO[bytes]) -> ImportResult:
    """Check every row of ``file`` (a path or an uploaded file), then upsert the days in one transaction.

    Days in the file are created, or overwritten (类型, 名称, 已确认) when their date exists; days not in
    the file are left alone. Open deadlines are recomputed once, after commit, when anything changed.
    Raises :class:`CalendarImportError` (nothing written) when any row is wrong.
    """
    days = read_calendar_xlsx(file)
    created = updated = unchanged = 0
    with writing():
        first, last = min(d.date for d in days), max(d.date for d in days)
        # A range, not date__in: one query however many rows, and no bound-parameter limit.
        existing = {
            d.date: d for d in CalendarDay.objects.select_for_update().filter(date__range=(first, last))
        }
        to_write = []
        for day in days:
            old = existing.get(day.date)
            if old is not None and (old.kind, old.name, old.confirmed) == (day.kind, day.name, day.confirmed):
                unchanged += 1
                continue
            if old is None:
                created += 1
            else:
                updated += 1
            to_write.append(CalendarDay(date=day.date, kind=day.kind, name=day.name, confirmed=day.confirmed))
        # An upsert, so a day added meanwhile by someone else is overwritten rather than failing the import.
        CalendarDay.objects.bulk_create(
            to_write,
            batch_size=500,
            update_conflicts=True,
            unique_fields=["date"],
            update_fields=["kind", "name", "confirmed"],
        )
        if to_write:
            # Bulk writes send no signals: schedule the one recompute here.
            recompute_after_commit()
    return ImportResult(created, updated, unchanged, tuple(sorted({d.date.year for d in days})))


def read_calendar_xlsx(file: str | IO[bytes]) -> list[ParsedDay]:
    """The rows of the first sheet, all checked; raises :class:`CalendarImportError` listing all errors."""
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError) as e:
        raise CalendarImportError(["无法读取文件：请选择 Excel 工作簿（.xlsx）。"]) from e
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = next(rows, None) or ()
        columns = {str(v).strip(): i for i, v in enumerate(header) if v is not None}
        missing = [c for c in REQUIRED if c not in columns]
        if missing:
            raise CalendarImportError(
                [f"第1行（表头）缺少列：{'、'.join(missing)}。表头应为：{' / '.join(COLUMNS)}。"]
            )
        errors: list[str] = []
        days: list[ParsedDay] = []
        seen: dict[dt.date, int] = {}
        for number, values in enumerate(rows, start=2):
            if all(v is None or str(v).strip() == "" for v in values):
                continue  # blank lines between holidays are common in hand-made sheets

            def cell(column: str, values: tuple[Any, ...] = values) -> Any:
                i = columns.get(column)
                return values[i] if i is not None and i < len(values) else None

            day = _parse_row(number, cell, errors)
            if day is None:
                continue
            if day.date in seen:
                errors.append(f"第{number}行：日期 {day.date} 与第{seen[day.date]}行重复。")
                continue
            seen[day.date] = number
            days.append(day)
    finally:
        workbook.close()
    if not days and not errors:
        errors.append("表中没有数据行：第1行为表头，从第2行起每行一天。")
    if errors:
        if len(errors) > MAX_ERRORS:
            errors = [*errors[:MAX_ERRORS], f"……另有 {len(errors) - MAX_ERRORS} 处错误未列出。"]
        raise CalendarImportError(errors)
    return days


def _parse_row(number: int, cell: Any, errors: list[str]) -> ParsedDay | None:
    row_errors: list[str] = []
    date = _parse_date(cell("日期"))
    if date is None:
        raw = cell("日期")
        row_errors.append("缺少日期" if _blank(raw) else f"日期“{raw}”无法识别，应写成 2026-02-14 这样的日期")
    raw_kind = "" if _blank(cell("类型")) else str(cell("类型")).strip()
    kind = KINDS.get(raw_kind.lower())
    if kind is None:
        row_errors.append(
            f"类型应为“节假日”或“调休工作日”，而不是“{raw_kind}”"
            if raw_kind
            else "缺少类型（节假日或调休工作日）"
        )
    elif kind == CalendarDayKind.WORKDAY and date is not None and date.weekday() < 5:
        row_errors.append(f"{date} 是星期{WEEKDAYS[date.weekday()]}，调休工作日应为周六或周日")
    name = "" if _blank(cell("名称")) else str(cell("名称")).strip()
    if len(name) > NAME_MAX:
        row_errors.append(f"名称不能超过{NAME_MAX}个字")
    confirmed = _parse_bool(cell("已确认"))
    if confirmed is None:
        row_errors.append(f"已确认应为“是”或“否”，而不是“{cell('已确认')}”")
    if row_errors:
        errors.append(f"第{number}行：{'；'.join(row_errors)}。")
        return None
    assert date is not None and kind is not None and confirmed is not None
    return ParsedDay(number, date, kind, name, confirmed)


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # A date typed into a cell formatted as a number arrives as Excel's day serial.
        try:
            return from_excel(value).date() if 1 <= value < 2958466 else None
        except (ValueError, OverflowError):
            return None
    if isinstance(value, str):
        text = value.strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
    return None


def _parse_bool(value: Any) -> bool | None:
    if _blank(value):
        return True  # the model's default: a sheet made from the published notice
    if isinstance(value, bool):
        return value
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip().lower()
    if text in YES:
        return True
    if text in NO:
        return False
    return None


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
