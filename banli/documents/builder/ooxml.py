"""Plain WordprocessingML, written by hand so every element is one Word, WPS and LibreOffice all know.

Word rejects a file whose elements are out of the schema's order, so each helper writes its children in
that order (ECMA-376 Part 1, §17.3.1.26 for paragraph properties, §17.3.2.28 for run properties).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = f'xmlns:w="{W}" xmlns:r="{R}"'
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

Border = tuple[str, int, int, str]  # (w:val, w:sz in eighths of a point, w:space in points, colour)


def attrs(values: Mapping[str, object]) -> str:
    return "".join(f" w:{k}={quoteattr(str(v))}" for k, v in values.items() if v is not None)


def fonts(east_asian: str, latin: str | None = None) -> str:
    """rFonts naming the East Asian font explicitly (python-docx alone sets only the Latin ones)."""
    latin = latin or east_asian
    return f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asian}" w:cs="{latin}"/>'


def rpr(
    *,
    style: str | None = None,
    font: str | None = None,
    bold: bool = False,
    snap: bool | None = None,
    color: str | None = None,
    spacing: int | None = None,
    size_pt: float | None = None,
    lang: bool = False,
    wrap: bool = True,
) -> str:
    """Run properties; ``snap=False`` keeps large type off the character grid."""
    parts = []
    if style:
        parts.append(f'<w:rStyle w:val="{style}"/>')
    if font:
        parts.append(font)
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if snap is False:
        parts.append('<w:snapToGrid w:val="0"/>')
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing is not None:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    if size_pt is not None:
        half = round(size_pt * 2)
        parts.append(f'<w:sz w:val="{half}"/><w:szCs w:val="{half}"/>')
    if lang:
        parts.append('<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>')
    body = "".join(parts)
    return f"<w:rPr>{body}</w:rPr>" if (body and wrap) else body


def ppr(
    *,
    style: str | None = None,
    keep_next: bool = False,
    page_break_before: bool = False,
    widow_control: bool | None = None,
    borders: Mapping[str, Border] | None = None,
    tabs: Iterable[tuple[str, int]] = (),
    auto_space: bool | None = None,
    snap: bool | None = None,
    spacing: Mapping[str, object] | None = None,
    ind: Mapping[str, object] | None = None,
    jc: str | None = None,
    outline: int | None = None,
    run: str = "",
    wrap: bool = True,
) -> str:
    """Paragraph properties in schema order; ``run`` is the paragraph mark's rPr (already wrapped)."""
    parts = []
    if style:
        parts.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        parts.append("<w:keepNext/>")
    if page_break_before:
        parts.append("<w:pageBreakBefore/>")
    if widow_control is not None:
        parts.append(f'<w:widowControl w:val="{int(widow_control)}"/>')
    if borders:
        sides = "".join(
            f'<w:{side} w:val="{val}" w:sz="{sz}" w:space="{space}" w:color="{color}"/>'
            for side in ("top", "left", "bottom", "right")
            if side in borders
            for val, sz, space, color in [borders[side]]
        )
        parts.append(f"<w:pBdr>{sides}</w:pBdr>")
    tab_list = "".join(f'<w:tab w:val="{val}" w:pos="{pos}"/>' for val, pos in tabs)
    if tab_list:
        parts.append(f"<w:tabs>{tab_list}</w:tabs>")
    if auto_space is not None:
        parts.append(f'<w:autoSpaceDE w:val="{int(auto_space)}"/><w:autoSpaceDN w:val="{int(auto_space)}"/>')
    if snap is not None:
        parts.append(f'<w:snapToGrid w:val="{int(snap)}"/>')
    if spacing:
        parts.append(f"<w:spacing{attrs(spacing)}/>")
    if ind:
        parts.append(f"<w:ind{attrs(ind)}/>")
    if jc:
        parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    parts.append(run)
    body = "".join(parts)
    return f"<w:pPr>{body}</w:pPr>" if (body and wrap) else body


def exact(line: int, before: int = 0, after: int = 0) -> dict[str, object]:
    return {"before": before, "after": after, "line": line, "lineRule": "exact"}


def single(before: int = 0, after: int = 0) -> dict[str, object]:
    return {"before": before, "after": after, "line": 240, "lineRule": "auto"}


