"""Calendar import from Excel (all rows checked, then one upsert) and the seed/import commands."""

from __future__ import annotations

import datetime as dt
from io import BytesIO, StringIO
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from banli.core.calendar_import import CalendarImportError, import_calendar_xlsx
from banli.core.deadlines import open_deadline
from banli.core.models import CalendarDay, Deadline, DeadlineUnit, Duty
from banli.core.tests.factories import AssignmentFactory

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat
HEADER = ("日期", "类型", "名称", "已确认")

# The 2027 notice is not in the seeded table; a made-up schedule for it.
SCHEDULE_2027 = [
    (dt.datetime(2027, 1, 1), "节假日", "元旦", "是"),  # a date cell, as Excel gives it
    ("2027-02-06", "节假日", "春节", "是"),  # a Saturday inside a holiday: kept, named
    ("2027/2/8", "节假日", "春节", "是"),
    ("2027年2月20日", "调休工作日", "春节调休", "是"),
]


def xlsx(*rows: tuple[Any, ...], header: tuple[Any, ...] = HEADER) -> BytesIO:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def errors_of(file: BytesIO) -> list[str]:
    with pytest.raises(CalendarImportError) as refused:
        import_calendar_xlsx(file)
    return refused.value.messages


def test_import_creates_then_updates_then_leaves_alone() -> None:
    result = import_calendar_xlsx(xlsx(*SCHEDULE_2027))
    assert (result.created, result.updated, result.unchanged, result.years) == (4, 0, 0, (2027,))
    assert str(result) == "导入完成（2027年）：新增 4 天，更新 0 天，未变 0 天。"
    saturday = CalendarDay.objects.get(date=D("2027-02-20"))
    assert (saturday.kind, saturday.name, saturday.confirmed) == ("workday", "春节调休", True)

    again = import_calendar_xlsx(xlsx(*SCHEDULE_2027[:3], ("2027-02-20", "调休工作日", "春节调休", "否")))
    assert (again.created, again.updated, again.unchanged) == (0, 1, 3)
    assert not CalendarDay.objects.get(date=D("2027-02-20")).confirmed
    assert CalendarDay.objects.filter(date__year=2027).count() == 4


def test_optional_columns_and_blank_lines() -> None:
    # Columns in another order, 名称 and 已确认 left out, a blank line in the middle.
    file = xlsx(("调休工作日", "2027-02-20"), (None, None), ("节假日", 46388), header=("类型", "日期"))
    assert import_calendar_xlsx(file).created == 2
    day = CalendarDay.objects.get(date=D("2027-01-01"))  # 46388 is Excel's serial for 2027-01-01
    assert (day.kind, day.name, day.confirmed) == ("holiday", "", True)


def test_import_moves_open_deadlines_once_after_commit(django_capture_on_commit_callbacks: Any) -> None:
    deadline = open_deadline(AssignmentFactory(), Duty.REPLY, D("2026-12-01"), 1, DeadlineUnit.MONTHS)
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-01"), True)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        import_calendar_xlsx(xlsx(*SCHEDULE_2027))
    assert len(callbacks) == 1
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.provisional) == (D("2027-01-04"), False)


def test_any_bad_row_writes_nothing_and_every_error_is_reported() -> None:
    before = CalendarDay.objects.count()
    messages = errors_of(
        xlsx(
            ("2027-01-01", "节假日", "元旦", "是"),  # fine, but not written
            ("2027-02-30", "节假日", "春节", "是"),
            ("2027-02-08", "假期", "春节", "是"),
            ("2027-02-09", "调休工作日", "春节调休", "是"),  # a Tuesday
            ("2027-01-01", "节假日", "元旦", "是"),
            ("2027-02-10", "节假日", "春" * 31, "也许"),
            (None, "节假日", "无日期", None),
        )
    )
    assert messages == [
        "第3行：日期“2027-02-30”无法识别，应写成 2026-02-14 这样的日期。",
        "第4行：类型应为“节假日”或“调休工作日”，而不是“假期”。",
        "第5行：2027-02-09 是星期二，调休工作日应为周六或周日。",
        "第6行：日期 2027-01-01 与第2行重复。",
        "第7行：名称不能超过30个字；已确认应为“是”或“否”，而不是“也许”。",
        "第8行：缺少日期。",
    ]
    assert CalendarDay.objects.count() == before
    assert not CalendarDay.objects.filter(date__year=2027).exists()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (BytesIO(b"not a workbook"), "无法读取文件：请选择 Excel 工作簿（.xlsx）。"),
        (xlsx(("2027-01-01", "节假日"), header=("日子", "类型")), "第1行（表头）缺少列：日期。"),
        (xlsx(), "表中没有数据行"),
    ],
)
def test_unusable_files_are_refused(file: BytesIO, message: str) -> None:
    assert errors_of(file)[0].startswith(message)


def test_a_wrong_file_does_not_list_every_row() -> None:
    messages = errors_of(xlsx(*[("明天", "节假日")] * 80))
    assert len(messages) == 51
    assert messages[-1] == "……另有 30 处错误未列出。"


def test_import_calendar_command(tmp_path: Path) -> None:
    path = tmp_path / "2027年放假安排.xlsx"
    path.write_bytes(xlsx(*SCHEDULE_2027).getvalue())
    out = StringIO()
    call_command("import_calendar", str(path), stdout=out)
    assert out.getvalue() == "导入完成（2027年）：新增 4 天，更新 0 天，未变 0 天。\n"

    path.write_bytes(xlsx(("2027-03-01", "节日")).getvalue())
    with pytest.raises(CommandError, match="导入失败，未写入任何数据：\n第2行：类型应为"):
        call_command("import_calendar", str(path))
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("import_calendar", str(tmp_path / "none.xlsx"))


def test_seed_calendar_is_idempotent_and_recomputes() -> None:
    out = StringIO()
    call_command("seed_calendar", stdout=out)
    assert out.getvalue() == "工作日历新增 0 天。\n"  # the migration seeded the table already

    # Lose National Day 2025, open a deadline on it, then seed again.
    CalendarDay.objects.filter(date__range=(D("2025-10-01"), D("2025-10-08"))).delete()
    deadline = open_deadline(AssignmentFactory(), Duty.REPLY, D("2025-07-01"), 3, DeadlineUnit.MONTHS)
    assert deadline.due_on == D("2025-10-01")
    out = StringIO()
    call_command("seed_calendar", stdout=out)
    assert out.getvalue() == "工作日历新增 8 天。\n重新计算未完成期限：1 个截止日期有变化。\n"
    assert Deadline.objects.get().due_on == D("2025-10-09")
    assert CalendarDay.objects.get(date=D("2025-10-06")).name == "中秋节"
