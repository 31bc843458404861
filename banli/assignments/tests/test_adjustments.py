"""调整申请: a unit asks to be removed or replaced within its window; the assigning office decides."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.assignments.services import Plan, request_adjustment
from banli.core.models import Deadline, Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed, WorkflowError, available, transition
from banli.submissions.models import HandlingMode, Submission

MONDAY = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing


def assigned(org: SimpleNamespace, plan: Plan, *, formal: bool = True) -> Submission:
    sub = SubmissionFactory(
        lead_author=org.deputy, state="assigning", session=org.session, system="government"
    )
    transition(sub, "assign" if formal else "pre_assign", org.users.coordinator, plan=plan)
    return sub


def sole_a(org: SimpleNamespace) -> Plan:
    return Plan.build(HandlingMode.SOLE, org.units.unit_a, [])


def test_a_unit_asks_within_five_working_days_of_receipt(org: SimpleNamespace) -> None:
    with time_machine.travel(MONDAY, tick=False):
        sub = assigned(org, sole_a(org))
        a = Assignment.objects.get(submission=sub)
        transition(a, "sign_receipt", org.users.liaison)
    window = Deadline.objects.get(object_id=a.pk, duty="adjustment", closed_at__isnull=True)
    assert window.due_on == dt.date(2026, 3, 9)  # five working days after Monday 03-02
    with time_machine.travel(dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC), tick=False):
        req = request_adjustment(a, org.users.liaison, "replace", "属教育部门职责", org.units.unit_b)
    assert (req.state, req.suggested_unit) == ("pending", org.units.unit_b)
    event = Event.objects.get(action="request_adjustment")
    assert (event.object_id, event.comment, event.payload["kind"]) == (a.pk, "属教育部门职责", "replace")
    assert Assignment.objects.get(pk=a.pk).state == "received"  # the unit keeps it until the office decides


def test_a_request_after_the_window_is_refused_with_its_date(org: SimpleNamespace) -> None:
    with time_machine.travel(MONDAY, tick=False):
        sub = assigned(org, sole_a(org))
        a = Assignment.objects.get(submission=sub)
        transition(a, "sign_receipt", org.users.liaison)
    with (
        time_machine.travel(dt.datetime(2026, 3, 10, 2, 0, tzinfo=dt.UTC), tick=False),
        pytest.raises(GuardFailed, match="签收之日起5个工作日内（截至2026年3月9日）"),
    ):
        request_adjustment(a, org.users.liaison, "remove", "不属本单位职责")
    assert not AdjustmentRequest.objects.exists()


def test_only_the_units_liaison_may_ask_and_needs_a_reason(org: SimpleNamespace) -> None:
    sub = assigned(org, sole_a(org))
    a = Assignment.objects.get(submission=sub)
    for user in (org.users.handler, org.users.other_liaison, org.users.coordinator):
        with pytest.raises(NotAllowed):
            request_adjustment(a, user, "remove", "不属本单位职责")
    with pytest.raises(GuardFailed, match="理由"):
        request_adjustment(a, org.users.liaison, "remove", "  ")
    request_adjustment(a, org.users.liaison, "remove", "不属本单位职责")
    with pytest.raises(GuardFailed, match="正在等待审定"):
        request_adjustment(a, org.users.liaison, "remove", "再次申请")


def test_a_unit_cannot_pass_an_item_on_by_itself(org: SimpleNamespace) -> None:
    sub = assigned(org, sole_a(org))
    a = Assignment.objects.get(submission=sub)
    transition(a, "sign_receipt", org.users.liaison)
    offered = {t.action for t in available(a, org.users.liaison)} | {
        t.action for t in available(sub, org.users.liaison)
    }
    assert offered == {"appoint_handler"}
    for action in ("cancel", "assign", "reassign"):
        with pytest.raises(WorkflowError):
            transition(
                a if action != "reassign" else sub,
                action,
                org.users.liaison,
                comment="转交",
                plan=sole_a(org),
            )
    assert Assignment.objects.get(pk=a.pk).state == "received"
    assert Assignment.objects.filter(submission=sub).count() == 1


def test_accepting_a_replacement_reassigns_and_starts_the_new_units_clocks(org: SimpleNamespace) -> None:
    sub = assigned(org, sole_a(org))
    a = Assignment.objects.get(submission=sub)
    req = request_adjustment(a, org.users.liaison, "replace", "属教育部门职责", org.units.unit_b)
    with pytest.raises(NotAllowed):
        transition(req, "accept", org.users.liaison, replacement=org.units.unit_b)
    transition(req, "accept", org.users.coordinator, replacement=org.units.unit_b, comment="同意")
    assert Assignment.objects.get(pk=a.pk).state == "cancelled"
    assert not Deadline.objects.filter(object_id=a.pk, closed_at__isnull=True).exists()
    new = Assignment.objects.get(submission=sub, unit=org.units.unit_b)
    assert (new.role, new.state) == ("sole", "assigned")
    assert Deadline.objects.filter(object_id=new.pk, duty="reply", closed_at__isnull=True).exists()
    req.refresh_from_db()
    assert (req.state, req.decided_by) == ("accepted", org.users.coordinator)


def test_the_lead_may_leave_only_with_a_new_lead(org: SimpleNamespace) -> None:
    sub = assigned(org, Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b]))
    lead = Assignment.objects.get(submission=sub, unit=org.units.unit_a)
    req = request_adjustment(lead, org.users.liaison, "remove", "不属本单位职责")
    transition(req, "accept", org.users.coordinator, replacement=None)
    # the co-handler left alone becomes the sole unit
    remaining = Assignment.objects.get(submission=sub, unit=org.units.unit_b)
    assert remaining.role == "sole"
    assert Submission.objects.get(pk=sub.pk).handling_mode == "sole"


def test_refusing_designates_the_unit_which_may_not_ask_again(org: SimpleNamespace) -> None:
    sub = assigned(org, sole_a(org))
    a = Assignment.objects.get(submission=sub)
    req = request_adjustment(a, org.users.liaison, "remove", "不属本单位职责")
    with pytest.raises(GuardFailed, match="须填写意见或理由"):
        transition(req, "refuse", org.users.coordinator)
    transition(req, "refuse", org.users.coordinator, comment="属本单位职责范围，请认真办理")
    a.refresh_from_db()
    assert a.designated and a.state == "assigned"
    with pytest.raises(GuardFailed, match="已由协调机构指定本单位办理"):
        request_adjustment(a, org.users.liaison, "remove", "仍然不属本单位职责")


def test_a_pending_request_holds_the_formal_assignment(org: SimpleNamespace) -> None:
    sub = assigned(org, Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b]), formal=False)
    co = Assignment.objects.get(submission=sub, unit=org.units.unit_b)
    req = request_adjustment(co, org.users.other_liaison, "remove", "与本单位职责无关")
    with pytest.raises(GuardFailed, match="1 个调整申请未审定"):
        transition(sub, "assign", org.users.coordinator)
    transition(req, "accept", org.users.coordinator, replacement=None)
    sub.refresh_from_db()
    transition(sub, "assign", org.users.coordinator)
    states = dict(Assignment.objects.filter(submission=sub).values_list("unit__name", "state"))
    assert states == {org.units.unit_a.name: "assigned", org.units.unit_b.name: "cancelled"}
    assert Submission.objects.get(pk=sub.pk).handling_mode == "sole"


def test_the_coordinator_designates_a_disputed_item(org: SimpleNamespace) -> None:
    sub = assigned(org, sole_a(org))
    plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_b, [org.units.unit_a])
    with pytest.raises(GuardFailed, match="须填写意见或理由"):
        transition(sub, "reassign", org.users.coordinator, plan=plan)
    transition(
        sub, "reassign", org.users.coordinator, plan=plan, designate=True, comment="经协商指定教育局主办"
    )
    rows = {a.unit_id: a for a in Assignment.objects.filter(submission=sub)}
    assert (rows[org.units.unit_b.pk].role, rows[org.units.unit_b.pk].state) == ("lead", "assigned")
    assert rows[org.units.unit_a.pk].role == "co"
    assert all(a.designated for a in rows.values())
    # the old sole unit now owes an opinion, not a reply
    duties = set(
        Deadline.objects.filter(object_id=rows[org.units.unit_a.pk].pk, closed_at__isnull=True).values_list(
            "duty", flat=True
        )
    )
    assert duties == {"sign_receipt", "opinion"}
