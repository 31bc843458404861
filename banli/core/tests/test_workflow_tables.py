"""Every workflow table, enumerated: each allowed transition works for the roles it names; every other
(state, action, user) is refused and changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import models
from django.utils import timezone

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.assignments.services import Plan
from banli.core.deadlines import open_deadline
from banli.core.models import Event
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.core.workflow import WorkflowError, transition, workflows
from banli.evaluation.models import Evaluation, FollowUp, RatingOption
from banli.handling.models import Contact, Extension, Opinion, Reply, ReplyRecipient, ResultCategory
from banli.portal.models import Publication
from banli.submissions.models import HandlingMode, Submission
from banli.supervision.models import KeyTopic

#: Which users of the `org` fixture each predicate named in a table must admit (and no other user).
ADMITTED: dict[str, set[str]] = {
    "领衔人": {"deputy"},
    "交办机构": {"registry"},
    "协调机构": {"coordinator"},
    "联络员": {"liaison"},
    "交办单位": {"coordinator"},  # the default handling policy assigns through the coordinating office
    "经办人": {"handler"},
    "经办人/联络员": {"handler", "liaison"},
    "分管负责人": {"reviewing_head"},
    "主要负责人": {"signing_head"},
    "主办单位": {"other_liaison"},  # the opinions' makers put the lead in unit_b
    "答复发送方": {"coordinator"},  # and the default policy has the coordinating office check replies
    "审核答复": {"coordinator"},
    "答复对象": {"deputy"},
    "公开审定": {"registry", "coordinator"},  # the item's registry office and its system's coordinator
}


def data_for(org: SimpleNamespace) -> dict[str, Any]:
    """Data every attempt carries, so that acts asking for input (needs) are satisfied."""
    target = SubmissionFactory(lead_author=org.other_deputy, state="registered", session=org.session)
    return {
        "system": "government",
        "reason": "内容空泛，没有具体建议",
        "target": target,
        "plan": Plan.build(HandlingMode.SOLE, org.units.unit_a, []),
        "handler": org.users.handler,
        "replacement": org.units.unit_b,
    }


NUMBERS = itertools.count(1)


def make_submission(org: SimpleNamespace, state: str, action: str) -> Submission:
    kind = "motion" if action == "convert_motion" else "suggestion"
    sub = SubmissionFactory(
        lead_author=org.deputy,
        state=state,
        session=org.session,
        system="government",
        kind=kind,
        number=next(NUMBERS),
    )
    if action == "complete_replies":  # every answering unit has replied
        AssignmentFactory(submission=sub, unit=org.units.unit_a, state="replied")
    if action in ("reopen", "track", "close", "close_solved"):  # a sent reply, rated to decide this act
        assignment = AssignmentFactory(submission=sub, unit=org.units.unit_a, state="replied")
        code = {"reopen": "A", "track": "B", "close": "A", "close_solved": "A"}[action]
        reply = Reply.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            assignment=assignment,
            state="sent",
            result=ResultCategory.objects.get(scheme__code="abcd", code=code),
        )
        recipient = ReplyRecipient.objects.create(
            reply=reply, submission=sub, member=org.deputy, is_lead=True
        )
        rating = RatingOption.objects.get(
            jurisdiction=None, code="dissatisfied" if action == "reopen" else "satisfied"
        )
        Evaluation.objects.create(
            jurisdiction=org.jurisdiction,
            submission=sub,
            reply=reply,
            recipient=recipient,
            member=org.deputy,
            rating=rating,
        )
    return sub


def make_assignment(org: SimpleNamespace, state: str, action: str) -> Assignment:
    sub = SubmissionFactory(
        lead_author=org.deputy,
        state="handling",
        session=org.session,
        system="government",
        number=next(NUMBERS),
    )
    assignment = AssignmentFactory(
        submission=sub, unit=org.units.unit_a, state=state, assigned_at=timezone.now()
    )
    if action == "mark_replied":  # the unit's reply has gone out
        Reply.objects.create(
            jurisdiction=org.jurisdiction, submission=sub, assignment=assignment, state="sent"
        )
    return assignment


def make_reply(org: SimpleNamespace, state: str, action: str) -> Reply:
    """A sole unit's reply, complete and after a contact with the deputy, so that it may be submitted."""
    assignment = make_assignment(org, "received", action)
    Contact.objects.create(
        jurisdiction=org.jurisdiction,
        submission=assignment.submission,
        assignment=assignment,
        method="phone",
        phase="before",
        occurred_on=timezone.localdate(),
        notes="电话听取代表意见",
        recorded_by=org.users.handler,
    )
    category = ResultCategory.objects.filter(scheme__code="abcd").first()
    return Reply.objects.create(
        jurisdiction=org.jurisdiction,
        submission=assignment.submission,
        assignment=assignment,
        state=state,
        result=category,
        text="经研究，答复如下。",
        contact_person="王五",
        contact_phone="0557-3021234",
    )


