"""交: every handling mode, pre-assignment then formal assignment, the clocks it starts, who may do it."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine

from banli.assignments.models import Assignment, HandlingPolicy
from banli.assignments.services import Plan
from banli.core.models import Deadline, Event
from banli.core.tests.factories import RoleFactory, SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.submissions.models import HandlingMode, Submission

# 2026-02-10 is a Tuesday; the Spring Festival holiday of 2026 runs 02-15 to 02-23 (02-14 and 02-28 worked).
ASSIGNED_ON = dt.datetime(2026, 2, 10, 10, 0, tzinfo=dt.UTC)


def item(org: SimpleNamespace, **kwargs) -> Submission:  # type: ignore[no-untyped-def]
    defaults = {
        "lead_author": org.deputy,
        "state": "assigning",
        "session": org.session,
        "system": "government",
    }
    return SubmissionFactory(**{**defaults, **kwargs})


def due(assignment: Assignment, duty: str) -> dt.date:
    return Deadline.objects.get(object_id=assignment.pk, duty=duty, closed_at__isnull=True).due_on


def test_coordinator_pre_assigns_lead_and_co_then_assigns_formally(org: SimpleNamespace) -> None:
    sub = item(org)
    plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b])
    transition(sub, "pre_assign", org.users.coordinator, plan=plan)
    co, lead = Assignment.objects.filter(submission=sub).order_by("role")
    assert (co.role, co.unit, co.state) == ("co", org.units.unit_b, "pre_assigned")
    assert (lead.role, lead.unit, lead.state) == ("lead", org.units.unit_a, "pre_assigned")
    assert Submission.objects.get(pk=sub.pk).state == "assigning"
    assert not Deadline.objects.filter(object_id__in=[lead.pk, co.pk], duty="reply").exists()

    with time_machine.travel(ASSIGNED_ON, tick=False):
        event = transition(sub, "assign", org.users.coordinator)
    sub.refresh_from_db()
    assert (sub.state, sub.handling_mode) == ("handling", "lead_co")
    assert "发展和改革委员会（主办）" in event.comment
    lead.refresh_from_db()
    co.refresh_from_db()
    assert lead.state == co.state == "assigned"
    # 3 working days from Tue 02-10: Wed, Thu, Fri → Fri 02-13
    assert due(lead, "sign_receipt") == due(co, "sign_receipt") == dt.date(2026, 2, 13)
    # 3 months from 02-10 → 05-10, a Sunday → Monday 05-11
    assert due(lead, "reply") == dt.date(2026, 5, 11)
    # the co-handler owes its opinion in 1 month: 03-10 (a Tuesday)
    assert due(co, "opinion") == dt.date(2026, 3, 10)
    assert not Deadline.objects.filter(object_id=co.pk, duty="reply").exists()
    assert Event.objects.filter(submission=sub, workflow="assignment", action="assign").count() == 2


def test_assign_in_one_step_with_a_plan_and_sole_mode(org: SimpleNamespace) -> None:
    sub = item(org)
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, []))
    (only,) = Assignment.objects.filter(submission=sub)
    assert (only.role, only.state) == ("sole", "assigned")
    assert Submission.objects.get(pk=sub.pk).handling_mode == "sole"


def test_separate_mode_gives_each_unit_its_own_reply(org: SimpleNamespace) -> None:
    sub = item(org)
    plan = Plan.build(HandlingMode.SEPARATE, org.units.unit_a, [org.units.unit_b])
    with time_machine.travel(ASSIGNED_ON, tick=False):
        transition(sub, "assign", org.users.coordinator, plan=plan)
    units = Assignment.objects.filter(submission=sub)
    assert {a.role for a in units} == {"separate"}
    assert all(due(a, "reply") == dt.date(2026, 5, 11) for a in units)


def test_leader_led_needs_a_leader(org: SimpleNamespace) -> None:
    sub = item(org)
    with pytest.raises(GuardFailed, match="领办领导"):
        transition(
            sub,
            "assign",
            org.users.coordinator,
            plan=Plan.build(HandlingMode.LEADER_LED, org.units.unit_a, []),
        )
    plan = Plan.build(HandlingMode.LEADER_LED, org.units.unit_a, [org.units.unit_b], leader=org.users.leader)
    transition(sub, "assign", org.users.coordinator, plan=plan)
    sub.refresh_from_db()
    assert (sub.handling_mode, sub.lead_leader) == ("leader_led", org.users.leader)


@pytest.mark.parametrize(
    ("mode", "others", "message"),
    [
        (HandlingMode.SOLE, ["unit_b"], "单独办理只能选择一个"),
        (HandlingMode.LEAD_CO, [], "单独办理只能选择一个"),  # lead alone is sole, not lead + co
        (HandlingMode.SEPARATE, [], "分别办理须选择至少两个"),
    ],
)
def test_plans_that_do_not_fit_their_mode_are_refused(
    org: SimpleNamespace, mode: str, others: list[str], message: str
) -> None:
    sub = item(org)
    plan = Plan.build(mode, org.units.unit_a, [getattr(org.units, o) for o in others])
    if mode == HandlingMode.LEAD_CO:
        message = "主办\\+会办须有"
    with pytest.raises(GuardFailed, match=message):
        transition(sub, "assign", org.users.coordinator, plan=plan)
    assert not Assignment.objects.filter(submission=sub).exists()
    assert Submission.objects.get(pk=sub.pk).state == "assigning"


def test_units_of_another_jurisdiction_or_offices_cannot_be_assigned(
    org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    sub = item(org)
    for unit in (other_org.units.unit_a, org.units.gov_office):
        with pytest.raises(GuardFailed, match="不是本级在用的承办单位"):
            transition(sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, unit, []))


def test_only_the_coordinating_office_of_the_items_system_assigns(org: SimpleNamespace) -> None:
    sub = item(org)
    plan = Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    for user in (org.users.registry, org.users.party_coordinator, org.users.liaison, org.users.deputy):
        with pytest.raises(NotAllowed):
            transition(sub, "pre_assign", user, plan=plan)


def test_without_a_coordinating_step_the_registry_assigns_directly(org: SimpleNamespace) -> None:
    HandlingPolicy.objects.create(assembly=org.npc, coordinator_step=False)
    sub = item(org)
    plan = Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    with pytest.raises(NotAllowed):
        transition(sub, "assign", org.users.coordinator, plan=plan)
    transition(sub, "assign", org.users.registry, plan=plan)
    assert Submission.objects.get(pk=sub.pk).state == "handling"


def test_changing_the_pre_assignment_cancels_the_units_left_out(org: SimpleNamespace) -> None:
    sub = item(org)
    transition(
        sub,
        "pre_assign",
        org.users.coordinator,
        plan=Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b]),
    )
    transition(
        sub, "pre_assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_b, [])
    )
    states = dict(Assignment.objects.filter(submission=sub).values_list("unit__name", "state"))
    assert states == {org.units.unit_a.name: "cancelled", org.units.unit_b.name: "pre_assigned"}
    assert Assignment.objects.get(submission=sub, unit=org.units.unit_b).role == "sole"
    # and back again: the cancelled unit is reinstated, not duplicated
    transition(
        sub, "pre_assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    )
    assert Assignment.objects.get(submission=sub, unit=org.units.unit_a).state == "pre_assigned"
    assert Assignment.objects.filter(submission=sub).count() == 2


def test_coordinator_returns_an_item_of_another_system_to_the_registry(org: SimpleNamespace) -> None:
    sub = item(org)
    transition(
        sub, "pre_assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    )
    transition(sub, "return_to_registry", org.users.coordinator, comment="属党委系统职责")
    sub.refresh_from_db()
    assert (sub.state, sub.system) == ("registered", "")
    assert Assignment.objects.get(submission=sub).state == "cancelled"
    transition(sub, "send_to_system", org.users.registry, system="party")
    assert Submission.objects.get(pk=sub.pk).state == "assigning"


def test_a_fixed_reply_date_applies_to_items_assigned_before_it(org: SimpleNamespace) -> None:
    HandlingPolicy.objects.create(assembly=org.npc, year=2026, reply_fixed_month=8, reply_fixed_day=31)
    early, late = item(org, year=2026), item(org, year=2026)
    with time_machine.travel(ASSIGNED_ON, tick=False):
        transition(
            early, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
        )
    with time_machine.travel(dt.datetime(2026, 9, 7, 2, 0, tzinfo=dt.UTC), tick=False):
        transition(
            late, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
        )
    assert due(Assignment.objects.get(submission=early), "reply") == dt.date(2026, 8, 31)
    # after 08-31: three months from 09-07 → 12-07
    assert due(Assignment.objects.get(submission=late), "reply") == dt.date(2026, 12, 7)


def test_editing_the_policy_recomputes_open_deadlines_but_not_extended_ones(
    org: SimpleNamespace, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    a_sub, b_sub = item(org), item(org)
    with time_machine.travel(ASSIGNED_ON, tick=False):
        for sub in (a_sub, b_sub):
            transition(
                sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
            )
    a, b = Assignment.objects.get(submission=a_sub), Assignment.objects.get(submission=b_sub)
    # b's reply date was decided case by case (an approved extension)
    Deadline.objects.filter(object_id=b.pk, duty="reply").update(
        follows_policy=False, due_on=dt.date(2026, 7, 1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        HandlingPolicy.objects.create(assembly=org.npc, reply_amount=60, reply_unit="working_days")
    # 60 working days from 02-10, over the Spring Festival, Qingming and May Day holidays (chinesecalendar
    # agrees: counting its working days one by one also ends on 05-14)
    assert due(a, "reply") == dt.date(2026, 5, 14)
    deadline = Deadline.objects.get(object_id=a.pk, duty="reply")
    assert (deadline.amount, deadline.unit) == (60, "working_days")
    assert due(b, "reply") == dt.date(2026, 7, 1)


def test_a_unit_may_be_a_co_handler_of_another_units_item_and_sees_only_that(org: SimpleNamespace) -> None:
    from banli.core.policies import scope

    mine, theirs, other = item(org), item(org), item(org)
    transition(
        mine, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_b, [])
    )
    plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b])
    transition(theirs, "assign", org.users.coordinator, plan=plan)
    transition(
        other, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, [])
    )
    seen = set(scope(org.users.other_liaison, Submission.objects.all()).values_list("pk", flat=True))
    assert seen == {mine.pk, theirs.pk}
    assert set(scope(org.users.other_liaison, Assignment.objects.all()).values_list("unit", flat=True)) == {
        org.units.unit_b.pk
    }


def test_a_handler_appointed_by_the_liaison_must_belong_to_the_unit(org: SimpleNamespace) -> None:
    sub = item(org)
    transition(sub, "assign", org.users.coordinator, plan=Plan.build(HandlingMode.SOLE, org.units.unit_a, []))
    a = Assignment.objects.get(submission=sub)
    transition(a, "sign_receipt", org.users.liaison)
    stranger = RoleFactory(code="handler", unit=org.units.unit_b, jurisdiction=org.jurisdiction).user
    with pytest.raises(GuardFailed, match="本单位的经办人"):
        transition(a, "appoint_handler", org.users.liaison, handler=stranger)
    transition(a, "appoint_handler", org.users.liaison, handler=org.users.handler)
    assert Assignment.objects.get(pk=a.pk).handler == org.users.handler
