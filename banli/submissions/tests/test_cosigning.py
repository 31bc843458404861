"""联名 / 附议: invitations, answers before the deadline, lapsed invitations, the motion minimum."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from banli.core.models import Event
from banli.core.policies import scope
from banli.core.tests.factories import MemberFactory, SubmissionFactory
from banli.core.todos import todos_for
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.submissions.models import Cosignature, IntakePolicy, Submission
from banli.submissions.selectors import cosignature_rows
from banli.submissions.services import invite_cosigners, respond_to_invitation


def test_invited_deputy_confirms_from_the_inbox_and_then_sees_the_item(
    org: SimpleNamespace, client: Client
) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    [cos] = invite_cosigners(sub, org.users.deputy, [org.other_deputy])
    assert sub.pk in set(scope(org.users.other_deputy, Submission.objects.all()).values_list("pk", flat=True))
    assert {(t.label, t.count) for t in todos_for(org.users.other_deputy)} >= {("待确认联名", 1)}
    client.force_login(org.users.other_deputy)
    html = client.get(reverse("submissions:invitations")).content.decode()
    assert sub.title in html and "确认联名" in html
    client.post(reverse("submissions:respond", args=[cos.pk]), {"answer": "confirm", "comment": "同意"})
    cos.refresh_from_db()
    assert cos.state == "confirmed" and cos.responded_at is not None
    assert Event.objects.filter(submission=sub, action="cosign", actor=org.users.other_deputy).exists()
    assert client.get(reverse("submissions:detail", args=[sub.pk])).status_code == 200


def test_a_declined_invitation_hides_the_item_again(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    [cos] = invite_cosigners(sub, org.users.deputy, [org.other_deputy])
    respond_to_invitation(cos, org.users.other_deputy, accept=False)
    assert not scope(org.users.other_deputy, Submission.objects.filter(pk=sub.pk)).exists()


def test_invitations_lapse_at_their_deadline_and_show_as_such(org: SimpleNamespace) -> None:
    with time_machine.travel(dt.datetime(2025, 3, 1, 9, tzinfo=dt.UTC), tick=False):
        sub = SubmissionFactory(lead_author=org.deputy, state="draft")
        [cos] = invite_cosigners(sub, org.users.deputy, [org.other_deputy])
        assert cos.due_on == dt.date(2025, 3, 8)  # default window of 7 days
    with time_machine.travel(dt.datetime(2025, 3, 9, 9, tzinfo=dt.UTC), tick=False):
        assert [row.status for row in cosignature_rows(sub)] == ["已过期"]
        with pytest.raises(GuardFailed, match="过期"):
            respond_to_invitation(cos, org.users.other_deputy, accept=True)
    assert Cosignature.objects.get(pk=cos.pk).state == "invited"


def test_only_the_invitee_answers_and_only_once(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    [cos] = invite_cosigners(sub, org.users.deputy, [org.other_deputy])
    with pytest.raises(NotAllowed):
        respond_to_invitation(cos, org.users.deputy, accept=True)
    respond_to_invitation(cos, org.users.other_deputy, accept=True)
    with pytest.raises(GuardFailed, match="已答复"):
        respond_to_invitation(cos, org.users.other_deputy, accept=False)


def test_members_of_another_assembly_cannot_cosign(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    with pytest.raises(GuardFailed, match="不是本届"):
        invite_cosigners(sub, org.users.deputy, [org.member])
    assert not Cosignature.objects.exists()


def test_a_motion_needs_its_minimum_of_confirmed_cosigners(org: SimpleNamespace) -> None:
    IntakePolicy.objects.create(assembly=org.npc, motion_min_cosigners=2)
    motion = SubmissionFactory(lead_author=org.deputy, state="draft", kind="motion")
    others = [org.other_deputy, MemberFactory(assembly=org.npc)]
    invitations = invite_cosigners(motion, org.users.deputy, others)
    respond_to_invitation(invitations[0], org.users.other_deputy, accept=True)
    with pytest.raises(GuardFailed, match="至少 2 名代表附议，目前已确认 1 名"):
        transition(motion, "submit", org.users.deputy)
    respond_to_invitation(invitations[1], others[1].user, accept=True)
    transition(motion, "submit", org.users.deputy)
    assert Submission.objects.get(pk=motion.pk).state == "submitted"


def test_answers_are_closed_once_the_item_is_submitted(org: SimpleNamespace) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="draft")
    [cos] = invite_cosigners(sub, org.users.deputy, [org.other_deputy])
    transition(sub, "submit", org.users.deputy)
    with pytest.raises(GuardFailed, match="已提交"):
        respond_to_invitation(cos, org.users.other_deputy, accept=True)
