"""What the letter and the report share: fonts, styles, settings, the page, and the page-number footers.

Fonts are *named*, never embedded: 仿宋_GB2312, 方正小标宋简体, 黑体 and 楷体_GB2312 are on every government
office PC. The font table gives Word and WPS an alternative name (仿宋, 楷体…) for a PC without them.
"""

from __future__ import annotations

from banli.documents import layout as L
from banli.documents.builder.ooxml import exact, fonts, page_field, para, part, ppr, rpr, run, single, tag

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
LATIN = "Times New Roman"
RED = "FF0000"

# name → (alternative name, family, pitch); charset 86 is GB2312
FONT_TABLE = {
    FANGSONG: ("仿宋", "modern", "fixed"),
    XIAOBIAOSONG: ("宋体", "script", "fixed"),
    HEITI: ("SimHei", "modern", "fixed"),
    KAITI: ("楷体", "modern", "fixed"),
    SONGTI: ("SimSun", "auto", "variable"),
}

# Style ids are ASCII (stable for code and tests); the names users see in Word are Chinese.
BODY = "BanliBody"
TITLE = "BanliTitle"
HEADING1 = "BanliHeading1"
HEADING2 = "BanliHeading2"
HEADING1_CHAR = "BanliHeading1Char"
HEADING2_CHAR = "BanliHeading2Char"
PAGE_NUMBER = "BanliPageNumber"
TABLE = "BanliTable"
TABLE_TEXT = "BanliTableText"
TABLE_HEAD = "BanliTableHead"
CAPTION = "BanliCaption"
SIGNATURE = "BanliSignature"

TWO_CHARS = {"firstLine": 2 * L.CHAR, "firstLineChars": 200}


def _style(
    kind: str,
    style_id: str,
    name: str,
    *,
    based_on: str | None = None,
    p: str = "",
    r: str = "",
    extra: str = "",
) -> str:
    default = ' w:default="1"' if style_id in {"Normal", "DefaultParagraphFont", "TableNormal"} else ""
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    p_xml = f"<w:pPr>{p}</w:pPr>" if p else ""
    r_xml = f"<w:rPr>{r}</w:rPr>" if r else ""
    return (
        f'<w:style w:type="{kind}"{default} w:styleId="{style_id}"><w:name w:val="{name}"/>{based}'
        f"<w:qFormat/>{p_xml}{r_xml}{extra}</w:style>"
    )


def paragraph_style(style_id: str, name: str, based_on: str | None = "Normal", **kw: object) -> str:
    return _style("paragraph", style_id, name, based_on=based_on, **kw)  # type: ignore[arg-type]


def shared_styles() -> list[str]:
    """Normal is 3号 仿宋_GB2312 at the exact 28.95 pt pitch; widow control is off so every page keeps 22 lines.

    See ``layout`` for why paragraphs leave the line grid and characters are 0.25 pt narrower.
    """
    body_font = fonts(FANGSONG, LATIN)
    return [
        _style(
            "paragraph",
            "Normal",
            "Normal",
            p=ppr(
                widow_control=False,
                auto_space=False,
                snap=False,
                spacing=exact(L.LINE_PITCH),
                jc="both",
                wrap=False,
            ),
            r=rpr(font=body_font, spacing=L.CHAR_SPACING, size_pt=L.BODY_SIZE_PT, lang=True, wrap=False),
        ),
        _style("character", "DefaultParagraphFont", "Default Paragraph Font"),
        _style(
            "table",
            "TableNormal",
            "Normal Table",
            extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/>'
            '<w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/>'
            '<w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr>',
        ),
        paragraph_style(BODY, "公文正文", p=ppr(ind=TWO_CHARS, wrap=False)),
        paragraph_style(
            TITLE,
            "公文标题",
            p=ppr(keep_next=True, snap=False, jc="center", outline=0, wrap=False),
            r=rpr(font=fonts(XIAOBIAOSONG), snap=False, size_pt=L.TITLE_SIZE_PT, wrap=False),
        ),
        paragraph_style(
            HEADING1,
            "一级标题（黑体）",
            based_on=BODY,
            p=ppr(keep_next=True, outline=1, wrap=False),
            r=rpr(font=fonts(HEITI), wrap=False),
        ),
        paragraph_style(
            HEADING2,
            "二级标题（楷体）",
            based_on=BODY,
            p=ppr(keep_next=True, outline=2, wrap=False),
            r=rpr(font=fonts(KAITI), wrap=False),
        ),
        _style("character", HEADING1_CHAR, "一级标题字（黑体）", r=rpr(font=fonts(HEITI), wrap=False)),
        _style("character", HEADING2_CHAR, "二级标题字（楷体）", r=rpr(font=fonts(KAITI), wrap=False)),
        paragraph_style(
            PAGE_NUMBER,
            "页码",
            p=ppr(snap=False, spacing=exact(L.PAGE_NUMBER_LINE, after=L.PAGE_NUMBER_SPACE_AFTER), wrap=False),
            r=rpr(font=fonts(SONGTI), snap=False, size_pt=L.SMALL_SIZE_PT, wrap=False),
        ),
        paragraph_style(
            SIGNATURE,
            "署名和成文日期",
            p=ppr(tabs=[("center", L.SIGNATURE_TAB)], jc="left", wrap=False),
        ),
    ]


