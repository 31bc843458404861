"""The 交办 pages: the plan page and its form, deciding requests, bulk assignment, notices, the meeting list."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from types import SimpleNamespace

import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.assignments.services import Plan, request_adjustment
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.core.workflow import transition
from banli.submissions.models import HandlingMode, Submission


def waiting(org: SimpleNamespace, **kwargs) -> Submission:  # type: ignore[no-untyped-def]
    defaults = {
        "lead_author": org.deputy,
        "state": "assigning",
        "session": org.session,
        "system": "government",
    }
    return SubmissionFactory(**{**defaults, **kwargs})


def rows_of(response) -> list[tuple]:  # type: ignore[no-untyped-def]
    return list(load_workbook(BytesIO(b"".join(response.streaming_content))).active.values)


def test_coordinator_pre_assigns_then_assigns_through_the_form(org: SimpleNamespace, client: Client) -> None:
    sub = waiting(org)
    client.force_login(org.users.coordinator)
    page = client.get(reverse("assignments:plan", args=[sub.pk]))
    assert page.status_code == 200
    assert "确定办理方式和承办单位" in page.content.decode()
    form = {
        "mode": "lead_co",
        "lead": org.units.unit_a.pk,
        "others": [org.units.unit_b.pk],
        "recommended": [org.units.unit_a.pk, org.units.unit_b.pk],
    }
    response = client.post(
        reverse("assignments:plan_action", args=[sub.pk]), {**form, "action": "pre_assign"}, follow=True
    )
    assert "已预交办" in response.content.decode()
    assert set(Assignment.objects.filter(submission=sub).values_list("state", flat=True)) == {"pre_assigned"}
    response = client.post(
        reverse("assignments:plan_action", args=[sub.pk]), {**form, "action": "assign"}, follow=True
    )
    assert "已正式交办" in response.content.decode()
    sub.refresh_from_db()
    assert sub.state == "handling"
    event = sub.events.get(action="assign", workflow="submission")
    assert event.payload["recommendation_taken"] is True
    assert event.payload["recommended"] == [org.units.unit_a.pk, org.units.unit_b.pk]


def test_a_bad_plan_shows_a_message_and_changes_nothing(org: SimpleNamespace, client: Client) -> None:
    sub = waiting(org)
    client.force_login(org.users.coordinator)
    response = client.post(
        reverse("assignments:plan_action", args=[sub.pk]),
        {"action": "assign", "mode": "separate", "lead": org.units.unit_a.pk},
        follow=True,
    )
    assert "分别办理须选择至少两个承办单位" in response.content.decode()
    assert not Assignment.objects.filter(submission=sub).exists()
    response = client.post(
        reverse("assignments:plan_action", args=[sub.pk]),
        {"action": "assign", "mode": "sole", "lead": "x"},
        follow=True,
    )
    assert "请先预交办或选择承办单位" in response.content.decode()
    assert Submission.objects.get(pk=sub.pk).state == "assigning"


def test_the_plan_page_is_the_assigning_offices_only(org: SimpleNamespace, client: Client) -> None:
    sub = waiting(org)
    for user, status in (
        (org.users.registry, 403),
        (org.users.party_coordinator, 404),  # another system: not even visible
        (org.users.liaison, 404),
        (org.users.deputy, 403),  # the author sees the item, not the office's page
    ):
        client.force_login(user)
        assert client.get(reverse("assignments:plan", args=[sub.pk])).status_code == status, user
        client.post(
            reverse("assignments:plan_action", args=[sub.pk]),
            {"action": "assign", "mode": "sole", "lead": org.units.unit_a.pk},
        )
    assert not Assignment.objects.filter(submission=sub).exists()


def test_coordinator_decides_a_request_on_the_plan_page(org: SimpleNamespace, client: Client) -> None:
    sub = waiting(org)
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, []))
    req = request_adjustment(
        Assignment.objects.get(submission=sub), org.users.liaison, "replace", "属教育局职责", org.units.unit_b
    )
    client.force_login(org.users.coordinator)
    html = client.get(reverse("assignments:plan", args=[sub.pk])).content.decode()
    assert "待审定的调整申请" in html and "属教育局职责" in html
    client.post(
        reverse("assignments:adjustment_action", args=[req.pk, "accept"]),
        {"replacement": org.units.unit_b.pk},
    )
    assert AdjustmentRequest.objects.get(pk=req.pk).state == "accepted"
    assert Assignment.objects.get(submission=sub, unit=org.units.unit_b).state == "assigned"
    listing = client.get(reverse("assignments:adjustments")).content.decode()
    assert "属教育局职责" in listing and "已同意" in listing


def test_liaison_asks_for_an_adjustment_from_the_assignment_page(
    org: SimpleNamespace, client: Client
) -> None:
    a = AssignmentFactory(unit=org.units.unit_a, state="assigned", submission=waiting(org, state="handling"))
    client.force_login(org.users.liaison)
    html = client.get(reverse("assignments:detail", args=[a.pk])).content.decode()
    assert "提交调整申请" in html
    response = client.post(
        reverse("assignments:request_adjustment", args=[a.pk]), {"kind": "remove", "reason": ""}, follow=True
    )
    assert "申请调整须说明理由" in response.content.decode()
    client.post(
        reverse("assignments:request_adjustment", args=[a.pk]), {"kind": "remove", "reason": "不属本单位职责"}
    )
    assert AdjustmentRequest.objects.get().reason == "不属本单位职责"
    client.force_login(org.users.other_liaison)
    assert client.get(reverse("assignments:detail", args=[a.pk])).status_code == 404


def test_bulk_assignment_is_all_or_nothing(org: SimpleNamespace, client: Client) -> None:
    good, also_good = waiting(org), waiting(org)
    pre = waiting(org)
    transition(
        pre, "pre_assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_b, [])
    )
    client.force_login(org.users.coordinator)
    # without a unit chosen, items that were never pre-assigned cannot be assigned: nothing happens
    response = client.post(
        reverse("assignments:bulk"), {"ids": [good.pk, pre.pk], "action": "assign"}, follow=True
    )
    assert "未作任何交办" in response.content.decode()
    assert set(Submission.objects.filter(pk__in=[good.pk, pre.pk]).values_list("state", flat=True)) == {
        "assigning"
    }
    # the pre-assigned one alone goes by its pre-assignment
    client.post(reverse("assignments:bulk"), {"ids": [pre.pk], "action": "assign"})
    assert Submission.objects.get(pk=pre.pk).state == "handling"
    # with a unit, every selected item goes to it
    response = client.post(
        reverse("assignments:bulk"),
        {"ids": [good.pk, also_good.pk], "action": "assign", "mode": "sole", "lead": org.units.unit_a.pk},
        follow=True,
    )
    assert "已正式交办 2 件" in response.content.decode()
    assert (
        Assignment.objects.filter(
            submission__in=[good, also_good], unit=org.units.unit_a, state="assigned"
        ).count()
        == 2
    )


def test_bulk_assignment_refuses_items_of_another_system(org: SimpleNamespace, client: Client) -> None:
    mine, party = waiting(org), waiting(org, system="party")
    client.force_login(org.users.coordinator)
    response = client.post(
        reverse("assignments:bulk"),
        {"ids": [mine.pk, party.pk], "action": "assign", "mode": "sole", "lead": org.units.unit_a.pk},
        follow=True,
    )
    assert "未作任何交办" in response.content.decode()
    assert not Assignment.objects.exists()


def test_each_unit_downloads_its_assignment_notice(org: SimpleNamespace, client: Client) -> None:
    subs = [waiting(org, title=f"关于改善城区交通的建议{i}") for i in range(3)]
    plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b])
    with time_machine.travel(dt.datetime(2026, 2, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        for sub in subs:
            transition(sub, "assign", org.users.coordinator, plan=plan)
    client.force_login(org.users.coordinator)
    html = client.get(reverse("assignments:notices")).content.decode()
    assert org.units.unit_a.name in html and org.units.unit_b.name in html
    rows = rows_of(
        client.get(reverse("assignments:notices"), {"unit": org.units.unit_b.pk, "export": "xlsx"})
    )
    assert rows[0][0] == f"{org.units.unit_b.name}交办清单"
    body = rows[4:]
    assert len(body) == 3
    assert {r[6] for r in body} == {"会办"}
    assert all(f"{org.units.unit_a.name}（主办）" in r[7] for r in body)
    assert {r[8] for r in body} == {"2026-02-10"} and {r[10] for r in body} == {"2026-03-10"}
    # a unit gets its own notice, never another's
    client.force_login(org.users.other_liaison)
    assert (
        client.get(
            reverse("assignments:notices"), {"unit": org.units.unit_a.pk, "export": "xlsx"}
        ).status_code
        == 404
    )
    assert (
        len(
            rows_of(
                client.get(reverse("assignments:notices"), {"unit": org.units.unit_b.pk, "export": "xlsx"})
            )
        )
        == 7
    )


def test_registry_lists_the_items_for_the_assignment_meeting(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def build(n: int) -> None:
        for _ in range(n):
            sub = waiting(org, number=Submission.objects.count() + 1)
            transition(
                sub,
                "assign",
                org.users.coordinator,
                plan=Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b]),
            )

    build(2)
    client.force_login(org.users.registry)
    client.get(reverse("assignments:meeting"))
    with django_assert_max_num_queries(12) as few:
        html = client.get(reverse("assignments:meeting")).content.decode()
    assert org.units.unit_a.name in html
    build(8)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("assignments:meeting"))
    rows = rows_of(client.get(reverse("assignments:meeting"), {"export": "xlsx"}))
    assert rows[0][0] == "交办会清单" and len(rows) == 4 + 10
    assert {(r[8], r[9]) for r in rows[4:]} == {(org.units.unit_a.name, org.units.unit_b.name)}
    client.force_login(org.users.liaison)
    assert client.get(reverse("assignments:meeting")).status_code == 403


def test_the_inbox_shows_overdue_signatures(org: SimpleNamespace, client: Client) -> None:
    with time_machine.travel(dt.datetime(2026, 2, 10, 2, 0, tzinfo=dt.UTC), tick=False):
        sub = waiting(org)
        transition(
            sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
        )
    client.force_login(org.users.liaison)
    with time_machine.travel(dt.datetime(2026, 2, 16, 2, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(reverse("assignments:list"), {"box": "overdue"}).content.decode()
    assert sub.title in html and "逾期" in html
    with time_machine.travel(dt.datetime(2026, 2, 12, 2, 0, tzinfo=dt.UTC), tick=False):
        html = client.get(reverse("assignments:list"), {"box": "overdue"}).content.decode()
    assert sub.title not in html


def test_plan_page_queries_do_not_grow_with_units(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    from banli.core.tests.factories import UnitFactory

    sub = waiting(org)
    client.force_login(org.users.coordinator)
    client.get(reverse("assignments:plan", args=[sub.pk]))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("assignments:plan", args=[sub.pk]))
    UnitFactory.create_batch(15, jurisdiction=org.jurisdiction, system="government")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("assignments:plan", args=[sub.pk]))