def text(value: str) -> str:
    return f'<w:t xml:space="preserve">{escape(value)}</w:t>'


def run(value: str = "", props: str = "", *, tab: bool = False) -> str:
    return f"<w:r>{props}{'<w:tab/>' if tab else ''}{text(value) if value else ''}</w:r>"


def para(runs: str | Iterable[str] = "", props: str = "") -> str:
    content = runs if isinstance(runs, str) else "".join(runs)
    return f"<w:p>{props}{content}</w:p>"


def tag(value: str, style: str | None = None) -> str:
    """A paragraph holding only a docxtpl control tag such as ``{%p for p in paragraphs %}``."""
    return para(run(value), ppr(style=style) if style else "")


def page_field(props: str) -> str:
    """The PAGE field as begin / instruction / separate / result / end: the form every editor keeps."""
    return (
        f'<w:r>{props}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{props}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{props}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{props}{text('1')}</w:r>"
        f'<w:r>{props}<w:fldChar w:fldCharType="end"/></w:r>'
    )


def part(root: str, body: str) -> str:
    return f"{DECLARATION}<w:{root} {NS}>{body}</w:{root}>"


CONTENT_TYPES = {
    "document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "fontTable": "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml",
    "header": "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
    "footer": "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}
REL_TYPES = {
    "styles": f"{R}/styles",
    "settings": f"{R}/settings",
    "fontTable": f"{R}/fontTable",
    "header": f"{R}/header",
    "footer": f"{R}/footer",
}


def package(
    *,
    document: str,
    styles: str,
    settings: str,
    font_table: str,
    parts: Mapping[str, str],
    title: str,
    subject: str,
) -> bytes:
    """Zip the parts into a .docx; fixed timestamps make a rebuild byte-identical to the committed file.

    ``title`` may be a docxtpl tag (the rendered document then carries its own title); ``subject``
    says what the template is for.

    ``parts`` maps ``header1.xml``/``footer2.xml``… to their XML; each gets a relationship ``rId<name>``.
    """
    overrides = [
        ("/word/document.xml", CONTENT_TYPES["document"]),
        ("/word/styles.xml", CONTENT_TYPES["styles"]),
        ("/word/settings.xml", CONTENT_TYPES["settings"]),
        ("/word/fontTable.xml", CONTENT_TYPES["fontTable"]),
        ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
        ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
    ]
    rels = [("rIdStyles", "styles", "styles.xml"), ("rIdSettings", "settings", "settings.xml")]
    rels.append(("rIdFontTable", "fontTable", "fontTable.xml"))
    for name in parts:
        kind = "header" if name.startswith("header") else "footer"
        overrides.append((f"/word/{name}", CONTENT_TYPES[kind]))
        rels.append((f"rId{name.removesuffix('.xml')}", kind, name))
    content_types = (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{n}" ContentType="{t}"/>' for n, t in overrides)
        + "</Types>"
    )
    package_rels = (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
        'metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>"
    )
    document_rels = (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="{i}" Type="{REL_TYPES[k]}" Target="{t}"/>' for i, k, t in rels)
        + "</Relationships>"
    )
    core = (
        f"{DECLARATION}<cp:coreProperties"
        ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"'
        ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{escape(title)}</dc:title><dc:subject>{escape(subject)}</dc:subject>"
        "<dc:creator>Banli 建议提案办理系统</dc:creator>"
        '<dcterms:created xsi:type="dcterms:W3CDTF">2025-01-01T00:00:00Z</dcterms:created>'
        "</cp:coreProperties>"
    )
    app = (
        f"{DECLARATION}<Properties"
        ' xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        "<Application>Banli</Application></Properties>"
    )
    files = {
        "[Content_Types].xml": content_types,
        "_rels/.rels": package_rels,
        "docProps/core.xml": core,
        "docProps/app.xml": app,
        "word/_rels/document.xml.rels": document_rels,
        "word/document.xml": document,
        "word/styles.xml": styles,
        "word/settings.xml": settings,
        "word/fontTable.xml": font_table,
        **{f"word/{name}": xml for name, xml in parts.items()},
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, xml in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, xml.encode("utf-8"))
    return buffer.getvalue()
