"""The reply inside the unit and out: contact first, co-handlers' opinions, approval, 签发, the office's
check with 退回重办, sending, and the refusals on the way."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.utils import timezone

from banli.assignments.models import Assignment, HandlingPolicy
from banli.core.models import Deadline, Event
from banli.core.policies import scope
from banli.core.workflow import GuardFailed, NotAllowed, NotAvailable, WorkflowError, transition
from banli.handling.models import Opinion, Reply, ReplyRecipient
from banli.handling.services import opinion_of, save_opinion
from banli.handling.tests.conftest import complete_draft, contact, handled
from banli.submissions.models import Submission


def approve_and_sign(org: SimpleNamespace, reply: Reply) -> None:
    transition(reply, "submit", org.users.handler)
    transition(reply, "approve", org.users.reviewing_head, comment="同意")
    transition(reply, "sign", org.users.signing_head, comment="签发")


def send_opinion(org: SimpleNamespace, co: Assignment, text: str = "我局将配合做好教师编制保障。") -> Opinion:
    save_opinion(co, org.users.other_liaison, text, "赵六", "0557-3020000")
    opinion = opinion_of(co)
    transition(opinion, "send", org.users.other_liaison)
    return opinion


def test_the_reply_waits_for_a_contact_with_the_deputy(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    reply = complete_draft(org, item.lead)
    with pytest.raises(GuardFailed, match="答复前须与代表沟通"):
        transition(reply, "submit", org.users.handler)
    contact(org, item.lead)
    transition(reply, "submit", org.users.handler)
    assert Reply.objects.get(pk=reply.pk).state == "reviewing"


def test_without_the_contact_rule_the_reply_may_go_at_once(org: SimpleNamespace) -> None:
    HandlingPolicy.objects.create(assembly=org.npc, require_contact=False)
    item = handled(org, co=False)
    transition(complete_draft(org, item.lead), "submit", org.users.handler)


def test_an_incomplete_draft_names_what_is_missing(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead, result=None, contact_phone="")
    with pytest.raises(GuardFailed, match="请先填写：办理结果、联系电话"):
        transition(reply, "submit", org.users.handler)


def test_the_lead_waits_for_every_co_handler_or_records_its_lapse(org: SimpleNamespace) -> None:
    item = handled(org)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    with pytest.raises(GuardFailed, match="尚待会办单位提出会办意见"):
        transition(reply, "submit", org.users.handler)
    # before the opinion's deadline, the lead may not record a lapse
    with pytest.raises(GuardFailed, match="会办意见期限"):
        transition(opinion_of(item.co), "record_lapse", org.users.liaison, comment="多次催办未复")
    deadline = Deadline.objects.get(object_id=item.co.pk, duty="opinion")
    with time_machine.travel(deadline.due_on + dt.timedelta(days=1), tick=False):
        transition(opinion_of(item.co), "record_lapse", org.users.liaison, comment="多次催办未复")
        transition(reply, "submit", org.users.handler)
    assert opinion_of(item.co).state == "lapsed"


def test_the_lead_returns_an_insubstantial_opinion_and_the_co_handler_revises(org: SimpleNamespace) -> None:
    item = handled(org)
    opinion = send_opinion(org, item.co, "无意见。")
    assert Deadline.objects.get(object_id=item.co.pk, duty="opinion").closed_at is not None
    with pytest.raises(NotAllowed):
        transition(opinion, "return", org.users.other_liaison, comment="自己退回")
    transition(opinion, "return", org.users.liaison, comment="未说明本单位职责范围内的措施")
    assert opinion_of(item.co).state == "returned"
    send_opinion(org, item.co, "我局将在年内增加教师编制120名，保障新校开学。")
    transition(opinion_of(item.co), "accept", org.users.liaison)
    assert opinion_of(item.co).state == "accepted"


def test_approval_goes_handler_reviewing_head_signing_head(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    with pytest.raises(NotAllowed):
        transition(reply, "submit", org.users.liaison)  # the handler submits, not the liaison
    transition(reply, "submit", org.users.handler)
    with pytest.raises(NotAllowed):
        transition(reply, "approve", org.users.signing_head)
    transition(reply, "return_for_revision", org.users.reviewing_head, comment="措施不具体")
    assert Reply.objects.get(pk=reply.pk).state == "draft"
    transition(reply, "submit", org.users.handler)
    transition(reply, "approve", org.users.reviewing_head)
    with pytest.raises(NotAllowed):
        transition(reply, "sign", org.users.handler)  # sign-off by a handler is refused
    transition(reply, "sign", org.users.signing_head)
    reply.refresh_from_db()
    assert (
        reply.state == "signed"
        and reply.doc_number == f"{org.units.unit_a.name}复〔{timezone.localdate().year}〕1号"
    )
    with pytest.raises(NotAvailable):
        transition(reply, "sign", org.users.signing_head)  # a second sign-off after the first
    steps = list(
        Event.objects.filter(workflow="reply", object_id=reply.pk).values_list("action", "actor_role")
    )
    assert [a for a, _ in steps] == ["save", "submit", "return_for_revision", "submit", "approve", "sign"]
    assert steps[-1][1] == f"{org.units.unit_a.name}主要负责人"


def test_the_office_returns_a_weak_reply_which_starts_a_new_revision(org: SimpleNamespace) -> None:
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    approve_and_sign(org, reply)
    number = Reply.objects.get(pk=reply.pk).doc_number
    with pytest.raises(WorkflowError):
        transition(reply, "send", org.users.signing_head)  # the office checks before it goes out
    transition(
        reply, "return_for_rework", org.users.coordinator, comment="答复敷衍，未回应代表提出的选址问题"
    )
    reply.refresh_from_db()
    assert (reply.state, reply.revision) == ("returned", 1)
    complete_draft(org, item.lead, text="张三代表：\n关于选址，经规划部门论证，拟在城东新区建设。")
    approve_and_sign(org, reply)
    transition(reply, "send", org.users.coordinator, comment="同意答复")
    reply.refresh_from_db()
    assert reply.state == "sent" and reply.doc_number == number  # the 文号 given once is kept


def test_without_the_offices_check_signing_sends_the_reply(org: SimpleNamespace) -> None:
    HandlingPolicy.objects.create(assembly=org.npc, coordinator_review=False)
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    approve_and_sign(org, reply)
    assert Reply.objects.get(pk=reply.pk).state == "sent"
    assert Submission.objects.get(pk=item.sub.pk).state == "replied"


def test_sending_answers_the_deputy_and_moves_everything_on(org: SimpleNamespace) -> None:
    item = handled(org)
    send_opinion(org, item.co)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    reply.commitments.create(
        jurisdiction=org.jurisdiction,
        submission=item.sub,
        text="年底前建成新校",
        due_on=dt.date(2027, 12, 31),
    )
    approve_and_sign(org, reply)
    transition(reply, "send", org.users.coordinator)
    assert Submission.objects.get(pk=item.sub.pk).state == "replied"
    assert set(Assignment.objects.filter(submission=item.sub).values_list("state", flat=True)) == {"replied"}
    (recipient,) = ReplyRecipient.objects.filter(reply=reply)
    assert (recipient.member, recipient.is_lead) == (org.deputy, True)
    assert recipient.letter is not None and recipient.letter.name.startswith("关于")
    duties = set(
        Deadline.objects.filter(submission=item.sub, closed_at__isnull=True).values_list("duty", flat=True)
    )
    assert duties == {"evaluation", "publication", "commitment"}
    assert not Deadline.objects.filter(object_id=item.lead.pk, duty="reply", closed_at__isnull=True).exists()


@pytest.mark.parametrize(
    "item",
    [{"is_confidential": True}, {"publication_consent": False, "publication_refusal_reason": "涉及个人隐私"}],
    ids=["涉密", "不同意公开"],
)
def test_a_reply_that_may_never_be_published_owes_no_publication(org: SimpleNamespace, item: dict) -> None:
    HandlingPolicy.objects.create(assembly=org.npc, coordinator_review=False)
    handled_item = handled(org, co=False, **item)
    contact(org, handled_item.lead)
    reply = complete_draft(org, handled_item.lead)
    approve_and_sign(org, reply)
    duties = set(Deadline.objects.filter(submission=handled_item.sub).values_list("duty", flat=True))
    assert "evaluation" in duties and "publication" not in duties


def test_a_co_handler_never_sees_the_leads_reply_before_it_is_sent(org: SimpleNamespace) -> None:
    item = handled(org)
    send_opinion(org, item.co)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    approve_and_sign(org, reply)
    for user in (org.users.other_liaison, org.users.deputy, org.users.leader):
        assert not scope(user, Reply.objects.all()).exists(), user
    assert scope(org.users.coordinator, Reply.objects.all()).get() == reply  # the office checks it
    transition(reply, "send", org.users.coordinator)
    for user in (org.users.other_liaison, org.users.deputy, org.users.leader):
        assert scope(user, Reply.objects.all()).get() == reply, user


def test_a_co_handler_does_not_answer_the_deputy(org: SimpleNamespace) -> None:
    item = handled(org)
    from banli.handling.services import reply_of

    with pytest.raises(GuardFailed, match="会办单位不直接答复代表"):
        reply_of(item.co)
    with pytest.raises(GuardFailed, match="只有会办单位提出会办意见"):
        save_opinion(item.lead, org.users.handler, "主办单位的意见")
