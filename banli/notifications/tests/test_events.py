"""The acts of the chain tell those who must act next: units of a new assignment, heads of a reply to
approve, the deputies of a sent reply; never the actor themself."""

from __future__ import annotations

from types import SimpleNamespace

from banli.assignments.services import Plan
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import transition
from banli.handling.tests.conftest import complete_draft, contact, handled
from banli.notifications.models import Notification
from banli.submissions.models import HandlingMode


def inbox(user) -> list[str]:  # type: ignore[no-untyped-def]
    return list(Notification.objects.filter(recipient=user).values_list("title", flat=True))


def test_formal_assignment_tells_each_units_liaison(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(
        lead_author=org.deputy, state="assigning", session=org.session, system="government", number=5
    )
    plan = Plan.build(HandlingMode.LEAD_CO, org.units.unit_a, [org.units.unit_b])
    transition(sub, "assign", org.users.coordinator, plan=plan)
    for liaison in (org.users.liaison, org.users.other_liaison):
        assert inbox(liaison) == [f"正式交办：{sub.reference}《{sub.title}》"]
    assert inbox(org.users.coordinator) == []  # the actor is not told of their own act


def test_the_reply_steps_reach_the_next_person_and_the_deputy(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    transition(reply, "submit", org.users.handler)
    assert any(t.startswith("提交审核") for t in inbox(org.users.reviewing_head))
    transition(reply, "approve", org.users.reviewing_head)
    assert any(t.startswith("审核通过") for t in inbox(org.users.signing_head))
    transition(reply, "sign", org.users.signing_head)
    assert any(t.startswith("签发") for t in inbox(org.users.coordinator))
    assert not any(t.startswith(("提交审核", "签发")) for t in inbox(org.users.deputy))
    transition(reply, "send", org.users.coordinator)
    assert any(t.startswith("审核通过并答复") for t in inbox(org.users.deputy))
