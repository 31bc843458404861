"""The menu and the home page's to-dos of the supervisors; every page of the app opens for those it is for."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from banli.core.selectors import navigation
from banli.core.todos import todos_for
from banli.supervision.services import TopicInput, add_items, create_topic
from banli.supervision.tests.conftest import NOW, field_category, late_item, led_item


def labels(user) -> list[str]:  # type: ignore[no-untyped-def]
    return [item.label for item in navigation(user)]


def test_each_supervisor_finds_their_pages_in_the_menu(org: SimpleNamespace) -> None:
    assert {"督办", "考核"} <= set(labels(org.users.coordinator))
    assert {"督办", "考核"} <= set(labels(org.users.registry))
    assert {"我领办的", "重点督办", "考核"} <= set(labels(org.users.leader))
    assert {"对口督办", "重点督办"} <= set(labels(org.users.committee_member))
    assert "考核" not in labels(org.users.committee_member)
    for name in ("liaison", "deputy", "system_admin"):
        assert {"督办", "我领办的", "对口督办", "考核"}.isdisjoint(labels(getattr(org.users, name)))


def cards(user) -> dict[tuple[str, str], int]:  # type: ignore[no-untyped-def]
    return {(t.group, t.label): t.count for t in todos_for(user)}


def test_to_dos_of_the_leader_the_committee_and_the_office(org: SimpleNamespace) -> None:
    with time_machine.travel(NOW, tick=False):
        assert ("督办", "逾期滞后单位") not in cards(org.users.coordinator)  # nothing lags yet
        assert ("领办", "领办件在办") not in cards(org.users.leader)  # leads nothing
        led_item(org, 1)
        led_item(org, 2)
        late_item(org, number=3, category=field_category(org))
        assert cards(org.users.leader)[("领办", "领办件在办")] == 2
        assert cards(org.users.leader)[("领办", "领办件逾期")] == 2
        assert cards(org.users.committee_member)[("对口督办", "对口件逾期")] == 1
        assert cards(org.users.committee_member)[("对口督办", "对口重点件")] == 0
        assert (
            cards(org.users.coordinator)[("督办", "逾期滞后单位")] == 2
        )  # unit_a late to reply, unit_b to opine


def test_the_home_page_shows_the_cards(org: SimpleNamespace, client: Client) -> None:
    with time_machine.travel(NOW, tick=False):
        led_item(org, 1)
        client.force_login(org.users.leader)
        html = client.get(reverse("home")).content.decode()
    assert 'data-todo="领办件逾期"' in html


@pytest.fixture
def everything(org: SimpleNamespace) -> SimpleNamespace:
    with time_machine.travel(NOW, tick=False):
        item = late_item(org, category=field_category(org))
        topic = create_topic(
            org.users.registry, TopicInput(org.npc, 2026, "城市内涝治理", committee=org.units.committee)
        )
        add_items(topic, org.users.registry, [item.sub])
    return SimpleNamespace(item=item, topic=topic)


PAGES = [
    ("supervision:index", None),
    ("supervision:item", "item"),
    ("supervision:records", None),
    ("supervision:topics", None),
    ("supervision:topic", "topic"),
    ("supervision:assessments", None),
]


@pytest.mark.parametrize("name", ["registry", "coordinator", "leader", "committee_member", "liaison"])
@pytest.mark.parametrize(("route", "arg"), PAGES)
def test_the_shared_pages_open_for_every_supervisor_and_the_unit(
    org: SimpleNamespace, everything: SimpleNamespace, client: Client, name: str, route: str, arg: str | None
) -> None:
    client.force_login(getattr(org.users, name))
    args = [everything.item.sub.pk if arg == "item" else everything.topic.pk] if arg else []
    assert client.get(reverse(route, args=args)).status_code == 200


@pytest.mark.parametrize(
    ("route", "allowed"),
    [
        ("supervision:lagging", {"registry", "coordinator"}),
        ("supervision:led", {"leader"}),
        ("supervision:field", {"committee_member"}),
        ("supervision:topic_new", {"registry"}),
        ("supervision:scheme_new", {"registry"}),
        ("supervision:excellence", {"registry", "coordinator", "leader"}),
    ],
)
def test_the_own_pages_open_only_for_their_people(
    org: SimpleNamespace, client: Client, route: str, allowed: set[str]
) -> None:
    for name in ("registry", "coordinator", "leader", "committee_member", "liaison", "deputy"):
        client.force_login(getattr(org.users, name))
        status = client.get(reverse(route)).status_code
        assert (status == 200) == (name in allowed), (name, status)


def test_nobody_of_another_city_sees_a_topic_or_an_item(
    org: SimpleNamespace, other_org: SimpleNamespace, everything: SimpleNamespace, client: Client
) -> None:
    client.force_login(other_org.users.registry)
    assert client.get(reverse("supervision:topic", args=[everything.topic.pk])).status_code == 404
    assert client.get(reverse("supervision:item", args=[everything.item.sub.pk])).status_code == 404
