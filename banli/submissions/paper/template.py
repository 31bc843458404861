"""The downloadable template workbook for one assembly: header, example row, drop-downs, instructions."""

from __future__ import annotations

import io
from collections import Counter

import openpyxl
from django.utils import timezone
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from banli.core.exports import neutralise
from banli.core.models import Assembly, Member
from banli.submissions.models import SubmissionKind
from banli.submissions.paper.layout import (
    ADVICE,
    CATEGORY,
    CATEGORY_SHEET,
    COLUMNS,
    CONSENT,
    COSIGNERS,
    DATA_SHEET,
    EXAMPLE_MARK,
    HEADERS,
    HELP_SHEET,
    KIND,
    LEAD,
    MAX_ROWS,
    MAX_UPLOAD_MB,
    PROBLEM,
    REASON,
    REQUIRED,
    SECRET,
    TITLE,
    TITLE_MAX,
    TITLE_MIN,
)
from banli.submissions.paper.lookups import Categories, member_word, name_key
from banli.submissions.services import allowed_kinds, intake_policy

AUTHOR = "建议提案办理系统"
HEAD_FILL = "F2DCDB"
GREY = Font(italic=True, color="808080")
BOLD = Font(bold=True)


def template_workbook(assembly: Assembly) -> bytes:
    """The import template for ``assembly`` as .xlsx bytes.

    Sheets: 建议提案 (frozen header, widths, a comment on each header, lists for 类型/是否同意公开/涉密/分类,
    one example row that the import skips), 填写说明, 分类 (the names to use) and the list of members.
    Names from the database are written neutralised, so that none can run as a formula. Writes nothing
    to the database.
    """
    word = member_word(assembly)
    kinds = [label for _, label in allowed_kinds(assembly)]
    categories = Categories(assembly.jurisdiction_id)
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = DATA_SHEET
    _header_row(ws)
    _example_row(ws, kinds, categories)
    _choice(ws, KIND, '"' + ",".join(kinds) + '"', f"请从列表中选择：{'、'.join(kinds)}。")
    _choice(ws, CONSENT, '"是,否"', "请选择“是”或“否”；选“否”时须填写不同意公开理由。")
    _choice(ws, SECRET, '"是,否"', "请选择“是”或“否”。")
    _help_sheet(wb.create_sheet(HELP_SHEET), assembly, kinds, word)
    _category_sheet(wb.create_sheet(CATEGORY_SHEET), categories)
    if categories.ordered:
        end = len(categories.ordered) + 1
        _choice(ws, CATEGORY, f"'{CATEGORY_SHEET}'!$A$2:$A${end}", "请从“分类”表的名称中选择，或留空。")
    _member_sheet(wb.create_sheet(f"{word}名单"), assembly, word)
    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _letter(header: str) -> str:
    return get_column_letter(HEADERS.index(header) + 1)


def _header_row(ws: Worksheet) -> None:
    """Bold headers (red for the required ones), each with its hint as a comment; widths; frozen."""
    fill = PatternFill("solid", fgColor=HEAD_FILL)
    for index, column in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = Font(bold=True, color="C00000" if column.required else "000000")
        cell.fill = fill
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.comment = Comment(("必填。" if column.required else "") + column.hint, AUTHOR)
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 24
    ws.freeze_panes = "A2"


def _example_row(ws: Worksheet, kinds: list[str], categories: Categories) -> None:
    """Row 2, in grey: an example whose 案由 starts with the mark the import skips."""
    example = {
        LEAD: "张三",
        COSIGNERS: "李四、王五",
        KIND: kinds[0],
        TITLE: f"{EXAMPLE_MARK}关于加快老旧小区改造的{kinds[0]}",
        PROBLEM: "部分老旧小区管网老化、缺少停车位和养老设施。",
        ADVICE: "建议统筹资金，分批实施改造，并同步配建养老服务设施。",
        CATEGORY: neutralise(categories.label(categories.ordered[0])) if categories.ordered else "",
        CONSENT: "是",
        REASON: "",
        SECRET: "否",
    }
    for index, header in enumerate(HEADERS, start=1):
        cell = ws.cell(row=2, column=index, value=example[header] or None)
        cell.font = GREY
        cell.alignment = Alignment(vertical="top", wrap_text=header in (PROBLEM, ADVICE))


