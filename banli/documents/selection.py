"""Which template a document is rendered from, and whether an uploaded one is fit to use."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.exceptions import OpcError

from banli.core.models import Jurisdiction
from banli.documents.defaults import default_template
from banli.documents.models import DocumentTemplate, TemplateKind
from banli.documents.rendering import DocumentError

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024


def active_template(kind: str, jurisdiction: Jurisdiction | None = None) -> bytes:
    """The template to render ``kind`` with: the jurisdiction's active one, else the active one without a
    jurisdiction, else the shipped default. Reads only."""
    if kind not in TemplateKind.values:
        raise ValueError(f"没有这种文档模板：{kind}")
    candidates = DocumentTemplate.objects.filter(kind=kind, is_active=True)
    chosen = None
    if jurisdiction is not None:
        chosen = candidates.filter(jurisdiction=jurisdiction).first()
    if chosen is None:
        chosen = candidates.filter(jurisdiction__isnull=True).first()
    if chosen is None:
        return default_template(kind)
    with chosen.file.open("rb") as f:
        return f.read()


def check_template(kind: str, data: bytes) -> None:
    """Refuse a file that is not a plain .docx, or that does not render the sample data with every field
    in place. Raises ``DocumentError`` with the reason in Chinese; writes nothing."""
    from banli.documents.letters import render_reply_letter
    from banli.documents.reports import render_handling_report
    from banli.documents.samples import sample_letter, sample_report

    if len(data) > MAX_TEMPLATE_BYTES:
        raise DocumentError("模板文件不能超过5 MB。")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise DocumentError("模板不是有效的 Word（.docx）文件。")
    try:
        Document(io.BytesIO(data))
    except (OpcError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        # python-docx refuses .docm (macros) and anything whose main part is not a Word document
        raise DocumentError("模板不是有效的 Word（.docx）文件（不接受含宏的文档）。") from exc
    if kind == TemplateKind.HANDLING_REPORT:
        report = sample_report()
        rendered = render_handling_report(report, data)
        expected = {"标题": report.context()["title"], "正文": "从办理结果看"}
    else:
        letter = sample_letter()
        rendered = render_reply_letter(letter, data)
        expected = {
            "标题": letter.title,
            "文号": letter.document_number,
            "主送": letter.addressee,
            "正文": letter.paragraphs[0],
            "署名": letter.signer,
        }
    text = document_text(rendered)
    missing = [label for label, value in expected.items() if value not in text]
    if missing:
        raise DocumentError(f"用示例数据生成的文档缺少{'、'.join(missing)}，请检查模板中的标记。")


def document_text(docx: bytes) -> str:
    """All text of a .docx: body paragraphs, tables, headers and footers, one paragraph a line."""
    document = Document(io.BytesIO(docx))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.first_page_header, section.even_page_header):
            lines.extend(p.text for p in part.paragraphs)
    return "\n".join(lines)
