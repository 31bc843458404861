"""The statistics dashboard: what each role counts, that every figure's link lists exactly the items it
counted, the page (charts from a JSON block, no inline script), and a query count that does not grow."""

from __future__ import annotations

import json
import re
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from banli.reports.statistics import Dashboard, dashboard
from banli.reports.tests.builders import Item, abc, write_items
from banli.submissions.selectors import submission_list


def figures(board: Dashboard):  # type: ignore[no-untyped-def]
    yield board.total
    yield board.key_total
    for rate in board.rates:
        yield rate.part
        yield rate.whole
    for b in board.breakdowns:
        yield from b.figures
    for row in board.unit_rows:
        yield from row.cells
    for y in board.years:
        yield from (y.total, y.answered, y.addressed, y.on_time, y.evaluated, y.satisfied)


def listed(user, url: str) -> int:  # type: ignore[no-untyped-def]
    parts = urlsplit(url)
    assert parts.path == reverse("submissions:list")
    return submission_list(user, dict(parse_qsl(parts.query))).count()


@pytest.mark.parametrize(
    "who",
    ["registry", "cppcc_registry", "coordinator", "party_coordinator", "leader", "liaison", "other_liaison"],
)
@pytest.mark.parametrize("params", [{}, {"year": ""}, {"unit": "a"}, {"session": "none"}])
def test_every_figure_links_to_exactly_the_items_it_counts(
    org: SimpleNamespace, mixed: SimpleNamespace, who: str, params: dict[str, str]
) -> None:
    user = getattr(org.users, who)
    if params.get("unit"):
        params = {"unit": str(mixed.units.a.pk)}
    board = dashboard(user, params)
    checked = 0
    for figure in figures(board):
        assert listed(user, figure.url) == figure.count, (figure.label, figure.url)
        checked += 1
    assert checked >= 10  # the headline figures are there even when nothing is counted