def styles_part(styles: list[str]) -> str:
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        + fonts(FANGSONG, LATIN)
        + '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>'
        "<w:pPrDefault><w:pPr/></w:pPrDefault></w:docDefaults>"
    )
    return part("styles", defaults + "".join(styles))


def settings_part() -> str:
    """Odd and even footers (GB/T 9704: odd page numbers right, even ones left), Word 2013+ layout."""
    return part(
        "settings",
        '<w:zoom w:percent="100"/><w:defaultTabStop w:val="420"/><w:evenAndOddHeaders/>'
        '<w:characterSpacingControl w:val="doNotCompress"/>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word"'
        ' w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-US" w:eastAsia="zh-CN"/>'
        '<w:decimalSymbol w:val="."/><w:listSeparator w:val=","/>',
    )


def font_table_part() -> str:
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{family}"/><w:pitch w:val="{pitch}"/></w:font>'
        for name, (alt, family, pitch) in FONT_TABLE.items()
    )
    latin = f'<w:font w:name="{LATIN}"><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    return part("fonts", entries + latin)


def section(first_page: bool) -> str:
    """A4 with the GB/T 9704 margins, the 22 × 28 grid, and the header/footer references.

    With ``first_page`` the first page has its own header and footer (letterhead, no page number).
    """
    refs = (
        '<w:headerReference w:type="even" r:id="rIdheader2"/>'
        '<w:headerReference w:type="default" r:id="rIdheader1"/>'
        '<w:footerReference w:type="even" r:id="rIdfooter2"/>'
        '<w:footerReference w:type="default" r:id="rIdfooter1"/>'
    )
    if first_page:
        refs += '<w:headerReference w:type="first" r:id="rIdheader3"/>'
        refs += '<w:footerReference w:type="first" r:id="rIdfooter3"/>'
    return (
        f"<w:sectPr>{refs}"
        f'<w:pgSz w:w="{L.PAGE_WIDTH}" w:h="{L.PAGE_HEIGHT}"/>'
        f'<w:pgMar w:top="{L.MARGIN_TOP}" w:right="{L.MARGIN_RIGHT}" w:bottom="{L.MARGIN_BOTTOM}"'
        f' w:left="{L.MARGIN_LEFT}" w:header="{L.HEADER_DISTANCE}" w:footer="{L.FOOTER_DISTANCE}" w:gutter="0"/>'
        '<w:cols w:space="425"/>'
        + ("<w:titlePg/>" if first_page else "")
        + f'<w:docGrid w:type="linesAndChars" w:linePitch="{L.LINE_PITCH}" w:charSpace="{L.CHAR_SPACE}"/>'
        "</w:sectPr>"
    )


def page_number_footer(odd: bool) -> str:
    """4号 半角 宋体 "— 1 —": odd pages one character in from the right, even pages from the left."""
    one_char = round(L.SMALL_SIZE_PT * 20)
    props = ppr(
        style=PAGE_NUMBER,
        ind={"right": one_char} if odd else {"left": one_char},
        jc="right" if odd else "left",
    )
    r = rpr(style=None)
    return part("ftr", para([run("— ", r), page_field(r), run(" —", r)], props))


def empty_header() -> str:
    return part("hdr", para("", ppr(spacing=single())))


def shared_parts() -> dict[str, str]:
    return {
        "header1.xml": empty_header(),
        "header2.xml": empty_header(),
        "footer1.xml": page_number_footer(odd=True),
        "footer2.xml": page_number_footer(odd=False),
    }


def body_loop(keep_last_when: str | None = None) -> list[str]:
    """Body paragraphs. A heading on its own line (一、 in 黑体, （一） in 楷体) keeps with the next paragraph;
    a run-in heading (（一）完善政策供给。市政府……) is a text paragraph whose first sentence is set in the
    heading's font. Where the condition ``keep_last_when`` holds (e.g. ``loop.last``), a paragraph keeps
    with what follows (the signature), so a seal never stands on a page without text (GB/T 9704 §7.3.5.1)."""
    last = [
        tag(f"{{%p elif {keep_last_when} %}}"),
        para(run("{{ p.text }}"), ppr(style=BODY, keep_next=True)),
    ]
    return [
        tag("{%p for p in paragraphs %}"),
        tag("{%p if p.level == 1 and not p.rest %}"),
        para(run("{{ p.heading }}"), ppr(style=HEADING1)),
        tag("{%p elif p.level == 2 and not p.rest %}"),
        para(run("{{ p.heading }}"), ppr(style=HEADING2)),
        tag("{%p elif p.level == 1 %}"),
        para([run("{{ p.heading }}", rpr(style=HEADING1_CHAR)), run("{{ p.rest }}")], ppr(style=BODY)),
        tag("{%p elif p.level == 2 %}"),
        para([run("{{ p.heading }}", rpr(style=HEADING2_CHAR)), run("{{ p.rest }}")], ppr(style=BODY)),
        *(last if keep_last_when else []),
        tag("{%p else %}"),
        para(run("{{ p.text }}"), ppr(style=BODY)),
        tag("{%p endif %}"),
        tag("{%p endfor %}"),
    ]
