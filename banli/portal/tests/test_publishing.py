"""Publishing: who decides, what may never go out (confidential, refused, through a merged item), many at
once all or nothing after a preview, the deadline closed, events written, withdrawing with a reason."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from banli.core.models import Deadline, Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.handling.models import Reply
from banli.portal.models import Publication
from banli.portal.services import edit, preview, publication_of, publish_many, withdraw
from banli.portal.tests.conftest import REPLY_TEXT, publish, sent_reply
from banli.textindex.models import SearchDocument


def test_the_registry_publishes_a_reply_without_its_contact_details(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    (pub,) = publish(org, reply)
    pub.refresh_from_db()
    assert (pub.state, pub.published_by, pub.title) == (
        "published",
        org.users.registry,
        f"关于市六届人大三次会议第{reply.submission.number}号建议的答复",
    )
    assert "0557-3021234" not in pub.public_text and "王五" not in pub.public_text
    assert pub.public_text.endswith("新增养老床位600张。")
    assert Reply.objects.get(pk=reply.pk).text == REPLY_TEXT  # the reply itself is never changed
    deadline = Deadline.objects.get(object_id=reply.pk, duty="publication")
    assert deadline.closed_at is not None
    event = Event.objects.get(workflow="publication", action="publish")
    assert (event.actor, event.submission_id, event.to_state) == (
        org.users.registry,
        reply.submission_id,
        "published",
    )
    assert SearchDocument.objects.filter(kind="publication", object_id=pub.pk).exists()


def test_the_coordinating_office_of_the_items_system_may_publish_too(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    (pub,) = publish(org, reply, actor=org.users.coordinator)
    assert pub.published_by == org.users.coordinator


@pytest.mark.parametrize(
    "name", ["party_coordinator", "cppcc_registry", "liaison", "signing_head", "deputy", "leader"]
)
def test_others_may_not_publish(org: SimpleNamespace, name: str) -> None:
    reply = sent_reply(org)
    with pytest.raises((NotAllowed, GuardFailed)):
        publish(org, reply, actor=getattr(org.users, name))
    assert not Publication.objects.exists()


def test_a_confidential_item_is_never_published(org: SimpleNamespace) -> None:
    reply = sent_reply(org, is_confidential=True)
    rows, token = preview(org.users.registry, [reply.pk])
    assert "涉密件，不得公开" in " ".join(rows[0].problems)
    with pytest.raises(GuardFailed, match="涉密件"):
        publish_many(org.users.registry, [reply.pk], token)
    assert not Publication.objects.exists()


def test_an_item_whose_author_refused_is_never_published(org: SimpleNamespace) -> None:
    reply = sent_reply(org, publication_consent=False, publication_refusal_reason="涉及个人隐私")
    with pytest.raises(GuardFailed, match="提出人不同意公开（理由：涉及个人隐私）"):
        publish(org, reply)


def test_a_reply_answering_a_merged_confidential_item_is_never_published(org: SimpleNamespace) -> None:
    merged = SubmissionFactory(lead_author=org.other_deputy, state="merged", is_confidential=True, number=7)
    reply = sent_reply(org, merged=[merged])
    with pytest.raises(GuardFailed, match="涉密件"):
        publish(org, reply)
    refused = SubmissionFactory(
        lead_author=org.other_deputy,
        state="merged",
        publication_consent=False,
        publication_refusal_reason="不同意",
    )
    with pytest.raises(GuardFailed, match="不同意公开"):
        publish(org, sent_reply(org, merged=[refused]))


def test_publishing_many_is_all_or_nothing(org: SimpleNamespace) -> None:
    good = [sent_reply(org), sent_reply(org)]
    bad = sent_reply(org, is_confidential=True)
    ids = [r.pk for r in [*good, bad]]
    _, token = preview(org.users.registry, ids)
    with pytest.raises(GuardFailed, match="所选各件均未公开"):
        publish_many(org.users.registry, ids, token)
    assert not Publication.objects.exists()
    assert not Event.objects.filter(workflow="publication").exists()
    assert not SearchDocument.objects.filter(kind="publication").exists()
    assert Deadline.objects.filter(duty="publication", closed_at__isnull=True).count() == 3
    pubs = publish(org, *good)
    assert {p.state for p in pubs} == {"published"}


def test_content_changed_after_the_preview_publishes_nothing(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    _, token = preview(org.users.registry, [reply.pk])
    pub = publication_of(reply, org.users.coordinator)
    edit(pub, org.users.coordinator, "关于养老服务设施建设建议的答复", ["600张"])
    with pytest.raises(GuardFailed, match="预览后有变化"):
        publish_many(org.users.registry, [reply.pk], token)
    assert Publication.objects.get().state == "draft"


def test_a_reply_selected_outside_the_offices_reach_publishes_nothing(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    with pytest.raises(GuardFailed, match="无权决定公开"):
        preview(org.users.party_coordinator, [reply.pk])
    with pytest.raises(GuardFailed, match="请先选择"):
        preview(org.users.registry, [])


def test_the_office_hides_marked_passages_and_may_not_name_text_that_is_absent(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    pub = publication_of(reply, org.users.registry)
    with pytest.raises(GuardFailed, match="没有找到须隐去的文字：某某公司"):
        edit(pub, org.users.registry, pub.title, ["某某公司"])
    edit(pub, org.users.registry, "关于社区养老建议的答复", ["新增养老床位600张"])
    pub.refresh_from_db()
    assert pub.title == "关于社区养老建议的答复"
    assert "600张" not in pub.public_text and "×××" in pub.public_text
    assert "0557-3021234" not in pub.public_text  # automatic removals stay
    assert [e.action for e in Event.objects.filter(workflow="publication")] == ["prepare", "edit"]
    publish(org, reply)
    with pytest.raises(GuardFailed, match="请先撤回再修改"):
        edit(Publication.objects.get(), org.users.registry, "新标题", [])


def test_withdrawing_needs_a_reason_and_takes_the_reply_out_of_the_search(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    (pub,) = publish(org, reply)
    with pytest.raises(GuardFailed):
        withdraw(pub, org.users.registry, "")
    withdraw(pub, org.users.registry, "答复内容需更正")
    pub.refresh_from_db()
    assert (pub.state, pub.withdrawal_reason, pub.withdrawn_by) == (
        "withdrawn",
        "答复内容需更正",
        org.users.registry,
    )
    assert not SearchDocument.objects.filter(kind="publication").exists()
    event = Event.objects.get(action="withdraw")
    assert event.comment == "答复内容需更正"
    edit(pub, org.users.registry, pub.title, ["600张"])
    (again,) = publish(org, reply)
    assert again.state == "published" and again.withdrawal_reason == ""
    assert SearchDocument.objects.filter(kind="publication", object_id=again.pk).exists()


def test_a_reply_not_sent_cannot_be_published(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    pub = publication_of(reply, org.users.registry)
    Reply.objects.filter(pk=reply.pk).update(state="signed")
    pub = Publication.objects.select_related("reply").get(pk=pub.pk)
    with pytest.raises(GuardFailed, match="尚未正式发出"):
        transition(pub, "publish", org.users.registry)


def test_a_changed_reply_text_must_be_checked_again(org: SimpleNamespace) -> None:
    reply = sent_reply(org)
    publication_of(reply, org.users.registry)
    Reply.objects.filter(pk=reply.pk).update(text=REPLY_TEXT + "\n补充说明。")
    pub = Publication.objects.select_related("reply").get()
    with pytest.raises(GuardFailed, match="重新核对"):
        transition(pub, "publish", org.users.registry)


def test_the_deputy_sees_the_publishing_but_not_the_offices_drafting(org: SimpleNamespace) -> None:
    from banli.core.selectors import timeline

    reply = sent_reply(org)
    pub = publication_of(reply, org.users.registry)
    edit(pub, org.users.registry, pub.title, ["600张"])
    publish(org, reply)
    seen = [
        e.action
        for e in timeline(reply.submission_id, org.users.deputy, reply.submission)
        if e.workflow == "publication"
    ]
    assert seen == ["publish"]
    office = [
        e.action
        for e in timeline(reply.submission_id, org.users.registry, reply.submission)
        if e.workflow == "publication"
    ]
    assert office == ["prepare", "edit", "publish"]


def test_a_reply_sent_through_the_whole_chain_is_due_and_then_published(org: SimpleNamespace) -> None:
    """The real 办 chain: sending opens the publication deadline; publishing closes it."""
    from banli.assignments.models import HandlingPolicy
    from banli.handling.tests.conftest import complete_draft, contact, handled
    from banli.portal.selectors import DueFilters, due_replies

    HandlingPolicy.objects.create(assembly=org.npc, coordinator_review=False)
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead, text="经研究，今年新建学校2所。如有疑问请致电13912345678。")
    transition(reply, "submit", org.users.handler)
    transition(reply, "approve", org.users.reviewing_head)
    transition(reply, "sign", org.users.signing_head)
    (row,) = due_replies(org.users.registry, DueFilters())
    assert row.pk == reply.pk and row.due_on is not None
    (pub,) = publish(org, Reply.objects.get(pk=reply.pk))
    assert pub.public_text == "经研究，今年新建学校2所。如有疑问请致电×××。"
    assert not due_replies(org.users.registry, DueFilters())
    assert Deadline.objects.get(object_id=reply.pk, duty="publication").closed_at is not None
