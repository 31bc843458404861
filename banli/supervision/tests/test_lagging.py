"""滞后单位: the coordinating office's board counts, per unit, what is overdue now, the returns for rework
and the dissatisfied ratings, links to the items, sorts, exports, and urges a unit on all its overdue items."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.assignments.services import Plan
from banli.core.models import Event
from banli.core.tests.factories import SubmissionFactory, UnitFactory
from banli.core.workflow import transition
from banli.evaluation.models import Evaluation, RatingOption
from banli.handling.models import Reply, ReplyRecipient
from banli.submissions.models import HandlingMode
from banli.supervision.lagging import lagging_units
from banli.supervision.tests.conftest import ASSIGNED_AT, NOW, late_item


@pytest.fixture(autouse=True)
def _now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def unsigned(org: SimpleNamespace, unit, number: int):  # type: ignore[no-untyped-def]
    """Formally assigned on 2 March and never signed for."""
    with time_machine.travel(ASSIGNED_AT, tick=False):
        sub = SubmissionFactory(
            lead_author=org.deputy,
            state="assigning",
            session=org.session,
            system="government",
            number=number,
            year=2026,
        )
        transition(sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, unit, []))
    return sub


def board(org: SimpleNamespace) -> SimpleNamespace:
    """unit_a: a reply and a receipt overdue, a reply returned twice; unit_b: an opinion overdue (co-handler
    of the first item) and a reply rated 不满意."""
    first = late_item(org, number=1, year=2026)
    second = unsigned(org, org.units.unit_a, 2)
    third = late_item(org, number=3, co=False, year=2026)
    Reply.objects.create(
        jurisdiction=org.jurisdiction,
        submission=third.sub,
        assignment=third.lead,
        state="returned",
        revision=2,
    )
    answered = late_item(org, number=4, co=False, year=2026)
    from banli.assignments.models import Assignment

    b = Assignment.objects.filter(pk=answered.lead.pk)
    b.update(unit=org.units.unit_b, state="replied")
    reply = Reply.objects.create(
        jurisdiction=org.jurisdiction, submission=answered.sub, assignment=b.get(), state="sent"
    )
    recipient = ReplyRecipient.objects.create(
        reply=reply, submission=answered.sub, member=org.deputy, is_lead=True
    )
    Evaluation.objects.create(
        jurisdiction=org.jurisdiction,
        submission=answered.sub,
        reply=reply,
        recipient=recipient,
        member=org.deputy,
        rating=RatingOption.objects.get(jurisdiction=None, code="dissatisfied"),
        comment="答复敷衍",
    )
    return SimpleNamespace(first=first, second=second, third=third, answered=answered)


def figures(rows) -> dict[str, tuple[int, ...]]:  # type: ignore[no-untyped-def]
    return {r.unit.name: (r.sign, r.reply, r.opinion, r.returned, r.dissatisfied) for r in rows}


def test_the_board_counts_what_each_unit_let_slip(org: SimpleNamespace) -> None:
    board(org)
    rows = lagging_units(org.users.coordinator, 2026)
    a, b = org.units.unit_a.name, org.units.unit_b.name
    # unit_a: the second item unsigned (and so late to reply too); the first and third items' replies late;
    # the third returned twice
    assert figures(rows) == {a: (1, 3, 0, 2, 0), b: (0, 0, 1, 0, 1)}
    assert [r.unit.name for r in rows] == [a, b]  # most overdue first
    assert [r.unit.name for r in lagging_units(org.users.coordinator, 2026, "-dissatisfied")] == [b, a]
    assert [r.unit.name for r in lagging_units(org.users.coordinator, 2026, "opinion")] == [a, b]
    assert lagging_units(org.users.coordinator, 2025) == []
    assert lagging_units(org.users.party_coordinator, 2026) == []  # not its system's items


def test_the_board_page_links_sorts_exports_and_costs_the_same_for_more_units(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    items = board(org)
    client.force_login(org.users.coordinator)
    url = reverse("supervision:lagging")
    with django_assert_max_num_queries(14) as few:
        html = client.get(url).content.decode()
    drill = reverse("supervision:lagging_unit", args=[org.units.unit_a.pk])
    assert f'{drill}?column=reply&year=2026">3</a>' in html
    for n in range(3):
        unit = UnitFactory(jurisdiction=org.jurisdiction, name=f"单位{n}", system="government")
        unsigned(org, unit, 10 + n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"sort": "unit"}).content.decode().count("data-unit=") == 5
    page = client.get(drill, {"column": "reply"}).content.decode()
    assert (
        items.first.sub.title in page
        and items.third.sub.title in page
        and items.answered.sub.title not in page
    )
    assert items.second.title in client.get(drill, {"column": "sign"}).content.decode()
    assert items.third.sub.title in client.get(drill, {"column": "returned"}).content.decode()
    response = client.get(url, {"export": "xlsx", "sort": "-overdue"})
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][0] == "滞后单位" and rows[3][1] == "承办单位"
    assert rows[4][1:] == (org.units.unit_a.name, 1, 3, 0, 2, 0, 4)


def test_the_office_urges_a_unit_on_all_its_overdue_items_from_the_board(
    org: SimpleNamespace, client: Client
) -> None:
    board(org)
    client.force_login(org.users.coordinator)
    response = client.post(
        reverse("supervision:lagging_urge", args=[org.units.unit_a.pk]),
        {"message": "请抓紧办理逾期事项。", "method": "system"},
        follow=True,
    )
    assert "已就3件逾期件催办" in response.content.decode()
    assert Event.objects.filter(action="urge", comment="请抓紧办理逾期事项。").count() == 3


@pytest.mark.parametrize("name", ["liaison", "leader", "committee_member", "deputy"])
def test_only_the_offices_see_the_board(org: SimpleNamespace, client: Client, name: str) -> None:
    client.force_login(getattr(org.users, name))
    assert client.get(reverse("supervision:lagging")).status_code == 403
    assert (
        client.post(
            reverse("supervision:lagging_urge", args=[org.units.unit_a.pk]), {"message": "x"}
        ).status_code
        == 403
    )
