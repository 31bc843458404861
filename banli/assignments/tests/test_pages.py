"""承办件: the unit's list, signing receipt from it, export, and what other units cannot touch."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.assignments.models import Assignment
from banli.core.models import Event
from banli.core.tests.factories import AssignmentFactory


def test_liaison_lists_and_signs_an_assignment(org: SimpleNamespace, client: Client) -> None:
    a = AssignmentFactory(unit=org.units.unit_a, state="assigned")
    AssignmentFactory(unit=org.units.unit_b, state="assigned", submission__title="别的单位的建议")
    client.force_login(org.users.liaison)
    html = client.get(reverse("assignments:list"), {"state": "assigned"}).content.decode()
    assert a.submission.title in html and "别的单位的建议" not in html
    response = client.post(
        reverse("assignments:action", args=[a.pk, "sign_receipt"]), {"next": "/assignments/"}, follow=True
    )
    assert "已签收" in response.content.decode()
    a.refresh_from_db()
    assert a.state == "received" and a.received_at is not None
    event = Event.objects.get(action="sign_receipt")
    assert event.submission_id == a.submission_id
    assert event.actor_role == f"{org.units.unit_a.name}联络员"


def test_a_handler_cannot_sign_and_another_unit_cannot_see(org: SimpleNamespace, client: Client) -> None:
    a = AssignmentFactory(unit=org.units.unit_a, state="assigned")
    client.force_login(org.users.handler)
    response = client.post(reverse("assignments:action", args=[a.pk, "sign_receipt"]), follow=True)
    assert "无权" in response.content.decode()
    client.force_login(org.users.other_liaison)
    assert client.post(reverse("assignments:action", args=[a.pk, "sign_receipt"])).status_code == 404
    assert Assignment.objects.get(pk=a.pk).state == "assigned"


def test_next_may_not_point_off_site(org: SimpleNamespace, client: Client) -> None:
    a = AssignmentFactory(unit=org.units.unit_a, state="assigned")
    client.force_login(org.users.liaison)
    response = client.post(
        reverse("assignments:action", args=[a.pk, "sign_receipt"]), {"next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("assignments:detail", args=[a.pk])


def test_assignment_list_exports_to_excel(org: SimpleNamespace, client: Client) -> None:
    AssignmentFactory.create_batch(3, unit=org.units.unit_a, state="assigned")
    client.force_login(org.users.liaison)
    response = client.get(reverse("assignments:list"), {"export": "xlsx", "state": "assigned"})
    rows = list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)
    assert rows[0][0] == "承办件台账"
    assert len(rows) == 4 + 3
    assert {r[2] for r in rows[4:]} == {org.units.unit_a.name}


def test_list_queries_do_not_grow_with_rows(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    AssignmentFactory(unit=org.units.unit_a, state="assigned")
    client.force_login(org.users.liaison)
    client.get(reverse("assignments:list"))
    with django_assert_max_num_queries(12) as few:  # session, user, roles, counts, page, the inbox badge
        client.get(reverse("assignments:list"))
    AssignmentFactory.create_batch(12, unit=org.units.unit_a, state="assigned")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("assignments:list"))
