"""The default handling-report template (办理情况报告): title, the text, then the statistical tables.

The sentences come from ``banli.documents.reports`` (the figures are computed there); this template sets
the official format and lays out three Word tables with docxtpl row and column loops.
"""

from __future__ import annotations

from banli.documents.builder import common as C
from banli.documents.builder.ooxml import fonts, package, para, part, ppr, rpr, run, single, tag

ATTACHMENT_HEAD = "BanliAttachmentHead"
TABLE_LEFT = "BanliTableTextLeft"
BORDER = '<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'


def report_styles() -> list[str]:
    borders = "".join(BORDER.format(side=s) for s in ("top", "left", "bottom", "right", "insideH", "insideV"))
    table = (
        f'<w:style w:type="table" w:styleId="{C.TABLE}"><w:name w:val="公文表格"/><w:basedOn w:val="TableNormal"/>'
        f"<w:qFormat/><w:tblPr><w:tblBorders>{borders}</w:tblBorders><w:tblCellMar>"
        '<w:left w:w="57" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
    )
    return [
        *C.shared_styles(),
        C.paragraph_style(
            ATTACHMENT_HEAD,
            "附表标题",
            p=ppr(keep_next=True, page_break_before=True, jc="left", wrap=False),
            r=rpr(font=fonts(C.HEITI), wrap=False),
        ),
        C.paragraph_style(
            C.CAPTION,
            "表题",
            p=ppr(keep_next=True, jc="center", wrap=False),
            r=rpr(font=fonts(C.HEITI), wrap=False),
        ),
        C.paragraph_style(
            C.TABLE_TEXT,
            "表格文字",
            p=ppr(snap=False, spacing=single(), jc="center", wrap=False),
            r=rpr(snap=False, size_pt=10.5, wrap=False),
        ),
        C.paragraph_style(
            TABLE_LEFT, "表格文字（居左）", based_on=C.TABLE_TEXT, p=ppr(jc="left", wrap=False)
        ),
        C.paragraph_style(
            C.TABLE_HEAD, "表头文字", based_on=C.TABLE_TEXT, r=rpr(font=fonts(C.HEITI), wrap=False)
        ),
        table,
    ]


def cell(value: str, width: int, style: str = C.TABLE_TEXT, span: int = 1) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
        f"{para(run(value), ppr(style=style))}</w:tc>"
    )


def row(cells: list[str], header: bool = False) -> str:
    props = "<w:trPr><w:cantSplit/>" + ("<w:tblHeader/>" if header else "") + "</w:trPr>"
    return f"<w:tr>{props}{''.join(cells)}</w:tr>"


def tag_row(value: str, widths: list[int]) -> str:
    """A row holding only a docxtpl row tag (``{%tr for … %}``), spanning the whole table."""
    return row([cell(value, sum(widths), span=len(widths))])


def table(widths: list[int], rows: list[str]) -> str:
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    props = (
        f'<w:tblPr><w:tblStyle w:val="{C.TABLE}"/><w:tblW w:w="5000" w:type="pct"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="autofit"/>'
        '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0"'
        ' w:noHBand="0" w:noVBand="1"/></w:tblPr>'
    )
    return f"<w:tbl>{props}<w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def categories_table() -> str:
    """表1: one row per category of the configured scheme (and one for items not answered yet), with the total."""
    widths = [1000, 3244, 1800, 1200, 1600]
    head = C.TABLE_HEAD
    return table(
        widths,
        [
            row(
                [
                    cell(t, w, head)
                    for t, w in zip(["类别", "名称", "语义类型", "件数", "占比（%）"], widths, strict=True)
                ],
                header=True,
            ),
            tag_row("{%tr for c in category_rows %}", widths),
            row(
                [
                    cell("{{ c.code }}", widths[0]),
                    cell("{{ c.name }}", widths[1], TABLE_LEFT),
                    cell("{{ c.semantic_label }}", widths[2]),
                    cell("{{ c.count }}", widths[3]),
                    cell("{{ c.percent }}", widths[4]),
                ]
            ),
            tag_row("{%tr endfor %}", widths),
            row(
                [
                    cell("合计", sum(widths[:3]), head, span=3),
                    cell("{{ total }}", widths[3]),
                    cell("{{ total_percent }}", widths[4]),
                ]
            ),
        ],
    )


