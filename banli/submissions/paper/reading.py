"""Opening the workbook: refusing what is not a safe .xlsx, mapping the header, collecting the data rows."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from typing import IO, Any

import openpyxl

from banli.core.exports import FORMULA_PREFIXES
from banli.submissions.paper.layout import (
    ADVICE,
    ALIASES,
    DATA_SHEET,
    HEADERS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    PROBLEM,
    REQUIRED,
    TEXT,
)
from banli.submissions.paper.results import RowError

WorkbookFile = str | Path | IO[bytes]
Rows = list[tuple[int, tuple[Any, ...]]]

NOT_XLSX = (
    "文件不是 Excel 2007 及以上版本的 .xlsx 工作簿。如为 .xls 文件，请在 Excel 中“另存为” .xlsx 后再上传。"
)


class Unreadable(Exception):
    """The file as a whole (or its header) cannot be used; ``error`` says why, for the user."""

    def __init__(self, message: str, row: int = 0, column: str = "") -> None:
        super().__init__(message)
        self.error = RowError(row, column, message)


def cell_text(value: Any) -> str:
    """A cell's value as the text typed: trimmed, one kind of line break, whole numbers without ``.0``.

    The leading quote that :func:`banli.core.exports.neutralise` puts before formula-like text (as in
    the names of the template's lists) is taken off again.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text


def header_name(value: Any) -> str:
    """The column a header cell names: marks of required columns dropped, other names mapped."""
    text = re.sub(r"[\s*＊]|[（(]必填[）)]", "", cell_text(value))
    return ALIASES.get(text, text)


def file_name(file: WorkbookFile) -> str:
    name = file if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    return Path(str(name)).name


def check_archive(file: WorkbookFile) -> None:
    """Refuse what is not an .xlsx (or would unzip to something huge) before openpyxl parses it."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Unreadable(NOT_XLSX) from exc
    finally:
        if hasattr(file, "seek"):
            file.seek(0)
    if "xl/workbook.xml" not in names:
        raise Unreadable(NOT_XLSX)
    if unzipped > MAX_UNZIPPED_BYTES:
        raise Unreadable("文件解压后过大，无法读取。请只保留导入模板中的数据后重新上传。")


def _columns(header: tuple[Any, ...]) -> dict[str, int]:
    """Column → index from the header row; refuses a header without the required columns."""
    columns: dict[str, int] = {}
    for index, value in enumerate(header):
        name = header_name(value)
        if name in HEADERS and name not in columns:
            columns[name] = index
    missing = [h for h in REQUIRED if h not in columns]
    if PROBLEM not in columns and ADVICE not in columns:
        missing.append(TEXT)
    if missing:
        raise Unreadable(
            f"表头缺少列：{'、'.join(missing)}。请使用系统提供的导入模板，表头应为：{'、'.join(HEADERS)}。",
            row=1,
        )
    return columns


def read_workbook(file: WorkbookFile) -> tuple[dict[str, int], Rows]:
    """The header (column → index) and the non-blank data rows with their Excel row numbers.

    Raises :class:`Unreadable` for a file that is not a usable workbook, a header without the required
    columns, more than ``MAX_ROWS`` rows or no data at all.
    """
    check_archive(file)
    try:
        workbook = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook can fail in many ways inside openpyxl
        raise Unreadable("无法读取该文件：工作簿已损坏或不是 Excel 文件。") from exc
    try:
        sheet = workbook[DATA_SHEET] if DATA_SHEET in workbook.sheetnames else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        columns = _columns(next(rows, None) or ())
        data: Rows = []
        for number, values in enumerate(rows, start=2):
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            if len(data) >= MAX_ROWS:
                raise Unreadable(f"一次最多导入 {MAX_ROWS} 行，请分成几个文件导入。", row=number)
            data.append((number, tuple(values)))
    except Unreadable:
        raise
    except Exception as exc:  # malformed sheet XML surfaces only while iterating
        raise Unreadable("无法读取该文件：工作簿内容已损坏。请在 Excel 中打开并另存后再上传。") from exc
    finally:
        workbook.close()
    if not data:
        raise Unreadable("表中没有数据：第1行为表头，请从第2行起每行填写一件。", row=2)
    return columns, data
