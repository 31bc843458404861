"""评价 and what follows: 满意 closes or tracks, 不满意 reopens handling with a new deadline and the reasons,
the second round's reply closes it; repeated rounds ask for a face-to-face consultation."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from banli.assignments.models import Assignment
from banli.core.models import Deadline, Event
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.evaluation.models import Evaluation, RatingOption
from banli.evaluation.services import Rating, evaluate
from banli.handling.models import Reply, ResultCategory
from banli.handling.services import ContactInput, add_contact
from banli.handling.tests.conftest import complete_draft, contact, handled
from banli.submissions.models import Submission


def option(code: str) -> RatingOption:
    return RatingOption.objects.get(jurisdiction=None, code=code)


def send(org: SimpleNamespace, assignment: Assignment, result: str = "A", text: str = "已落实。") -> Reply:
    reply = complete_draft(
        org, assignment, result=ResultCategory.objects.get(scheme__code="abcd", code=result), text=text
    )
    for user, action in (
        (org.users.handler, "submit"),
        (org.users.reviewing_head, "approve"),
        (org.users.signing_head, "sign"),
        (org.users.coordinator, "send"),
    ):
        transition(reply, action, user)
    reply.refresh_from_db()
    return reply


def answered(org: SimpleNamespace, result: str = "A") -> tuple[SimpleNamespace, Reply]:
    item = handled(org, co=False)
    contact(org, item.lead)
    return item, send(org, item.lead, result)


def test_satisfied_with_a_solved_reply_closes_the_item(org: SimpleNamespace) -> None:
    item, reply = answered(org, "A")
    recipient = reply.recipients.get()
    with pytest.raises(NotAllowed):
        evaluate(recipient, org.users.other_deputy, Rating(option("satisfied")))
    evaluate(recipient, org.users.deputy, Rating(option("satisfied"), contact_made=True, attitude="good"))
    assert Submission.objects.get(pk=item.sub.pk).state == "closed"
    assert not Deadline.objects.filter(
        object_id=recipient.pk, duty="evaluation", closed_at__isnull=True
    ).exists()
    with pytest.raises(GuardFailed, match="已评价过"):
        evaluate(recipient, org.users.deputy, Rating(option("dissatisfied"), comment="改主意"))


def test_a_reply_that_promises_further_work_is_tracked(org: SimpleNamespace) -> None:
    item, reply = answered(org, "B")
    evaluate(reply.recipients.get(), org.users.deputy, Rating(option("basically_satisfied")))
    assert Submission.objects.get(pk=item.sub.pk).state == "tracking"


def test_dissatisfied_reopens_handling_and_the_second_reply_closes_it(org: SimpleNamespace) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 1, 2, 0, tzinfo=dt.UTC), tick=False):
        item, reply = answered(org, "C")
        recipient = reply.recipients.get()
        with pytest.raises(GuardFailed, match="请写明不满意的理由"):
            evaluate(recipient, org.users.deputy, Rating(option("dissatisfied")))
        evaluate(
            recipient, org.users.deputy, Rating(option("dissatisfied"), comment="未说明何时建设，答复敷衍")
        )
    sub = Submission.objects.get(pk=item.sub.pk)
    assert (sub.state, sub.round) == ("handling", 2)
    again = Assignment.objects.get(submission=sub, round=2)
    assert (again.unit, again.state, again.handler) == (org.units.unit_a, "received", org.users.handler)
    # the re-handling deadline: one month from 04-01 → 05-01, a holiday, so the first working day after
    rehandling = Deadline.objects.get(object_id=again.pk, duty="rehandling", closed_at__isnull=True)
    assert rehandling.due_on == dt.date(2026, 5, 6)
    event = Event.objects.get(action="rehandle")
    assert "未说明何时建设" in event.comment
    assert Event.objects.filter(submission=sub, action="reopen").exists()

    # the second round: a face-to-face consultation is asked for before replying again
    second = complete_draft(org, again, result=ResultCategory.objects.get(scheme__code="abcd", code="B"))
    add_contact(again, org.users.handler, ContactInput("phone", "during", timezone.localdate(), "电话沟通"))
    with pytest.raises(GuardFailed, match="当面协商"):
        transition(second, "submit", org.users.handler)
    add_contact(
        again,
        org.users.handler,
        ContactInput("face", "during", timezone.localdate(), "上门面商，明确建设时间"),
    )
    second = send(org, again, "A", "经面商，已于本月开工建设。")
    assert second.round == 2 and Submission.objects.get(pk=sub.pk).state == "replied"
    evaluate(second.recipients.get(), org.users.deputy, Rating(option("satisfied")))
    sub.refresh_from_db()
    assert sub.state == "closed"
    assert Evaluation.objects.filter(submission=sub).count() == 2


def test_only_the_lead_authors_rating_decides_a_joint_item(org: SimpleNamespace) -> None:
    from banli.submissions.models import Cosignature

    item = handled(org, co=False)
    Cosignature.objects.create(
        submission=item.sub, member=org.other_deputy, state="confirmed", due_on=timezone.localdate()
    )
    contact(org, item.lead)
    reply = send(org, item.lead, "A")
    co_signer = reply.recipients.get(member=org.other_deputy)
    evaluate(co_signer, org.users.other_deputy, Rating(option("dissatisfied"), comment="不同意"))
    assert Submission.objects.get(pk=item.sub.pk).state == "replied"  # waiting for the lead author
    evaluate(reply.recipients.get(member=org.deputy), org.users.deputy, Rating(option("satisfied")))
    assert Submission.objects.get(pk=item.sub.pk).state == "closed"


def test_an_evaluation_not_given_in_time_follows_the_rule(org: SimpleNamespace) -> None:
    item, reply = answered(org, "A")
    evaluate(reply.recipients.get(), None, Rating(option("satisfied")), automatic=True)
    sub = Submission.objects.get(pk=item.sub.pk)
    assert sub.state == "closed"
    event = Event.objects.get(submission=sub, action="close")
    assert (event.actor, event.actor_role) == (None, "系统")
    assert Evaluation.objects.get().automatic
