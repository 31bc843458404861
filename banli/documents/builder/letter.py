"""The default reply-letter template (答复函, GB/T 9704-2012 信函格式), with docxtpl tags.

First page, from the top: the result mark at the top right (in the first-page header, on a 10 mm line
starting 20 mm from the top), the red letterhead 30 mm from the top with the red double rule (上粗下细)
4 mm under it, then in the text area the 文号 at its right edge, two empty lines, the title, an empty line,
the addressee, the body, the signing unit centred on the date (右空四字), the 附注 and the 抄送. The first
page has no page number; its footer carries the lower red rule (上细下粗) 20 mm from the bottom.
"""

from __future__ import annotations

from banli.documents import layout as L
from banli.documents.builder import common as C
from banli.documents.builder.ooxml import exact, fonts, package, para, part, ppr, rpr, run, single, tag

LETTERHEAD = "BanliLetterhead"
RESULT_MARK = "BanliResultMark"
DOC_NUMBER = "BanliDocNumber"
ADDRESSEE = "BanliAddressee"
NOTE = "BanliNote"
ENCLOSURE = "BanliEnclosure"
COPY_TO = "BanliCopyTo"


def letter_styles() -> list[str]:
    small = round(L.SMALL_SIZE_PT * 20)  # one 4号 character
    return [
        *C.shared_styles(),
        C.paragraph_style(
            LETTERHEAD,
            "发文机关标志（红头）",
            p=ppr(
                borders={"bottom": ("thickThinSmallGap", 24, L.RULE_GAP_PT, C.RED)},
                snap=False,
                spacing=single(),
                ind={"left": -L.RULE_OVERHANG, "right": -L.RULE_OVERHANG},
                jc="center",
                wrap=False,
            ),
            r=rpr(
                font=fonts(C.XIAOBIAOSONG), snap=False, color=C.RED, size_pt=L.LETTERHEAD_SIZE_PT, wrap=False
            ),
        ),
        C.paragraph_style(
            RESULT_MARK,
            "办理结果分类标记",
            p=ppr(snap=False, spacing=exact(L.MARK_LINE), jc="right", wrap=False),
            r=rpr(font=fonts(C.HEITI), snap=False, wrap=False),
        ),
        C.paragraph_style(DOC_NUMBER, "发文字号", p=ppr(jc="right", wrap=False)),
        C.paragraph_style(ADDRESSEE, "主送", p=ppr(keep_next=True, jc="left", wrap=False)),
        C.paragraph_style(NOTE, "附注", based_on=C.BODY),
        C.paragraph_style(
            ENCLOSURE,
            "附件说明",
            p=ppr(
                ind={"left": 5 * L.CHAR, "leftChars": 500, "hanging": 3 * L.CHAR, "hangingChars": 300},
                wrap=False,
            ),
        ),
        C.paragraph_style(
            COPY_TO,
            "抄送",
            p=ppr(snap=False, ind={"left": 4 * small, "right": small, "hanging": 3 * small}, wrap=False),
            r=rpr(snap=False, size_pt=L.SMALL_SIZE_PT, wrap=False),
        ),
    ]


def letter_document() -> str:
    """The text area. From the last line of the body to the 附注 everything keeps together, so the signature
    and the seal above it never stand on a page of their own."""
    empty = para()
    kept = para("", ppr(keep_next=True))
    body = [
        para(run("{{ document_number }}"), ppr(style=DOC_NUMBER)),
        empty,
        empty,
        para(run("{{ title }}"), ppr(style=C.TITLE)),
        empty,
        para(run("{{ addressee }}："), ppr(style=ADDRESSEE)),
        *C.body_loop(keep_last_when="loop.last"),
        tag("{%p if feedback_note %}"),
        kept,
        para(run("{{ feedback_note }}"), ppr(style=ENCLOSURE, keep_next=True)),
        tag("{%p endif %}"),
        kept,
        kept,
        para(run("{{ signer }}", tab=True), ppr(style=C.SIGNATURE, keep_next=True)),
        para(run("{{ date_text }}", tab=True), ppr(style=C.SIGNATURE, keep_next=True)),
        tag("{%p if contact_note %}"),
        para(run("{{ contact_note }}"), ppr(style=NOTE)),
        tag("{%p endif %}"),
        tag("{%p if cc_text %}"),
        empty,
        para(run("抄送：{{ cc_text }}"), ppr(style=COPY_TO)),
        tag("{%p endif %}"),
    ]
    return part("document", "<w:body>" + "".join(body) + C.section(first_page=True) + "</w:body>")


def first_page_header() -> str:
    return part(
        "hdr",
        para(run("{{ result_mark }}"), ppr(style=RESULT_MARK))
        + para(run("{{ letterhead }}"), ppr(style=LETTERHEAD)),
    )


def first_page_footer() -> str:
    """The lower red double rule (上细下粗), 170 mm long, 20 mm above the page's bottom edge."""
    props = ppr(
        borders={"top": ("thinThickSmallGap", 24, 0, C.RED)},
        snap=False,
        spacing=exact(L.LOWER_RULE_LINE),
        ind={"left": -L.RULE_OVERHANG, "right": -L.RULE_OVERHANG},
        run=rpr(size_pt=2),
    )
    return part("ftr", para("", props))


def build_letter() -> bytes:
    parts = {**C.shared_parts(), "header3.xml": first_page_header(), "footer3.xml": first_page_footer()}
    return package(
        document=letter_document(),
        styles=C.styles_part(letter_styles()),
        settings=C.settings_part(),
        font_table=C.font_table_part(),
        parts=parts,
        title="{{ title }}",
        subject="答复函模板（GB/T 9704-2012 信函格式）",
    )
