"""Workbooks of several sheets, the way ``core.exports`` writes one: write-only into a temporary file,
each sheet with the header block (title, filters, when and by whom), a frozen column-header row, set
widths, and text that would run as a formula neutralised. Columns may wrap long text (整改清单)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from banli.core.exports import XLSX, Column, neutralise

HEADER_ROWS = 4


@dataclass(frozen=True)
class Sheet:
    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    wrap: bool = False  # wrap long text in every data cell


def _write(wb: Workbook, sheet: Sheet, filters: str, user: Any) -> None:
    ws = wb.create_sheet(title=sheet.title[:31])
    for index, column in enumerate(sheet.columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.freeze_panes = f"A{HEADER_ROWS + 1}"
    title = WriteOnlyCell(ws, value=sheet.title)
    title.font = Font(bold=True, size=14)
    ws.append([title])
    ws.append([f"筛选条件：{filters or '全部'}"])
    who = getattr(user, "display_name", "") if user else ""
    ws.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + (f"　导出人：{who}" if who else "")])
    fill, bold = PatternFill("solid", fgColor="F2DCDB"), Font(bold=True)
    heads = []
    for column in sheet.columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        heads.append(cell)
    ws.append(heads)
    wrap = Alignment(vertical="top", wrap_text=True)
    for row in sheet.rows:
        if sheet.wrap:
            cells = []
            for value in row:
                cell = WriteOnlyCell(ws, value=neutralise(value))
                cell.alignment = wrap
                cells.append(cell)
            ws.append(cells)
        else:
            ws.append([neutralise(v) for v in row])


def workbook_response(
    filename: str, sheets: Sequence[Sheet], *, filters: str = "", user: Any = None
) -> FileResponse:
    """Stream a workbook of ``sheets`` (rows are consumed lazily, one sheet after the other)."""
    wb = Workbook(write_only=True)
    for sheet in sheets:
        _write(wb, sheet, filters, user)
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it after sending
    wb.save(tmp)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response