def test_each_role_counts_what_it_sees(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    totals = {
        who: dashboard(getattr(org.users, who), {"year": "2024"}).total.count for who in vars(org.users)
    }
    assert totals["registry"] == 10  # every suggestion of 2024, confidential included
    assert totals["cppcc_registry"] == 1  # the proposal
    assert totals["coordinator"] == 10  # the government system's, suggestions and the proposal
    assert totals["party_coordinator"] == 1
    assert totals["leader"] == 10  # suggestions and the proposal, not the confidential one
    assert totals["liaison"] == 6  # unit_a's items, as answering unit or co-handler
    assert totals["other_deputy"] == 0 and totals["system_admin"] == 0


def test_the_year_defaults_to_the_latest_and_years_compare(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    board = dashboard(org.users.registry, {})
    assert board.filters.year == "2024" and board.filters.years == [2024, 2023]
    assert [(y.year, y.total.count, y.answered.count) for y in board.years] == [(2024, 10, 8), (2023, 3, 3)]
    assert board.years[1].satisfied_rate == 100


def test_the_years_compared_skip_a_year_the_other_filters_leave_empty(
    org: SimpleNamespace, mixed: SimpleNamespace
) -> None:
    from banli.reports.dashboard_filters import DashboardFilters
    from banli.reports.years import year_rows

    filters = DashboardFilters.parse(org.users.registry, {"year": ""})
    assert [y.year for y in year_rows(org.users.registry, filters, count=1)] == [2024]
    filters.years = [2025, *filters.years]  # a latest choice with no item under the filters
    assert [(y.year, y.total.count) for y in year_rows(org.users.registry, filters, count=2)] == [
        (2024, 10),
        (2023, 3),
    ]


def test_a_unit_sees_only_its_own_row_and_its_results(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    board = dashboard(org.users.liaison, {"year": "2024"})
    assert [r.unit.name for r in board.unit_rows] == [mixed.units.a.name]
    row = board.units[0]
    assert (row.items, row.answering, row.co, row.replied, row.late, row.pending) == (6, 5, 1, 4, 1, 1)
    assert row.by_result == {abc("A").pk: 2, abc("B").pk: 2}


def test_results_by_category_and_semantic_type(org: SimpleNamespace, mixed: SimpleNamespace) -> None:
    board = dashboard(org.users.registry, {"year": "2024"})
    by = {b.key: {f.label: f.count for f in b.figures} for b in board.breakdowns}
    assert by["result"] == {
        "A类 已解决或采纳": 3,
        "B类 列入计划逐步解决": 3,
        "C类 不具备条件，留作参考并作说明": 2,
        "尚未答复": 2,
    }
    assert by["semantic"] == {"已解决": 3, "列入计划": 3, "留作参考": 2, "尚未答复": 2}
    assert by["timely"] == {"按期答复": 7, "逾期答复": 1, "尚未答复": 2}
    assert by["source"] == {"市六届人大二次会议": 8, "闭会期间": 2}
    assert by["mode"] == {"单独办理": 7, "主办+会办": 2, "分别办理": 1}
    assert sum(f.percent for f in board.breakdowns[0].figures) == 100


def test_the_page_draws_charts_from_json_and_runs_no_inline_script(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.coordinator)
    html = client.get(reverse("reports:dashboard")).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attrs, body in scripts:
        assert 'type="application/json"' in attrs or (not body.strip() and "src=" in attrs)
    assert "/static/vendor/echarts/echarts.min.js" in html and "/static/banli/statistics.js" in html
    data = json.loads(
        re.search(r'<script id="stats-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )
    result = next(c for c in data["charts"] if c["id"] == "result")
    assert {i["name"] for i in result["items"]} >= {"A类 已解决或采纳", "尚未答复"}
    assert all(i["url"].startswith("/submissions/?") for i in result["items"])
    assert 'data-chart="result"' in html and "onclick" not in html


def test_people_without_a_business_role_may_not_read_statistics(org: SimpleNamespace, client: Client) -> None:
    for user in (org.users.deputy, org.users.system_admin, org.users.committee_member):
        client.force_login(user)
        assert client.get(reverse("reports:dashboard")).status_code == 403


def test_the_dashboard_costs_the_same_queries_with_more_items(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(org.users.registry)
    url = reverse("reports:dashboard")
    client.get(url)
    cache.clear()  # computed, not read from the cache
    with django_assert_max_num_queries(30) as few:
        client.get(url)
    more = [Item([(mixed.units.c, "lead"), (mixed.units.b, "co")], abc("C"), key=True)] * 200
    write_items(org, more, session=mixed.session, year=2024, first_number=100)
    cache.clear()
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert "210" in response.content.decode()


def test_a_link_from_the_dashboard_names_its_conditions_on_the_list(
    org: SimpleNamespace, mixed: SimpleNamespace, client: Client
) -> None:
    client.force_login(org.users.registry)
    board = dashboard(org.users.registry, {"year": "2024"})
    late = next(f for b in board.breakdowns if b.key == "timely" for f in b.figures if f.label == "逾期答复")
    html = client.get(late.url).content.decode()
    assert "统计条件：范围：立案件；答复时效：逾期答复。" in html
    assert mixed.in_session[1].title in html and mixed.in_session[0].title not in html
    assert '<input type="hidden" name="timely" value="late">' in html


def test_the_dashboards_figures_take_a_fixed_number_of_queries(
    org: SimpleNamespace, mixed: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    user = org.users.registry
    dashboard(user, {})  # the user's roles and memberships are loaded once per request
    cache.clear()  # computed, not read from the cache
    # choices (assemblies, sessions, units, the figures' versions, the earlier years and the latest
    # year's), headline aggregate, five breakdowns, results and their categories, ratings, units (one query),
    # rating options, key items and their units, the earlier years' rows (the year shown is the headline)
    with django_assert_num_queries(20):
        dashboard(user, {})
    write_items(org, [Item([(mixed.units.c, "sole")], abc("B"), key=True)] * 100, year=2024, first_number=300)
    cache.clear()
    with django_assert_num_queries(20):
        dashboard(user, {})
