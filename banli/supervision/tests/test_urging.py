"""催办: who may urge a unit, what an urging records and whom it tells; urging all overdue items at once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from banli.assignments.models import Assignment
from banli.core.models import Event
from banli.core.workflow import GuardFailed, NotAllowed, WorkflowError
from banli.notifications.models import Notification
from banli.supervision.services import urge, urge_overdue
from banli.supervision.tests.conftest import NOW, late_item


@pytest.fixture(autouse=True)
def _now():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def test_coordinator_urges_a_late_unit_and_its_people_are_told(org: SimpleNamespace) -> None:
    item = late_item(org)
    event = urge(item.lead, org.users.coordinator, "请于本周内答复代表。", "phone")
    assert (event.workflow, event.action, event.action_label) == ("assignment", "urge", "催办")
    assert event.submission_id == item.sub.pk and event.object_id == item.lead.pk
    assert event.actor_role == f"{org.units.gov_office.name}工作人员"
    assert event.comment == "请于本周内答复代表。"
    assert event.payload["method_label"] == "电话催办"
    assert event.payload["duties"] == [
        {"duty": "reply", "label": "答复", "due_on": "2026-06-02", "overdue": True}
    ]
    told = set(
        Notification.objects.filter(kind="event.assignment.urge").values_list("recipient_id", flat=True)
    )
    assert told == {org.users.liaison.pk, org.users.handler.pk}
    note = Notification.objects.get(recipient=org.users.handler, kind="event.assignment.urge")
    assert note.title.startswith("催办：") and note.body == "请于本周内答复代表。"


@pytest.mark.parametrize("name", ["registry", "leader"])
def test_registry_and_leaders_may_urge(org: SimpleNamespace, name: str) -> None:
    item = late_item(org)
    event = urge(item.lead, getattr(org.users, name), "请抓紧办理。")
    assert event.actor == getattr(org.users, name)


@pytest.mark.parametrize(
    "name",
    [
        "liaison",
        "handler",
        "signing_head",
        "deputy",
        "committee_member",
        "party_coordinator",
        "cppcc_registry",
    ],
)
def test_others_may_not_urge_and_nothing_is_recorded(org: SimpleNamespace, name: str) -> None:
    item = late_item(org)
    with pytest.raises(NotAllowed):
        urge(item.lead, getattr(org.users, name), "请抓紧办理。")
    assert not Event.objects.filter(action="urge").exists()
    assert not Notification.objects.filter(kind="event.assignment.urge").exists()


def test_an_urging_needs_a_message_and_a_unit_that_still_owes(org: SimpleNamespace) -> None:
    item = late_item(org)
    with pytest.raises(GuardFailed, match="请填写催办内容"):
        urge(item.lead, org.users.coordinator, "  ")
    with pytest.raises(GuardFailed, match="催办方式"):
        urge(item.lead, org.users.coordinator, "请抓紧办理。", "pigeon")
    Assignment.objects.filter(pk=item.lead.pk).update(state="replied")
    item.lead.refresh_from_db()
    with pytest.raises(GuardFailed, match="无须催办"):
        urge(item.lead, org.users.coordinator, "请抓紧办理。")
    assert not Event.objects.filter(action="urge").exists()


def test_urging_every_overdue_item_of_a_unit_at_once(org: SimpleNamespace) -> None:
    first, second = late_item(org, number=1, co=False), late_item(org, number=2, co=False)
    on_time = late_item(org, number=3, co=False)  # assigned long ago too, but its date was extended
    from banli.handling.services import reopen_reply_deadline

    reopen_reply_deadline(on_time.lead, NOW.date().replace(month=9))
    events = urge_overdue(org.units.unit_a, org.users.coordinator, "请对逾期件抓紧答复。")
    assert sorted(e.object_id for e in events) == sorted([first.lead.pk, second.lead.pk])
    assert Notification.objects.filter(recipient=org.users.handler, kind="event.assignment.urge").count() == 2
    with pytest.raises(GuardFailed, match="没有您可以催办的逾期件"):
        urge_overdue(org.units.unit_b, org.users.coordinator, "请抓紧。")
    with pytest.raises(WorkflowError):
        urge_overdue(org.units.unit_a, org.users.party_coordinator, "请抓紧。")
    assert Event.objects.filter(action="urge").count() == 2


def test_the_item_page_urges_and_lists_the_urging(org: SimpleNamespace, client: Client) -> None:
    item = late_item(org, co=False)
    url = reverse("supervision:item", args=[item.sub.pk])
    client.force_login(org.users.coordinator)
    page = client.get(url).content.decode()
    assert "已逾期" in page and 'name="message"' in page
    response = client.post(
        reverse("supervision:urge", args=[item.sub.pk]),
        {"assignment": item.lead.pk, "method": "letter", "message": "请于7月5日前答复。"},
        follow=True,
    )
    html = response.content.decode()
    assert f"已催办{org.units.unit_a.name}" in html
    assert "督办函" in html and "请于7月5日前答复。" in html
    client.force_login(org.users.handler)  # the unit sees its item's supervision page, without the form
    page = client.get(url).content.decode()
    assert "请于7月5日前答复。" in page and 'name="message"' not in page
    response = client.post(
        reverse("supervision:urge", args=[item.sub.pk]),
        {"assignment": item.lead.pk, "message": "x"},
        follow=True,
    )
    assert "无权" in response.content.decode() or "只有" in response.content.decode()
    assert Event.objects.filter(action="urge").count() == 1
    client.force_login(org.users.other_liaison)
    assert client.get(url).status_code == 404
