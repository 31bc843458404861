"""Who receives each duty's reminders, resolved in bulk."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from banli.core.models import Deadline
from banli.core.tests.factories import AssignmentFactory, RoleFactory, SubmissionFactory, UserFactory
from banli.notifications import recipients
from banli.notifications.recipients import register_recipients, resolve
from banli.notifications.tests.conftest import assignment, deadline, item
from banli.submissions.models import Cosignature

START = dt.date(2025, 9, 1)


def test_sign_receipt_goes_to_every_active_liaison_of_the_unit(org: SimpleNamespace) -> None:
    second = RoleFactory(code="liaison", unit=org.units.unit_a, jurisdiction=org.jurisdiction).user
    gone = RoleFactory(code="liaison", unit=org.units.unit_a, jurisdiction=org.jurisdiction).user
    gone.is_active = False
    gone.save()
    d = deadline(assignment(org, state="assigned"), "sign_receipt", START, 3, "working_days")

    assert resolve([d]) == {d.pk: sorted([org.users.liaison.pk, second.pk])}


def test_reply_goes_to_the_handler_once_appointed_else_to_the_liaisons(org: SimpleNamespace) -> None:
    with_handler = deadline(assignment(org, 1, handler=org.users.handler), "reply", START, 3, "months")
    without = deadline(assignment(org, 2), "reply", START, 3, "months")
    opinion = deadline(assignment(org, 3, role="co", unit=org.units.unit_b), "opinion", START, 1, "months")

    assert resolve([with_handler, without, opinion]) == {
        with_handler.pk: [org.users.handler.pk],
        without.pk: [org.users.liaison.pk],
        opinion.pk: [org.users.other_liaison.pk],
    }


def test_a_handler_who_left_falls_back_to_the_liaisons(org: SimpleNamespace) -> None:
    left = UserFactory(is_active=False)
    d = deadline(assignment(org, handler=left), "rehandling", START, 1, "months", round=2)

    assert resolve([d]) == {d.pk: [org.users.liaison.pk]}


def test_evaluation_goes_to_the_lead_author(org: SimpleNamespace) -> None:
    sub = item(org)
    d = deadline(sub, "evaluation", START, 1, "months")

    assert resolve([d]) == {d.pk: [org.users.deputy.pk]}


def test_publication_goes_to_the_registry_of_the_items_assembly(org: SimpleNamespace) -> None:
    suggestion = deadline(item(org), "publication", START, 20, "working_days")
    proposal = deadline(
        SubmissionFactory(lead_author=org.member, number=3), "publication", START, 20, "working_days"
    )

    assert resolve([suggestion, proposal]) == {
        suggestion.pk: [org.users.registry.pk],
        proposal.pk: [org.users.cppcc_registry.pk],
    }


def test_cosign_goes_to_the_invited_member_until_they_answer(org: SimpleNamespace) -> None:
    sub = item(org, state="draft", number=None)
    invitation = Cosignature.objects.create(submission=sub, member=org.other_deputy, due_on=START)
    d = deadline(invitation, "cosign", START, 7, "days", submission=sub)
    assert resolve([d]) == {d.pk: [org.users.other_deputy.pk]}

    invitation.state = "confirmed"
    invitation.save()
    assert resolve([d]) == {d.pk: []}
    assert recipients.link_for(d) == "/submissions/invitations/"


def test_resolving_many_deadlines_costs_a_few_queries_whatever_their_number(
    org: SimpleNamespace, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def make(first: int) -> list[Deadline]:
        rows = []
        for n in range(first, first + 5):
            a = AssignmentFactory(submission=item(org, n), unit=org.units.unit_a, state="received")
            rows += [
                deadline(a, "sign_receipt", START, 3, "working_days"),
                deadline(a, "reply", START, 3, "months"),
                deadline(a.submission, "evaluation", START, 1, "months"),
                deadline(a.submission, "publication", START, 20, "working_days"),
            ]
        return list(Deadline.objects.filter(pk__in=[d.pk for d in rows]))

    few = make(1)
    with django_assert_max_num_queries(10) as counted:
        resolve(few)
    many = few + make(100) + make(200) + make(300)
    with django_assert_max_num_queries(len(counted.captured_queries)):
        found = resolve(many)
    assert all(found[d.pk] for d in many)


def test_a_duty_is_registered_once_unless_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(recipients, "_REGISTRY", dict(recipients._REGISTRY))
    with pytest.raises(ValueError, match="already has a recipient resolver"):
        register_recipients("reply", recipients.assignment_liaisons)

    register_recipients("reply", recipients.assignment_liaisons, replace=True)
    register_recipients("adjustment_decision", recipients.assignment_handler, link=lambda d: "/adjustments/")

    assert recipients._REGISTRY["reply"].resolver is recipients.assignment_liaisons
    assert "adjustment_decision" in recipients.registered_duties()
