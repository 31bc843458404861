"""Every workflow table, enumerated: each allowed transition works for the roles it names; every other
(state, action, user) is refused and changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import models

from banli.assignments.models import AdjustmentRequest, Assignment
from banli.assignments.services import Plan
from banli.core.models import Event
from banli.core.tests.factories import AssignmentFactory, SubmissionFactory
from banli.core.workflow import WorkflowError, transition, workflows
from banli.submissions.models import HandlingMode, Submission

#: Which users of the `org` fixture each predicate named in a table must admit (and no other user).
ADMITTED: dict[str, set[str]] = {
    "领衔人": {"deputy"},
    "交办机构": {"registry"},
    "协调机构": {"coordinator"},
    "联络员": {"liaison"},
    "交办单位": {"coordinator"},  # the default handling policy assigns through the coordinating office
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


def make_submission(org: SimpleNamespace, state: str, action: str) -> Submission:
    kind = "motion" if action == "convert_motion" else "suggestion"
    return SubmissionFactory(
        lead_author=org.deputy, state=state, session=org.session, system="government", kind=kind
    )


def make_assignment(org: SimpleNamespace, state: str, action: str) -> Assignment:
    sub = SubmissionFactory(
        lead_author=org.deputy, state="handling", session=org.session, system="government"
    )
    return AssignmentFactory(submission=sub, unit=org.units.unit_a, state=state)


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


MAKERS: dict[type[models.Model], Callable[[SimpleNamespace, str, str], models.Model]] = {
    Submission: make_submission,
    Assignment: make_assignment,
    AdjustmentRequest: make_adjustment,
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