def _choice(ws: Worksheet, header: str, formula: str, message: str) -> None:
    """A drop-down list on the column's data rows, with the message as prompt and as error."""
    rule = DataValidation(type="list", formula1=formula, allow_blank=True)
    rule.errorTitle, rule.error = f"{header}填写有误", message
    rule.promptTitle, rule.prompt = header, message
    rule.showErrorMessage = rule.showInputMessage = True
    ws.add_data_validation(rule)
    rule.add(f"{_letter(header)}2:{_letter(header)}{MAX_ROWS + 1}")


def _help_sheet(ws: Worksheet, assembly: Assembly, kinds: list[str], word: str) -> None:
    """填写说明: one numbered instruction a row, under a title."""
    motion_note = ""
    if SubmissionKind.MOTION in dict(allowed_kinds(assembly)):
        needed = intake_policy(assembly, timezone.localdate().year).motion_min_cosigners
        motion_note = f"议案须有至少 {needed} 名代表联名。"
    lines = [
        f"1. 在“{DATA_SHEET}”表中每行填写一件，第1行为表头，请勿修改表头名称，也不要插入合并单元格。",
        f"2. 第2行为示例，案由以“{EXAMPLE_MARK}”开头的行不会导入，可直接覆盖或删除。",
        f"3. 红色表头为必填列：{'、'.join(REQUIRED)}；“{PROBLEM}”和“{ADVICE}”至少填写一项。",
        f"4. 领衔人、联名人须为本届{word}，姓名须与“{word}名单”表一致；"
        f"有同名{word}时写成“姓名（代表团/界别）”。",
        "5. 联名人可填写多人，用“、”或“，”分隔；领衔人不能同时列为联名人。",
        f"6. 类型只能填写：{'、'.join(kinds)}。{motion_note}",
        f"7. 案由必填，{TITLE_MIN}至{TITLE_MAX}字，一事一议，如：关于推进老旧小区加装电梯的{kinds[0]}。",
        f"8. 分类可不填；填写时须与“{CATEGORY_SHEET}”表中的名称一致，由交办机构审查时也可再调整。",
        "9. 是否同意公开：填“是”或“否”，不填视为“是”；填“否”时须在“不同意公开理由”中说明理由。",
        "10. 涉密：填“是”或“否”，不填视为“否”。涉密件只登记标题等信息，请勿在表中填写涉密内容。",
        f"11. 每个文件最多 {MAX_ROWS} 行，文件不超过 {MAX_UPLOAD_MB}MB，须为 .xlsx 格式。",
        "12. 导入时先逐行校验：任何一行有误，整个文件都不会导入，系统会列出每处问题所在的行和列；"
        "修改后重新上传即可。",
        "13. 案由与本年度已有件或本文件中其他行相同（不计空格和标点）的，系统会提示可能重复，"
        "仍会导入，除非选择“跳过疑似重复的件”。",
        "14. 导入后各件为“待审查”状态，尚未编号，由交办机构在审查队列中立案编号。",
    ]
    heading = [f"纸质{'、'.join(kinds)}导入模板填写说明", f"适用于：{assembly.name}", ""]
    ws.column_dimensions["A"].width = 110
    for number, text in enumerate([*heading, *lines], start=1):
        cell = ws.cell(row=number, column=1, value=text or None)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=14)


def _category_sheet(ws: Worksheet, categories: Categories) -> None:
    """分类: the names to use (a path where two categories share a name); the 分类 list points here."""
    ws.column_dimensions["A"].width = 30
    ws.cell(row=1, column=1, value="分类名称").font = BOLD
    for number, cat in enumerate(categories.ordered, start=2):
        ws.cell(row=number, column=1, value=neutralise(categories.label(cat)))


def _member_sheet(ws: Worksheet, assembly: Assembly, word: str) -> None:
    """The active members by 代表团/界别, with a note where two share a name."""
    members = list(
        Member.objects.filter(assembly=assembly, is_active=True)
        .only("name", "delegation", "sector")
        .order_by("delegation", "sector", "name")
    )
    for letter, width in (("A", 14), ("B", 24), ("C", 40)):
        ws.column_dimensions[letter].width = width
    for index, text in enumerate(("姓名", "代表团" if word == "代表" else "界别", "备注"), start=1):
        ws.cell(row=1, column=index, value=text).font = BOLD
    ws.freeze_panes = "A2"
    names = Counter(name_key(member.name) for member in members)
    for number, member in enumerate(members, start=2):
        ws.cell(row=number, column=1, value=neutralise(member.name))
        ws.cell(row=number, column=2, value=neutralise(member.group) or None)
        if names[name_key(member.name)] > 1:
            ws.cell(row=number, column=3, value=f"有同名，请写成“{member.name}（{member.group}）”")