def make_opinion(org: SimpleNamespace, state: str, action: str) -> Opinion:
    """A co-handler's opinion (unit_a) to the lead (unit_b), its deadline past for a lapse to be recorded."""
    lead = make_assignment(org, "received", action)
    Assignment.objects.filter(pk=lead.pk).update(unit=org.units.unit_b, role="lead")
    co = AssignmentFactory(submission=lead.submission, unit=org.units.unit_a, role="co", state="received")
    open_deadline(co, "opinion", timezone.localdate() - dt.timedelta(days=40), 1, "months")
    return Opinion.objects.create(
        jurisdiction=org.jurisdiction,
        submission=co.submission,
        assignment=co,
        state=state,
        text="同意主办单位意见。",
    )


def make_follow_up(org: SimpleNamespace, state: str, action: str) -> FollowUp:
    sub = make_submission(org, "tracking", "close_solved")
    reply = Reply.objects.get(submission=sub)
    return FollowUp.objects.create(
        jurisdiction=org.jurisdiction,
        submission=sub,
        reply=reply,
        state=state,
        result=reply.result,
        text="已完成建设并投入使用。",
    )


def make_extension(org: SimpleNamespace, state: str, action: str) -> Extension:
    assignment = make_assignment(org, "received", action)
    due = open_deadline(assignment, "reply", timezone.localdate(), 1, "months")
    return Extension.objects.create(
        jurisdiction=org.jurisdiction,
        submission=assignment.submission,
        assignment=assignment,
        old_due_on=due.due_on,
        requested_due_on=due.due_on + dt.timedelta(days=30),
        reason="需协调省级部门",
        requested_by=org.users.handler,
        state=state,
    )


def make_adjustment(org: SimpleNamespace, state: str, action: str) -> AdjustmentRequest:
    assignment = make_assignment(org, "received", action)
    return AdjustmentRequest.objects.create(
        jurisdiction=org.jurisdiction,
        submission=assignment.submission,
        assignment=assignment,
        kind="remove",
        reason="不属本单位职责",
        requested_by=org.users.liaison,
        state=state,
    )


def make_publication(org: SimpleNamespace, state: str, action: str) -> Publication:
    """The public version of a sent reply, ready to publish (an npc item of the government system)."""
    from banli.portal.services import build

    reply = make_reply(org, "sent", action)
    pub = build(reply, org.users.registry)
    pub.state = state
    pub.save()
    return pub


def make_key_topic(org: SimpleNamespace, state: str, action: str) -> KeyTopic:
    """A key topic of the NPC, whose registry (代表工委) manages it."""
    return KeyTopic.objects.create(
        jurisdiction=org.jurisdiction,
        assembly=org.npc,
        year=2025,
        title="城市内涝治理",
        state=state,
        created_by=org.users.registry,
    )


MAKERS: dict[type[models.Model], Callable[[SimpleNamespace, str, str], models.Model]] = {
    Submission: make_submission,
    Assignment: make_assignment,
    AdjustmentRequest: make_adjustment,
    Reply: make_reply,
    Opinion: make_opinion,
    Extension: make_extension,
    FollowUp: make_follow_up,
    Publication: make_publication,
    KeyTopic: make_key_topic,
}

CASES = [(wf.name, action) for wf in workflows() for action in wf.actions()]


def test_every_workflow_model_has_a_maker() -> None:
    assert {wf.model for wf in workflows()} <= set(MAKERS)


def test_every_predicate_named_in_a_table_is_known() -> None:
    for wf in workflows():
        for t in wf.transitions:
            unknown = set(t.who.parts) - set(ADMITTED)
            assert not unknown, f"{wf.name}.{t.action}: add {unknown} to ADMITTED"


@pytest.mark.parametrize(("workflow_name", "action"), CASES)
def test_transition_table(org: SimpleNamespace, workflow_name: str, action: str) -> None:
    wf = next(w for w in workflows() if w.name == workflow_name)
    make = MAKERS[wf.model]
    data = data_for(org)
    for state in wf.states.values:
        t = wf.get(state, action)
        admitted = set().union(*(ADMITTED[p] for p in t.who.parts)) if t else set()
        obj = make(org, state, action)
        events_before = Event.objects.count()
        for name, user in vars(org.users).items():
            if name in admitted:
                continue
            with pytest.raises(WorkflowError):
                transition(obj, action, user, comment="理由", **data)
            fresh = type(obj).objects.get(pk=obj.pk)
            assert fresh.state == state, f"{name} changed {state} via {action}"
        assert Event.objects.count() == events_before, f"a refused {action} in {state} wrote an event"
        for name in admitted:
            obj = make(org, state, action)
            user = getattr(org.users, name)
            event = transition(obj, action, user, comment="理由", **data)
            fresh = type(obj).objects.get(pk=obj.pk)
            assert fresh.state == t.target
            assert (event.from_state, event.to_state, event.action, event.actor) == (
                state,
                t.target,
                action,
                user,
            )
            assert event.actor_role
