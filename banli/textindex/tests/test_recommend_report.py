"""How often the recommendation was right: read from the events of the coordinators' decisions."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from banli.core.tests.factories import AssignmentFactory, SubmissionFactory, UnitFactory
from banli.core.workflow import record
from banli.textindex.recommend import train
from banli.textindex.recommend_report import recommendation_accuracy
from banli.textindex.tests.history import add_history

pytestmark = pytest.mark.django_db
URL = "/text/recommendations/accuracy/"


def decided(org: SimpleNamespace, obj, recommended: list, taken: bool, **payload) -> None:  # type: ignore[no-untyped-def]
    record(
        obj,
        "assign",
        "正式交办",
        org.users.coordinator,
        payload={"recommended": recommended, "recommendation_taken": taken, **payload},
    )


@pytest.fixture
def decisions(org: SimpleNamespace) -> SimpleNamespace:
    """Four decided items and some events that must not count."""
    a, b = org.units.unit_a, org.units.unit_b
    x = UnitFactory(jurisdiction=org.jurisdiction, name="宿州市林业局")
    one = SubmissionFactory(lead_author=org.deputy, state="handling", year=2025)
    lead = AssignmentFactory(submission=one, unit=a, role="lead", state="received")
    co = AssignmentFactory(submission=one, unit=b, role="co", state="received")
    decided(org, lead, [a.pk, b.pk, x.pk], True)  # right at once
    decided(org, co, [a.pk, b.pk, x.pk], True)  # the same decision, seen at the co-handler: skipped
    two = SubmissionFactory(lead_author=org.deputy, state="handling", year=2025)
    decided(org, two, [a.pk, b.pk], True, units=[b.pk])  # second choice taken
    three = SubmissionFactory(lead_author=org.deputy, state="handling", year=2025)
    AssignmentFactory(submission=three, unit=a, role="sole", state="assigned")
    decided(org, three, [str(b.pk), "?"], False)  # no units in the payload: its lead assignment says
    four = SubmissionFactory(lead_author=org.deputy, state="handling", year=2024)
    decided(org, four, [a.pk], True, units=[a.pk])
    decided(org, four, [a.pk], False, units=[b.pk])  # reassigned after an adjustment: this one counts
    five = SubmissionFactory(lead_author=org.deputy, state="handling", year=2025)
    record(five, "assign", "正式交办", org.users.coordinator, payload={"units": [a.pk]})  # no recommendation
    return SimpleNamespace(a=a, b=b, x=x)


def test_hit_rates_overall_and_per_chosen_unit(org: SimpleNamespace, decisions: SimpleNamespace) -> None:
    report = recommendation_accuracy(org.jurisdiction)
    o = report.overall
    assert (o.decisions, o.top1, o.top3, o.taken) == (4, 1, 2, 2)
    assert (o.top1_rate, o.top3_rate, o.taken_rate) == (0.25, 0.5, 0.5)
    assert (o.top1_percent, o.top3_percent) == ("25.0%", "50.0%")
    rows = {row.unit: row.rates for row in report.units}
    assert set(rows) == {decisions.a, decisions.b}
    assert (rows[decisions.a].decisions, rows[decisions.a].top1, rows[decisions.a].top3) == (2, 1, 1)
    assert (rows[decisions.b].decisions, rows[decisions.b].top1, rows[decisions.b].top3) == (2, 0, 1)
    assert rows[decisions.b].taken == 1


def test_a_year_and_a_period_narrow_the_report(org: SimpleNamespace, decisions: SimpleNamespace) -> None:
    assert recommendation_accuracy(org.jurisdiction, year=2024).overall.decisions == 1
    assert recommendation_accuracy(org.jurisdiction, year=2025).overall.decisions == 3
    assert recommendation_accuracy(org.jurisdiction, year=2023).overall.decisions == 0
    import datetime as dt

    assert recommendation_accuracy(org.jurisdiction, until=dt.date(2020, 1, 1)).overall.decisions == 0
    assert recommendation_accuracy(org.jurisdiction, since=dt.date(2020, 1, 1)).overall.decisions == 4


def test_nothing_decided_reads_as_no_rate(org: SimpleNamespace, other_org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=other_org.deputy, state="handling")
    decided(other_org, sub, [other_org.units.unit_a.pk], True, units=[other_org.units.unit_a.pk])
    report = recommendation_accuracy(org.jurisdiction.pk)
    assert report.overall.decisions == 0 and report.units == []
    assert report.overall.top1_rate is None and report.overall.taken_percent == "—"


def test_the_report_takes_four_queries_however_many_decisions(
    org: SimpleNamespace, decisions: SimpleNamespace, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(4):  # events, assignments, leads of the rest, units
        recommendation_accuracy(org.jurisdiction)
    for _ in range(5):
        sub = SubmissionFactory(lead_author=org.deputy, state="handling", year=2025)
        decided(org, AssignmentFactory(submission=sub, unit=decisions.x, role="sole"), [decisions.x.pk], True)
        decided(org, SubmissionFactory(lead_author=org.deputy, state="handling"), [decisions.a.pk], True)
    with django_assert_num_queries(4):
        assert recommendation_accuracy(org.jurisdiction).overall.decisions == 9


def login(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


def test_the_offices_and_leaders_read_the_report_in_chinese(
    org: SimpleNamespace, decisions: SimpleNamespace
) -> None:
    add_history(org, 2)
    train(org.jurisdiction)
    for user in (org.users.coordinator, org.users.registry, org.users.leader):
        response = login(user).get(URL)
        assert response.status_code == 200, user
        html = response.content.decode()
        assert "智能分办准确率" in html and "4 件" in html and "1 件（25.0%）" in html
        assert "第1版" in html and "学习历年交办 10 件" in html  # eight past items and two of the decisions
        assert decisions.b.name in html
    assert "1 件" in login(org.users.coordinator).get(URL, {"year": "2024"}).content.decode()


def test_nobody_else_reads_the_report(org: SimpleNamespace) -> None:
    for user in (
        org.users.liaison,
        org.users.handler,
        org.users.deputy,
        org.users.system_admin,
        org.users.auditor,
    ):
        response = login(user).get(URL)
        assert response.status_code == 403, user
        assert "仅交办机构、协调机构和领导可查看" in response.content.decode()
    assert Client().get(URL).status_code == 302


def test_the_page_without_a_model_or_decisions_says_so(org: SimpleNamespace) -> None:
    html = login(org.users.coordinator).get(URL).content.decode()
    assert "尚未训练" in html and "暂无记录" in html


def test_the_page_makes_the_same_queries_however_many_decisions(
    org: SimpleNamespace, decisions: SimpleNamespace
) -> None:
    client = login(org.users.coordinator)
    client.get(URL)  # warm the session and content types
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(6):
        sub = SubmissionFactory(lead_author=org.deputy, state="handling", year=2023)
        decided(org, sub, [decisions.a.pk], True, units=[decisions.x.pk])
    with CaptureQueriesContext(connection) as many:
        assert "10 件" in client.get(URL).content.decode()
    assert len(many) == len(few) <= 16
