"""Which submissions each user sees: the scope behind every list, page and, later, the API."""

from __future__ import annotations

from types import SimpleNamespace

from banli.core.policies import can, scope
from banli.core.tests.factories import AssignmentFactory, MemberFactory, SubmissionFactory
from banli.submissions.models import Submission


def visible(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(scope(user, Submission.objects.all()).values_list("pk", flat=True))


def test_deputy_sees_own_drafts_but_not_another_deputys(org: SimpleNamespace) -> None:
    mine = SubmissionFactory(lead_author=org.deputy, state="draft")
    theirs = SubmissionFactory(lead_author=org.other_deputy, state="draft")
    assert mine.pk in visible(org.users.deputy)
    assert theirs.pk not in visible(org.users.deputy)
    assert can(org.users.deputy, "submission.view", mine)
    assert not can(org.users.deputy, "submission.view", theirs)


def test_registry_sees_submitted_items_of_its_own_assembly_only(org: SimpleNamespace) -> None:
    draft = SubmissionFactory(lead_author=org.deputy, state="draft")
    npc_item = SubmissionFactory(lead_author=org.deputy, state="submitted")
    cppcc_item = SubmissionFactory(lead_author=org.member, state="submitted")
    assert visible(org.users.registry) == {npc_item.pk}
    assert visible(org.users.cppcc_registry) == {cppcc_item.pk}
    assert draft.pk not in visible(org.users.registry)


def test_nobody_sees_across_jurisdictions(org: SimpleNamespace, other_org: SimpleNamespace) -> None:
    here = SubmissionFactory(lead_author=org.deputy, state="submitted", system="government")
    there = SubmissionFactory(lead_author=other_org.deputy, state="submitted", system="government")
    AssignmentFactory(submission=there, unit=other_org.units.unit_a)
    for name, user in vars(org.users).items():
        assert there.pk not in visible(user), name
        assert not can(user, "submission.view", there), name
    assert here.pk in visible(org.users.registry)


def test_handling_unit_sees_only_items_assigned_to_it(org: SimpleNamespace) -> None:
    ours = SubmissionFactory(lead_author=org.deputy, state="handling", system="government")
    other = SubmissionFactory(lead_author=org.deputy, state="handling", system="government")
    cancelled = SubmissionFactory(lead_author=org.deputy, state="handling", system="government")
    AssignmentFactory(submission=ours, unit=org.units.unit_a)
    AssignmentFactory(submission=other, unit=org.units.unit_b)
    AssignmentFactory(submission=cancelled, unit=org.units.unit_a, state="cancelled")
    for name in ("liaison", "handler", "reviewing_head", "signing_head"):
        assert visible(getattr(org.users, name)) == {ours.pk}, name
    assert visible(org.users.other_liaison) == {other.pk}


def test_coordinator_sees_items_of_its_system(org: SimpleNamespace) -> None:
    gov = SubmissionFactory(lead_author=org.deputy, state="assigning", system="government")
    party = SubmissionFactory(lead_author=org.deputy, state="assigning", system="party")
    assert visible(org.users.coordinator) == {gov.pk}
    assert visible(org.users.party_coordinator) == {party.pk}


def test_leader_does_not_see_confidential_items(org: SimpleNamespace) -> None:
    open_item = SubmissionFactory(lead_author=org.deputy, state="handling")
    secret = SubmissionFactory(lead_author=org.deputy, state="handling", is_confidential=True)
    assert open_item.pk in visible(org.users.leader)
    assert secret.pk not in visible(org.users.leader)
    assert not can(org.users.leader, "submission.view", secret)


def test_the_three_administrators_see_no_business_data(org: SimpleNamespace) -> None:
    SubmissionFactory(lead_author=org.deputy, state="handling")
    for name in ("system_admin", "security_admin", "auditor"):
        assert visible(getattr(org.users, name)) == set(), name


def test_a_member_without_an_account_link_sees_nothing(org: SimpleNamespace) -> None:
    SubmissionFactory(lead_author=MemberFactory(assembly=org.npc), state="draft")
    assert visible(org.users.committee_member) == set()


def test_unknown_permissions_are_denied(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy)
    assert not can(org.users.deputy, "submission.delete_everything", sub)
