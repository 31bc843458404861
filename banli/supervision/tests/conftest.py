"""Items for the supervision tests: handled long ago, so that their units are late now."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import time_machine

from banli.assignments.models import Assignment
from banli.assignments.services import Plan
from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.core.workflow import transition
from banli.handling.tests.conftest import handled
from banli.submissions.models import HandlingMode

#: When the items were assigned, and "now" in the tests: the reply (3 months) is overdue by then.
ASSIGNED_AT = dt.datetime(2026, 3, 2, 2, 0, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)


def late_item(org: SimpleNamespace, **kwargs) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    """An item formally assigned on 2 March 2026 and signed for; its reply was due on 2 June."""
    with time_machine.travel(ASSIGNED_AT, tick=False):
        return handled(org, **kwargs)


def led_item(org: SimpleNamespace, number: int) -> SimpleNamespace:
    """An item led by the org's leader (领导领办), assigned on 2 March 2026 to unit_a, signed for."""
    with time_machine.travel(ASSIGNED_AT, tick=False):
        sub = SubmissionFactory(
            lead_author=org.deputy, state="assigning", session=org.session, system="government", number=number
        )
        plan = Plan.build(HandlingMode.LEADER_LED, org.units.unit_a, [], leader=org.users.leader)
        transition(sub, "assign", org.users.coordinator, plan=plan)
        lead = Assignment.objects.get(submission=sub)
        transition(lead, "sign_receipt", org.users.liaison)
    sub.refresh_from_db()
    return SimpleNamespace(sub=sub, lead=lead)


def field_category(org: SimpleNamespace, name: str = "财政经济"):  # type: ignore[no-untyped-def]
    """A category the org's committee (人大财经委) supervises."""
    return CategoryFactory(jurisdiction=org.jurisdiction, name=name, committee=org.units.committee)
