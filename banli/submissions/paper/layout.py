"""The workbook's layout, shared by the reader and the template: sheets, columns and limits."""

from __future__ import annotations

from dataclasses import dataclass

from banli.core.exports import Column
from banli.submissions.models import Submission

LEAD = "领衔人"
COSIGNERS = "联名人"
KIND = "类型"
TITLE = "案由"
PROBLEM = "问题/情况"
ADVICE = "建议/办法"
CATEGORY = "分类"
CONSENT = "是否同意公开"
REASON = "不同意公开理由"
SECRET = "涉密"
TEXT = f"{PROBLEM}、{ADVICE}"  # the "column" of the error when both are empty

DATA_SHEET = "建议提案"
HELP_SHEET = "填写说明"
CATEGORY_SHEET = "分类"
EXAMPLE_MARK = "【示例】"  # rows whose 案由 starts with this are the template's example and are skipped

MAX_ROWS = 10_000
MAX_UPLOAD_MB = 10  # the page refuses larger uploads; the template's instructions say so
MAX_UNZIPPED_BYTES = 300 * 1024 * 1024  # an .xlsx is a zip: refuse bombs before parsing
TITLE_MIN = 4
TITLE_MAX = Submission._meta.get_field("title").max_length or 200
REASON_MAX = Submission._meta.get_field("publication_refusal_reason").max_length or 200


@dataclass(frozen=True)
class TemplateColumn(Column):
    """A column of the data sheet: its header and width, whether it is required, and the hint shown."""

    required: bool = False
    hint: str = ""


COLUMNS: tuple[TemplateColumn, ...] = (
    TemplateColumn(
        LEAD, 14, True, "领衔代表/第一提案人姓名，须为本届代表或委员。同名时写成“姓名（代表团/界别）”。"
    ),
    TemplateColumn(COSIGNERS, 28, False, "可不填。多人用“、”或“，”分隔，每人须为本届代表或委员。"),
    TemplateColumn(KIND, 8, True, "从下拉列表选择。"),
    TemplateColumn(TITLE, 40, True, f"{TITLE_MIN}至{TITLE_MAX}字，一事一议。"),
    TemplateColumn(PROBLEM, 48, False, "与“建议/办法”至少填写一项。"),
    TemplateColumn(ADVICE, 48, False, "与“问题/情况”至少填写一项。"),
    TemplateColumn(CATEGORY, 14, False, "可不填；填写时须与系统中的分类名称一致（见“分类”表）。"),
    TemplateColumn(CONSENT, 12, False, "是/否，不填视为“是”。"),
    TemplateColumn(REASON, 24, False, f"“是否同意公开”为“否”时必填，不超过{REASON_MAX}字。"),
    TemplateColumn(SECRET, 8, False, "是/否，不填视为“否”。"),
)
HEADERS = tuple(c.header for c in COLUMNS)
REQUIRED = tuple(c.header for c in COLUMNS if c.required)
#: Other names a hand-made sheet may use for a column.
ALIASES = {
    "第一提案人": LEAD,
    "领衔代表": LEAD,
    "提案人": LEAD,
    "附议人": COSIGNERS,
    "联名代表": COSIGNERS,
    "问题": PROBLEM,
    "情况": PROBLEM,
    "建议": ADVICE,
    "办法": ADVICE,
    "同意公开": CONSENT,
    "是否涉密": SECRET,
}
