"""Excel export of lists (台账), the way officials hand them over.

Written with openpyxl's write-only mode into a temporary file and streamed from there, so a large
ledger never sits in memory as a whole. Every sheet has a header block (title, the filters applied,
when and by whom), a frozen column-header row and set column widths. Text that a spreadsheet would
read as a formula (starting with = + - @, or a tab/carriage return) is neutralised with a leading quote.
Every export is a sensitive read: it is written to the audit trail (what, which filters, how many rows).
"""

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

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 14


def neutralise(value: Any) -> Any:
    """Keep a cell's text from being run as a formula when the file is opened."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def xlsx_response(
    filename: str,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    *,
    filters: str = "",
    user: Any = None,
) -> FileResponse:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31])
    for index, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(index)].width = column.width
    header_rows = 4
    ws.freeze_panes = f"A{header_rows + 1}"
    bold = Font(bold=True)
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    ws.append([f"筛选条件：{filters or '全部'}"])
    who = getattr(user, "display_name", "") if user else ""
    ws.append([f"导出时间：{timezone.localtime():%Y-%m-%d %H:%M}" + (f"　导出人：{who}" if who else "")])
    fill = PatternFill("solid", fgColor="F2DCDB")
    heads = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        heads.append(cell)
    ws.append(heads)
    count = 0
    for row in rows:
        ws.append([neutralise(v) for v in row])
        count += 1
    tmp = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115 - FileResponse closes it after sending
    wb.save(tmp)
    tmp.seek(0)
    response = FileResponse(tmp, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    _audit_export(filename, title, filters, count, user)
    return response


def _audit_export(filename: str, title: str, filters: str, count: int, user: Any) -> None:
    from banli.audit.log import audit
    from banli.audit.models import AuditAction

    audit(
        AuditAction.EXPORT,
        actor=user,
        object_type="export",
        object_label=title,
        detail={"filename": filename, "filters": filters or "全部", "rows": count},
    )


def describe_filters(pairs: Iterable[tuple[str, str]]) -> str:
    """Human description of the filters applied, e.g. 状态：待审查；年度：2025."""
    return "；".join(f"{label}：{value}" for label, value in pairs if value)


def xlsx_of_list(
    request: Any,
    qs: Any,
    sorts: dict[str, str],
    default: str,
    *,
    title: str,
    columns: Sequence[Column],
    rows: Any,
    filters: Iterable[tuple[str, str]] = (),
) -> FileResponse:
    """A list page's Excel file (``?export=xlsx``): the page's rows, in the page's sort, all pages.

    ``rows`` turns the sorted queryset into the sheet's rows; ``filters`` are (label, value) pairs."""
    from banli.core.lists import sorted_by

    ordered, _ = sorted_by(request, qs, sorts, default)
    return xlsx_response(
        f"{title}.xlsx", title, columns, rows(ordered), filters=describe_filters(filters), user=request.user
    )