UNIT_COLUMNS = ["序号", "承办单位", "承办件数", "主办", "会办", "按期答复", "满意", "基本满意", "不满意"]
UNIT_FIELDS = ["items", "lead", "co", "replied_on_time", "satisfied", "basically_satisfied", "dissatisfied"]


def units_table() -> str:
    """表2: one row per handling unit, with the totals."""
    widths = [600, 2150, 1000, 700, 700, 1000, 700, 1000, 994]
    head = C.TABLE_HEAD
    numbers = [cell(f"{{{{ u.{f} }}}}", w) for f, w in zip(UNIT_FIELDS, widths[2:], strict=True)]
    totals = [cell(f"{{{{ unit_totals.{f} }}}}", w) for f, w in zip(UNIT_FIELDS, widths[2:], strict=True)]
    return table(
        widths,
        [
            row([cell(t, w, head) for t, w in zip(UNIT_COLUMNS, widths, strict=True)], header=True),
            tag_row("{%tr for u in units %}", widths),
            row([cell("{{ u.index }}", widths[0]), cell("{{ u.unit }}", widths[1], TABLE_LEFT), *numbers]),
            tag_row("{%tr endfor %}", widths),
            row([cell("合计", widths[0] + widths[1], head, span=2), *totals]),
        ],
    )


def unit_categories_table() -> str:
    """表3: one row per unit, one column per result category (a docxtpl column loop)."""
    widths = [700, 3344, 1000, 1000, 1000, 1000]  # 序号, 单位, {%tc for%}, a category, {%tc endfor%}, 合计
    head = C.TABLE_HEAD
    return table(
        widths,
        [
            row(
                [
                    cell("序号", widths[0], head),
                    cell("承办单位", widths[1], head),
                    cell("{%tc for c in categories %}", widths[2], head),
                    cell("{{ c.label }}", widths[3], head),
                    cell("{%tc endfor %}", widths[4], head),
                    cell("合计", widths[5], head),
                ],
                header=True,
            ),
            tag_row("{%tr for u in units %}", widths),
            row(
                [
                    cell("{{ u.index }}", widths[0]),
                    cell("{{ u.unit }}", widths[1], TABLE_LEFT),
                    cell("{%tc for n in u.by_category %}", widths[2]),
                    cell("{{ n }}", widths[3]),
                    cell("{%tc endfor %}", widths[4]),
                    cell("{{ u.answered }}", widths[5]),
                ]
            ),
            tag_row("{%tr endfor %}", widths),
            row(
                [
                    cell("合计", widths[0] + widths[1], head, span=2),
                    cell("{%tc for c in categories %}", widths[2]),
                    cell("{{ c.count }}", widths[3]),
                    cell("{%tc endfor %}", widths[4]),
                    cell("{{ answered }}", widths[5]),
                ]
            ),
        ],
    )


def report_document() -> str:
    empty = para()
    body = [
        para(run("{{ title }}"), ppr(style=C.TITLE)),
        empty,
        *C.body_loop(keep_last_when="loop.last and author"),
        tag("{%p if author %}"),
        para("", ppr(keep_next=True)),
        para(run("{{ author }}", tab=True), ppr(style=C.SIGNATURE, keep_next=True)),
        para(run("{{ date_text }}", tab=True), ppr(style=C.SIGNATURE)),
        tag("{%p endif %}"),
        para(run("附表"), ppr(style=ATTACHMENT_HEAD)),
        para(run("表1　办理结果分类统计（{{ scheme_name }}）"), ppr(style=C.CAPTION)),
        categories_table(),
        empty,
        para(run("表2　各承办单位办理情况"), ppr(style=C.CAPTION)),
        units_table(),
        empty,
        para(run("表3　各承办单位办理结果分类"), ppr(style=C.CAPTION)),
        unit_categories_table(),
        empty,
    ]
    return part("document", "<w:body>" + "".join(body) + C.section(first_page=False) + "</w:body>")


def build_report() -> bytes:
    return package(
        document=report_document(),
        styles=C.styles_part(report_styles()),
        settings=C.settings_part(),
        font_table=C.font_table_part(),
        parts=C.shared_parts(),
        title="{{ title }}",
        subject="办理情况报告模板",
    )
