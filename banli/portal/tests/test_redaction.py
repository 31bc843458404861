"""Contact details found and removed in Chinese formats; marked passages hidden; positions kept."""

from __future__ import annotations

import pytest

from banli.portal.redaction import MARK, Span, apply, contact_spans, occurrences, pieces


def public(text: str, known: tuple[str, ...] = ()) -> str:
    return apply(text, contact_spans(text, known))


@pytest.mark.parametrize(
    "number",
    [
        "13912345678",
        "139-1234-5678",
        "139 1234 5678",
        "+86 13912345678",
        "+8613912345678",
        "8613912345678",
        "１３９１２３４５６７８",
    ],
)
def test_mobile_numbers_are_hidden(number: str) -> None:
    text = f"请拨打{number}联系经办同志。"
    assert public(text) == f"请拨打{MARK}联系经办同志。"


@pytest.mark.parametrize(
    "number",
    [
        "0557-3021234",
        "0557—3021234",
        "(0557)3021234",
        "（0557）3021234",
        "010 62345678",
        "021-62345678",
        "0557-3021234转8001",
        "０５５７－３０２１２３４",
    ],
)
def test_landline_numbers_with_an_area_code_are_hidden(number: str) -> None:
    assert public(f"咨询{number}。") == f"咨询{MARK}。"


def test_a_local_number_after_a_phone_word_is_hidden_but_a_service_number_stays() -> None:
    assert public("办公电话：3021234，传真 3021235。") == f"办公电话：{MARK}，传真 {MARK}。"
    assert (
        public("市民可拨打12345热线反映，热线12345全天受理。")
        == "市民可拨打12345热线反映，热线12345全天受理。"
    )


def test_amounts_years_and_document_numbers_stay() -> None:
    text = "2025年投资3021234万元，完成2023-2025年规划，文号宿发改提〔2025〕12号，第39号建议。"
    assert public(text) == text


@pytest.mark.parametrize("address", ["wangwu@suzhou.gov.cn", "wang.wu+ah@163.com", "ｗａｎｇ＠ｑｑ．ｃｏｍ"])
def test_email_addresses_are_hidden(address: str) -> None:
    assert public(f"邮箱：{address}。") == f"邮箱：{MARK}。"


@pytest.mark.parametrize("number", ["34130219800101123X", "341302198001011234", "341302800101123"])
def test_id_card_numbers_are_hidden(number: str) -> None:
    assert public(f"身份证号{number}的申请人") == f"身份证号{MARK}的申请人"


def test_an_eighteen_digit_number_that_is_no_date_is_not_an_id_card() -> None:
    assert public("编码341302198013451234") == "编码341302198013451234"


def test_qq_and_wechat_ids_are_hidden() -> None:
    assert public("QQ：12345678，微信号：wang_wu88。") == f"QQ：{MARK}，微信号：{MARK}。"


def test_the_contact_note_line_is_removed_whole() -> None:
    text = "经研究，答复如下。\n今年新建学校2所。\n（联系人：王五，联系电话：0557-3021234）\n"
    assert public(text) == "经研究，答复如下。\n今年新建学校2所。"
    spaced = "答复如下。\n　　联 系 人：王五　　电话：13912345678\n附件：征询意见表"
    assert public(spaced) == "答复如下。\n附件：征询意见表"
    assert public("（经办人：赵六）\n正文") == "正文"


def test_an_inline_contact_person_is_hidden() -> None:
    assert public("如有疑问，请与联系人：王五联系。") == f"如有疑问，请与联系人：{MARK}联系。"
    assert public("联系人 欧阳小明，请来电。") == f"联系人 {MARK}，请来电。"


def test_known_contact_details_are_hidden_wherever_they_appear() -> None:
    text = "王五同志将与张三代表（家住宿州市埇桥区某路1号）保持联系。"
    assert public(text, ("王五", "宿州市埇桥区某路1号")) == f"{MARK}同志将与张三代表（家住{MARK}）保持联系。"


def test_marked_phrases_are_hidden_everywhere_and_the_original_is_untouched() -> None:
    text = "某某公司报价120万元。某某公司承诺年内完工。"
    spans = occurrences(text, ["某某公司"], "manual")
    assert spans == [Span(0, 4, "manual"), Span(12, 16, "manual")]
    assert apply(text, spans) == f"{MARK}报价120万元。{MARK}承诺年内完工。"
    assert text == "某某公司报价120万元。某某公司承诺年内完工。"


def test_ranges_keep_their_positions_in_full_width_text() -> None:
    text = "电话：０５５７－３０２１２３４。"
    (span,) = contact_spans(text)
    assert text[span.start : span.end] == "０５５７－３０２１２３４"


def test_pieces_show_what_is_hidden_and_why() -> None:
    text = "请拨打13912345678。"
    assert pieces(text, contact_spans(text)) == [("请拨打", ""), ("13912345678", "mobile"), ("。", "")]
