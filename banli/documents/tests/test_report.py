"""The handling report from seed 001's year: the figures in their sentences, the scheme, the tables."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from docx.document import Document as DocumentObject

from banli.documents.rendering import DocumentError
from banli.documents.reports import (
    CategoryCount,
    HandlingReportData,
    KeyItem,
    SatisfactionCounts,
    UnitRow,
    render_handling_report,
)
from banli.documents.tests.docx_reading import alignment, east_asian_font, find, open_docx, size_pt

SCHEME = [
    CategoryCount("A", "已解决或基本解决", "solved", 67),
    CategoryCount("B", "列入计划逐步解决", "planned", 134),
    CategoryCount("C", "不具备条件，留作参考", "reference", 0),
]
UNITS = [
    UnitRow("市发展和改革委员会", 30, 24, 6, 24, 20, 4, 0, {"A": 10, "B": 14}),
    UnitRow("市教育局", 21, 17, 4, 17, 15, 2, 0, {"A": 5, "B": 12}),
    UnitRow("市住房和城乡建设局", 180, 160, 20, 160, 150, 10, 0, {"A": 52, "B": 108}),
]


def seed_001_year(**changes: object) -> HandlingReportData:
    data = HandlingReportData(
        year=2024,
        handling_body="市政府系统",
        source="市六届人大三次会议",
        kind_label="代表建议",
        total=201,
        source_total=216,
        unit_count=38,
        categories=SCHEME,
        scheme_name="A/B/C 三类",
        multi_unit=88,
        on_time=201,
        key_items=[
            KeyItem(39, "关于推动我市民营经济高质量发展的建议", "新登记经营主体8.9万户。"),
            KeyItem(172, "关于规范医院过度检查的建议", "大型医用设备检查阳性率同比提升3个百分点。"),
            KeyItem(196, "关于全面推进我市韧性安全城市建设的建议", "完成污水管网清淤64.8公里。"),
            KeyItem(199, "关于推进创业孵化器建设的建议", "创业孵化基地达到86个。"),
            KeyItem(37, "关于提高财政衔接乡村振兴资金效益的建议", "绩效评价位居优秀行列。"),
        ],
        key_items_selected_by="市人大常委会",
        satisfaction=SatisfactionCounts(satisfied=185, basically_satisfied=16, dissatisfied=0),
        units=UNITS,
        author="宿州市人民政府办公室",
        date=dt.date(2025, 2, 28),
    )
    return dataclasses.replace(data, **changes) if changes else data


@pytest.fixture(scope="module")
def report() -> DocumentObject:
    return open_docx(render_handling_report(seed_001_year()))


def texts(document: DocumentObject) -> list[str]:
    return [p.text for p in document.paragraphs]


def test_headline_states_items_units_and_results_where_seed_001_does(report: DocumentObject) -> None:
    headline = texts(report)[2]
    assert headline.startswith(
        "2024年，市政府系统共承办市六届人大三次会议代表建议201件，占代表建议总数的93.06%"
    )
    assert "分别交由38个承办单位办理，均已按期答复。" in headline
    assert (
        "从办理结果看，已解决或基本解决（A类）的67件、约占33.33%；列入计划逐步解决（B类）的134件、约占66.67%。"
        in headline
    )
    assert "C类" not in headline  # a category with no item is not quoted in the headline


def test_several_units_and_key_items_in_their_sections(report: DocumentObject) -> None:
    all_text = texts(report)
    joint = find(report, "涉及多个部门")
    assert "201件代表建议中，88件涉及多个部门的职责" in joint.text
    assert "其余113件由一个单位单独办理" in joint.text
    assert all_text.index("二、联合办理情况") < all_text.index(joint.text)
    key = find(report, "确定的5件重点建议")
    assert key.text.startswith("市人大常委会确定的5件重点建议")
    first = find(report, "《关于推动我市民营经济高质量发展的建议》（第39号）。")
    assert first.text == "（一）《关于推动我市民营经济高质量发展的建议》（第39号）。新登记经营主体8.9万户。"
    assert east_asian_font(report, first, first.runs[0]) == "楷体_GB2312"
    assert east_asian_font(report, first, first.runs[1]) == "仿宋_GB2312"


def test_the_configured_scheme_is_stated_with_semantic_types(report: DocumentObject) -> None:
    scheme = find(report, "本年度办理结果采用")
    assert scheme.text == (
        "本年度办理结果采用“A/B/C 三类”分类，共3类：A类为已解决或基本解决，归入“已解决”；"
        "B类为列入计划逐步解决，归入“列入计划”；C类为不具备条件，留作参考，归入“留作参考”。各类件数和占比见附表1。"
    )
    comparable = find(report, "按统一的语义类型归并")
    assert "已解决、正在解决和列入计划解决的共201件，占承办总数的100.00%" in comparable.text


def test_timeliness_and_satisfaction(report: DocumentObject) -> None:
    assert "全部201件均在规定期限内答复，按期答复率为100.00%。" in texts(report)
    assert "已评价的201件中，满意185件、基本满意16件、不满意0件，满意和基本满意的占100.00%。" in texts(report)


def test_official_format_of_title_and_headings(report: DocumentObject) -> None:
    title = report.paragraphs[0]
    assert title.text == "关于市六届人大三次会议代表建议办理情况的报告"
    assert east_asian_font(report, title) == "方正小标宋简体" and size_pt(report, title) == 22
    assert alignment(title) == "center"
    heading = find(report, "一、办理结果分类")
    assert east_asian_font(report, heading) == "黑体" and size_pt(report, heading) == 16
    body = find(report, "本年度办理结果采用")
    assert east_asian_font(report, body) == "仿宋_GB2312" and size_pt(report, body) == 16
    assert "\t2025年2月28日" in texts(report)


def rows(document: DocumentObject, index: int) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in document.tables[index].rows]


def test_result_table_has_every_category_and_shares_that_add_up(report: DocumentObject) -> None:
    assert rows(report, 0) == [
        ["类别", "名称", "语义类型", "件数", "占比（%）"],
        ["A", "已解决或基本解决", "已解决", "67", "33.33"],
        ["B", "列入计划逐步解决", "列入计划", "134", "66.67"],
        ["C", "不具备条件，留作参考", "留作参考", "0", "0.00"],
        ["合计", "合计", "合计", "201", "100.00"],
    ]


def test_unit_tables_list_every_unit_with_totals(report: DocumentObject) -> None:
    units = rows(report, 1)
    assert units[0] == [
        "序号",
        "承办单位",
        "承办件数",
        "主办",
        "会办",
        "按期答复",
        "满意",
        "基本满意",
        "不满意",
    ]
    assert units[1] == ["1", "市发展和改革委员会", "30", "24", "6", "24", "20", "4", "0"]
    assert units[3][1] == "市住房和城乡建设局"
    assert units[-1] == ["合计", "合计", "231", "201", "30", "201", "185", "16", "0"]
    by_category = rows(report, 2)
    assert by_category[0] == ["序号", "承办单位", "A类", "B类", "C类", "合计"]
    assert by_category[2] == ["2", "市教育局", "5", "12", "0", "17"]
    assert by_category[-1] == ["合计", "合计", "67", "134", "0", "201"]
    assert len(report.tables[2].columns) == 6


def test_unanswered_items_are_counted_so_shares_still_add_up() -> None:
    categories = [
        dataclasses.replace(SCHEME[0], count=60),
        dataclasses.replace(SCHEME[1], count=130),
        SCHEME[2],
    ]
    document = open_docx(render_handling_report(seed_001_year(categories=categories, on_time=180)))
    headline = texts(document)[2]
    assert "按期答复180件" in headline
    assert "尚未答复的11件、约占5.47%" in headline
    table = rows(document, 0)
    assert table[-2] == ["—", "尚未答复", "", "11", "5.47"]
    assert table[-1][-1] == "100.00"
    assert "按期答复180件，按期答复率为89.55%。" in texts(document)


def test_a_scheme_of_words_is_quoted_by_name() -> None:
    words = [
        CategoryCount("1", "已经解决", "solved", 50),
        CategoryCount("2", "正在解决", "in_progress", 30),
        CategoryCount("3", "计划解决", "planned", 20),
        CategoryCount("4", "留作参考", "reference", 1),
    ]
    data = seed_001_year(total=101, source_total=None, categories=words, multi_unit=0, on_time=101, units=[])
    document = open_docx(render_handling_report(data))
    headline = texts(document)[2]
    # 49.505% and 0.990%: the one unit the cut-down shares lack goes to the largest remainder (49.51)
    assert (
        "已经解决的50件、约占49.51%；正在解决的30件、约占29.70%；计划解决的20件、约占19.80%；留作参考的1件、约占0.99%"
        in headline
    )
    assert "占代表建议总数" not in headline
    assert "101件代表建议均由一个单位单独办理。" in texts(document)
    assert rows(document, 2)[0] == [
        "序号",
        "承办单位",
        "已经解决",
        "正在解决",
        "计划解决",
        "留作参考",
        "合计",
    ]


def test_inconsistent_figures_are_refused_in_chinese() -> None:
    with pytest.raises(DocumentError, match="各类办理结果合计201件，超过承办总数200件"):
        seed_001_year(total=200, source_total=None)
    with pytest.raises(DocumentError, match="未配置办理结果分类"):
        seed_001_year(categories=[])
