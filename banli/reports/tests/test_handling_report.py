"""The handling report built from the database: seed 001's year (201 suggestions handled by the
government system, 67 A and 134 B under the A/B/C scheme, 88 with several units, 5 key items)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from banli.assignments.models import HandlingPolicy
from banli.core.models import Unit
from banli.documents.selection import document_text
from banli.handling.models import ResultScheme
from banli.reports.handling_report import ReportScope, build_handling_report, render_report
from banli.reports.tests.builders import Item, abc, rating, write_items

KEY_TITLES = {
    37: "关于进一步完善项目管理机制，提高财政衔接乡村振兴资金效益的建议",
    39: "关于推动我市民营经济高质量发展的建议",
    172: "关于规范医院过度检查的建议",
    196: "关于全面推进我市韧性安全城市建设的建议",
    199: "关于推进创业孵化器建设的建议",
}


def seed_001_year(org: SimpleNamespace) -> SimpleNamespace:
    """市六届人大三次会议 (2024): 201 items of the government system's 20 units and 15 of the party's."""
    session = org.session
    session.opens_on, session.closes_on = dt.date(2024, 1, 10), dt.date(2024, 1, 13)
    session.save()
    HandlingPolicy.objects.create(
        assembly=org.npc, year=2024, result_scheme=ResultScheme.objects.get(code="abc", jurisdiction=None)
    )
    more = Unit.objects.bulk_create(
        [
            Unit(jurisdiction=org.jurisdiction, name=f"市第{i}局", kind="handling", system="government")
            for i in range(18)
        ]
    )
    units = [org.units.unit_a, org.units.unit_b, *more]
    party = Unit.objects.create(
        jurisdiction=org.jurisdiction, name="市委宣传部", kind="handling", system="party"
    )
    a, b, satisfied, basic = abc("A"), abc("B"), rating("satisfied"), rating("basically_satisfied")
    items = []
    for i in range(201):
        number = i + 1
        lead = units[i % 20]
        co = [(units[(i + 1) % 20], "co")] if i < 88 else []
        items.append(
            Item(
                units=[(lead, "lead" if co else "sole"), *co],
                result=a if i % 3 == 0 else b,
                rating=satisfied if i < 185 else basic,
                key=number in KEY_TITLES,
                title=KEY_TITLES.get(number, ""),
            )
        )
    items += [Item(units=[(party, "sole")], result=a, system="party") for _ in range(15)]
    subs = write_items(org, items, session=session, year=2024)
    return SimpleNamespace(session=session, units=units, subs=subs)


@pytest.fixture
def year(org: SimpleNamespace) -> SimpleNamespace:
    return seed_001_year(org)


def scope_of(org: SimpleNamespace, session, system: str = "government") -> ReportScope:  # type: ignore[no-untyped-def]
    return ReportScope(org.jurisdiction, org.npc, session, 2024, system)


def test_the_report_of_seed_001s_year_states_its_figures(org: SimpleNamespace, year: SimpleNamespace) -> None:
    data = build_handling_report(org.users.registry, scope_of(org, year.session), today=dt.date(2025, 2, 28))
    assert (data.total, data.source_total, data.unit_count, data.multi_unit, data.on_time) == (
        201,
        216,
        20,
        88,
        201,
    )
    assert [(c.code, c.name, c.count) for c in data.categories] == [
        ("A", "已解决或采纳", 67),
        ("B", "列入计划逐步解决", 134),
        ("C", "不具备条件，留作参考并作说明", 0),
    ]
    assert data.scheme_name == "A/B/C三类"
    assert [k.number for k in data.key_items] == [37, 39, 172, 196, 199]
    text = document_text(render_report(data, scope_of(org, year.session)))
    assert (
        "2024年，市政府系统共承办市六届人大三次会议代表建议201件，占代表建议总数的93.06%，"
        "分别交由20个承办单位办理，均已按期答复。"
    ) in text
    assert "已解决或采纳（A类）的67件、约占33.33%；列入计划逐步解决（B类）的134件、约占66.67%。" in text
    assert "201件代表建议中，88件涉及多个部门的职责" in text
    assert "市人大常委会确定的5件重点建议" in text
    assert "（二）《关于推动我市民营经济高质量发展的建议》（第39号）。由" in text
    assert "已评价的201件中，满意185件、基本满意16件、不满意0件，满意和基本满意的占100.00%。" in text
    assert "宿州市政府办公室" in text  # the coordinating office signs


def test_the_report_costs_the_same_queries_with_more_items(
    org: SimpleNamespace, year: SimpleNamespace, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    rs = scope_of(org, year.session)
    build_handling_report(org.users.registry, rs)
    with django_assert_max_num_queries(20) as counted:
        build_handling_report(org.users.registry, rs)
    write_items(
        org,
        [Item(units=[(year.units[3], "sole")], result=abc("C"))] * 50,
        session=year.session,
        year=2024,
        first_number=500,
    )
    with django_assert_max_num_queries(len(counted.captured_queries)):
        data = build_handling_report(org.users.registry, rs)
    assert data.total == 251


def test_an_item_handled_separately_counts_among_several_units_and_the_text_says_so(
    org: SimpleNamespace,
) -> None:
    """Found by the year's scenario: the count put a 分别办理 item among the multi-unit ones while the
    sentence listed 分别办理 among the rest, handled by one unit."""
    unit_a, unit_b = org.units.unit_a, org.units.unit_b
    write_items(
        org,
        [
            Item(units=[(unit_a, "separate"), (unit_b, "separate")], result=abc("A")),
            Item(units=[(unit_a, "sole")], result=abc("A")),
        ],
        session=org.session,
        year=2024,
    )
    rs = scope_of(org, org.session)
    data = build_handling_report(org.users.registry, rs, today=dt.date(2025, 2, 28))
    assert (data.total, data.multi_unit) == (2, 1)
    text = document_text(render_report(data, rs))
    assert "1件涉及多个部门的职责" in text and "按职责分别办理、分别答复" in text
    assert "其余1件由一个单位单独办理。" in text and "单独办理或分别办理" not in text
