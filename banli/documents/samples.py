"""Sample data: what an uploaded template is tried with before it is accepted, and what previews show.

The report's figures are those of seed 001's year (201 suggestions, 67 A, 134 B, 88 involving several
units, 5 key suggestions); the names and outcomes are invented.
"""

from __future__ import annotations

import datetime as dt

from banli.documents.letters import ReplyLetter
from banli.documents.reports import CategoryCount, HandlingReportData, KeyItem, SatisfactionCounts, UnitRow

SAMPLE_BODY = (
    "您提出的《关于推动我市民营经济高质量发展的建议》收悉。经认真研究，现答复如下：",
    "一、关于优化营商环境",
    "我委会同市数据资源局等单位，持续推进政务服务“一网通办”，企业开办时间压缩至1个工作日以内。",
    "（一）完善政策供给。今年出台支持民营经济发展的若干措施，明确了融资、用地、人才等方面的支持举措。",
    "（二）强化要素保障",
    "下一步，我们将认真吸纳您的意见，持续跟踪落实。感谢您对发展改革工作的关心和支持！",
)


def sample_letter() -> ReplyLetter:
    return ReplyLetter(
        title="关于市六届人大三次会议第39号建议的答复",
        document_number="宿发改提〔2025〕12号",
        addressee="张三代表",
        paragraphs=SAMPLE_BODY,
        signer="宿州市发展和改革委员会",
        date=dt.date(2025, 2, 28),
        letterhead="宿州市发展和改革委员会",
        result_mark="A类",
        contact_person="王五",
        contact_phone="0557-1234567",
        cc=("市人大常委会代表工委", "市人民政府办公室"),
        feedback_note="附件：代表建议办理情况征询意见表",
    )


SCHEME_ABC = (
    ("A", "已解决或基本解决", "solved"),
    ("B", "列入计划逐步解决", "planned"),
    ("C", "因条件限制留作参考", "reference"),
)
KEY_ITEMS = (
    KeyItem(39, "关于推动我市民营经济高质量发展的建议", "新登记经营主体明显增加，惠企资金直达企业。"),
    KeyItem(172, "关于规范医院过度检查的建议", "开展合理检查专项行动，大型设备检查阳性率同比提升。"),
    KeyItem(
        196,
        "关于全面推进我市韧性安全城市建设的建议",
        "完成污水管网清淤和积水点改造，监测预警平台接入省级平台。",
    ),
    KeyItem(199, "关于推进创业孵化器建设的建议", "各类创业孵化基地覆盖各县区，创业担保贷款持续发放。"),
    KeyItem(
        37, "关于提高财政衔接乡村振兴资金效益的建议", "衔接资金优先支持联农带农产业和农村公益性基础设施。"
    ),
)


def sample_units() -> tuple[UnitRow, ...]:
    """Twenty units sharing the year's 201 items: 67 A and 134 B, every reply on time."""
    rows = []
    a_left, b_left = 67, 134
    for i in range(20):
        a = min(a_left, 4 if i < 7 else 3)
        b = b_left if i == 19 else min(b_left, 7)
        a = a_left if i == 19 else a
        a_left, b_left = a_left - a, b_left - b
        rows.append(
            UnitRow(
                unit=f"示例承办单位{i + 1:02d}",
                items=a + b + 3,
                lead=a + b,
                co=3,
                replied_on_time=a + b,
                satisfied=a + b - 1,
                basically_satisfied=1,
                by_category={"A": a, "B": b},
            )
        )
    return tuple(rows)


def sample_report() -> HandlingReportData:
    units = sample_units()
    return HandlingReportData(
        year=2024,
        handling_body="市政府系统",
        source="市六届人大三次会议",
        kind_label="代表建议",
        total=201,
        source_total=216,
        unit_count=len(units),
        categories=tuple(
            CategoryCount(code, name, semantic, {"A": 67, "B": 134}.get(code, 0))
            for code, name, semantic in SCHEME_ABC
        ),
        scheme_name="A/B/C 三类",
        multi_unit=88,
        on_time=201,
        key_items=KEY_ITEMS,
        key_items_selected_by="市人大常委会",
        satisfaction=SatisfactionCounts(satisfied=181, basically_satisfied=20, dissatisfied=0),
        units=units,
        author="宿州市人民政府办公室",
        date=dt.date(2025, 2, 28),
    )
