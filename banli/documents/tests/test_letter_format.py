"""The reply letter opened with python-docx: GB/T 9704-2012 page, type, grid and the letter's elements."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import zipfile

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Length

from banli.documents import layout
from banli.documents.letters import ReplyLetter, render_reply_letter, reply_title, salutation
from banli.documents.rendering import DocumentError
from banli.documents.samples import sample_letter
from banli.documents.tests.docx_reading import (
    alignment,
    colour,
    east_asian_font,
    find,
    open_docx,
    paragraph_property,
    size_pt,
)


@pytest.fixture(scope="module")
def letter() -> ReplyLetter:
    return sample_letter()


@pytest.fixture(scope="module")
def document(letter: ReplyLetter):  # type: ignore[no-untyped-def]
    return open_docx(render_reply_letter(letter))


def test_page_is_a4_with_the_standard_margins_and_a_156_by_225_mm_text_area(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.PORTRAIT
    assert round(section.page_width.mm, 1) == 210.0
    assert round(section.page_height.mm, 1) == 297.0
    assert round(section.top_margin.mm, 1) == 37.0
    assert round(section.left_margin.mm, 1) == 28.0
    assert round(section.right_margin.mm) == 26
    assert round(section.bottom_margin.mm) == 35
    text_width = Length(section.page_width - section.left_margin - section.right_margin)
    text_height = Length(section.page_height - section.top_margin - section.bottom_margin)
    assert round(text_width.mm, 1) == 156.0
    assert round(text_height.mm, 1) == 225.0


def test_document_grid_gives_22_lines_of_28_characters(document) -> None:  # type: ignore[no-untyped-def]
    grid = document.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))
    assert pitch == 579 and pitch / 20 == pytest.approx(28.95)
    assert 22 * pitch <= layout.TEXT_HEIGHT < 23 * pitch
    # Word's character pitch is the default size plus charSpace/4096 pt; 28 of them fit, 29 do not.
    char_pitch_pt = 16 + int(grid.get(qn("w:charSpace"))) / 4096
    width_pt = layout.TEXT_WIDTH / 20
    assert int(width_pt // char_pitch_pt) == 28


def test_body_is_3hao_fangsong_gb2312_at_the_exact_line_pitch(document, letter) -> None:  # type: ignore[no-untyped-def]
    body = find(document, letter.paragraphs[0])
    assert body.style.name == "公文正文"
    assert east_asian_font(document, body) == "仿宋_GB2312"
    assert size_pt(document, body) == 16
    spacing = paragraph_property(body, "spacing")
    assert spacing.get(qn("w:lineRule")) == "exact"
    assert int(spacing.get(qn("w:line"))) / 20 == pytest.approx(28.95)
    assert paragraph_property(body, "ind").get(qn("w:firstLineChars")) == "200"  # 首行缩进二字
    normal = document.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"


def test_title_is_2hao_xiaobiaosong_centred(document, letter) -> None:  # type: ignore[no-untyped-def]
    title = find(document, "关于市六届人大三次会议第39号建议的答复")
    assert title.text == letter.title
    assert document.core_properties.title == letter.title
    assert title.style.name == "公文标题"
    assert east_asian_font(document, title) == "方正小标宋简体"
    assert size_pt(document, title) == 22
    assert alignment(title) == "center"


def test_document_number_at_the_right_edge_above_the_title(document) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in document.paragraphs]
    number = find(document, "宿发改提〔2025〕12号")
    assert number.text == "宿发改提〔2025〕12号"
    assert alignment(number) == "right"
    assert paragraph_property(number, "ind") is None  # no right indent: flush with the text area
    assert texts.index(number.text) < texts.index("关于市六届人大三次会议第39号建议的答复")


def test_addressee_then_body_headings_in_heiti_and_kaiti(document) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in document.paragraphs]
    assert "张三代表：" in texts
    assert texts.index("张三代表：") == texts.index("关于市六届人大三次会议第39号建议的答复") + 2
    heading1 = find(document, "一、关于优化营商环境")
    assert east_asian_font(document, heading1) == "黑体"
    standalone2 = find(document, "（二）强化要素保障")
    assert east_asian_font(document, standalone2) == "楷体_GB2312"
    run_in = find(document, "（一）完善政策供给。")
    head, rest = run_in.runs[0], run_in.runs[1]
    assert head.text == "（一）完善政策供给。"
    assert east_asian_font(document, run_in, head) == "楷体_GB2312"
    assert rest.text.startswith("今年出台")
    assert east_asian_font(document, run_in, rest) == "仿宋_GB2312"


def test_result_mark_sits_top_right_of_the_first_page_above_the_letterhead(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    assert section.different_first_page_header_footer
    first = section.first_page_header.paragraphs
    assert first[0].text == "A类"
    assert alignment(first[0]) == "right"
    assert east_asian_font(document, first[0]) == "黑体"
    assert round(section.header_distance.mm) == 20
    mark_line = paragraph_property(first[0], "spacing")
    assert int(mark_line.get(qn("w:line"))) == layout.mm(10)  # so the letterhead starts 30 mm from the top
    assert all(p.text == "" for p in section.header.paragraphs)  # later pages carry no mark


def test_letterhead_is_red_xiaobiaosong_with_a_red_thick_thin_rule(document) -> None:  # type: ignore[no-untyped-def]
    letterhead = document.sections[0].first_page_header.paragraphs[1]
    assert letterhead.text == "宿州市发展和改革委员会"
    assert alignment(letterhead) == "center"
    assert colour(document, letterhead) == "FF0000"
    assert east_asian_font(document, letterhead) == "方正小标宋简体"
    rule = paragraph_property(letterhead, "pBdr").find(qn("w:bottom"))
    assert rule.get(qn("w:val")) == "thickThinSmallGap"  # 上粗下细
    assert rule.get(qn("w:color")) == "FF0000"
    indent = paragraph_property(letterhead, "ind")
    assert int(indent.get(qn("w:left"))) == int(indent.get(qn("w:right"))) == -layout.mm(7)  # 170 mm rule


def test_no_page_number_on_the_first_page_and_dashed_numbers_after(document) -> None:  # type: ignore[no-untyped-def]
    section = document.sections[0]
    assert "PAGE" not in section.first_page_footer._element.xml
    assert document.settings.odd_and_even_pages_header_footer
    for footer, side in ((section.footer, "right"), (section.even_page_footer, "left")):
        xml = footer._element.xml
        assert "PAGE" in xml
        paragraph = footer.paragraphs[0]
        assert paragraph.text.startswith("— ") and paragraph.text.endswith(" —")
        assert alignment(paragraph) == side
        assert size_pt(document, paragraph) == 14  # 4号
        assert east_asian_font(document, paragraph) == "宋体"


def test_signature_date_note_and_copies(document) -> None:  # type: ignore[no-untyped-def]
    texts = [p.text for p in document.paragraphs]
    assert "\t宿州市发展和改革委员会" in texts
    assert "\t2025年2月28日" in texts
    date_at = texts.index("\t2025年2月28日")
    assert texts[date_at - 1] == "\t宿州市发展和改革委员会"
    note = document.paragraphs[date_at + 1]
    assert note.text == "（联系人：王五，联系电话：0557-1234567）"
    assert paragraph_property(note, "ind").get(qn("w:firstLineChars")) == "200"  # two characters in
    copies = find(document, "抄送：")
    assert copies.text == "抄送：市人大常委会代表工委，市人民政府办公室。"
    assert size_pt(document, copies) == 14
    assert east_asian_font(document, copies) == "仿宋_GB2312"
    assert "附件：代表建议办理情况征询意见表" in texts


def test_date_has_no_leading_zeros(letter) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(
        p.text
        for p in open_docx(
            render_reply_letter(dataclasses.replace(letter, date=dt.date(2025, 3, 5)))
        ).paragraphs
    )
    assert "2025年3月5日" in text and "03月" not in text


def test_fonts_are_named_not_embedded() -> None:
    data = render_reply_letter(sample_letter())
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not [n for n in names if n.startswith("word/fonts/") or n.endswith((".odttf", ".ttf"))]
    font_table = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    for name in ("仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"):
        assert f'w:name="{name}"' in font_table


def test_text_with_markup_characters_is_escaped_and_control_characters_dropped(letter) -> None:  # type: ignore[no-untyped-def]
    tricky = dataclasses.replace(
        letter, paragraphs=["关于<道路>&“桥梁”{{ title }}的建议\x07收悉。", "第二行\n第三行"], cc=()
    )
    document = open_docx(render_reply_letter(tricky))
    texts = [p.text for p in document.paragraphs]
    assert "关于<道路>&“桥梁”{{ title }}的建议收悉。" in texts
    assert "第二行" in texts and "第三行" in texts
    assert not any(t.startswith("抄送") for t in texts)


def test_opinion_has_no_mark_and_its_own_title() -> None:
    opinion = dataclasses.replace(
        sample_letter(),
        title=reply_title("市六届人大三次会议", 39, opinion=True),
        addressee="宿州市发展和改革委员会",
        result_mark="",
        cc=(),
    )
    document = open_docx(render_reply_letter(opinion))
    assert document.sections[0].first_page_header.paragraphs[0].text == ""
    assert "关于市六届人大三次会议第39号建议的会办意见" in [p.text for p in document.paragraphs]
    assert "宿州市发展和改革委员会：" in [p.text for p in document.paragraphs]


def test_titles_and_salutations_follow_practice() -> None:
    assert reply_title("市六届人大三次会议", 39) == "关于市六届人大三次会议第39号建议的答复"
    assert reply_title("市六届政协三次会议", 45, "proposal") == "关于市六届政协三次会议第45号提案的答复"
    assert salutation("张三") == "张三代表"
    assert salutation("李四", "cppcc") == "李四委员"


def test_a_letter_without_title_or_body_is_refused_in_chinese(letter) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DocumentError, match="答复函缺少标题、正文"):
        dataclasses.replace(letter, title=" ", paragraphs=["", "  "])


def test_a_broken_template_is_a_chinese_error() -> None:
    with pytest.raises(DocumentError, match="不是有效的 Word"):
        render_reply_letter(sample_letter(), b"not a docx")
