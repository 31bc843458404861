"""The registry's review: register, not register with a reason, return, merge, convert, classify, bulk, withdraw."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from banli.assignments.models import Assignment
from banli.core.models import Deadline, Event
from banli.core.tests.factories import AssignmentFactory, CategoryFactory, SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.submissions.models import Submission
from banli.submissions.selectors import rejection_reasons
from banli.submissions.services import Classification, bulk_register, classify


def post_action(client: Client, sub: Submission, action: str, **data: str) -> str:
    return client.post(
        reverse("submissions:action", args=[sub.pk, action]), data, follow=True
    ).content.decode()


def test_not_registered_with_a_listed_reason_and_converted_to_an_opinion(
    org: SimpleNamespace, client: Client
) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    reasons = rejection_reasons(org.jurisdiction.pk)
    assert "属于学术探讨性质" in reasons
    client.force_login(org.users.registry)
    html = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    assert "属于学术探讨性质" in html
    html = post_action(
        client, sub, "reject", reason="属于学术探讨性质", to_opinion="1", comment="建议以社情民意形式反映"
    )
    sub.refresh_from_db()
    assert sub.state == "not_registered" and sub.opinion_converted
    event = Event.objects.get(submission=sub, action="reject")
    assert event.payload["reason"] == "属于学术探讨性质" and event.payload["to_opinion"] is True
    assert "已转为意见建议" in html


def test_returned_item_is_revised_and_resubmitted(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    client.force_login(org.users.registry)
    post_action(client, sub, "return_for_revision", comment="请补充具体措施")
    client.force_login(org.users.deputy)
    client.post(
        reverse("submissions:edit", args=[sub.pk]),
        {
            "title": sub.title,
            "problem": sub.problem,
            "advice": "补充了具体措施。",
            "publication_consent": "on",
            "submit": "1",
        },
    )
    sub.refresh_from_db()
    assert sub.state == "submitted" and sub.advice == "补充了具体措施。"
    assert list(Event.objects.filter(submission=sub).values_list("action", flat=True)) == [
        "return_for_revision",
        "edit",
        "resubmit",
    ]


def test_merge_by_number_keeps_both_authors_and_notes_it_on_the_target(
    org: SimpleNamespace, client: Client
) -> None:
    target = SubmissionFactory(lead_author=org.other_deputy, state="submitted", session=org.session)
    transition(target, "register", org.users.registry)
    item = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    client.force_login(org.users.registry)
    post_action(client, item, "merge", target_number="第1号", comment="内容相近")
    item.refresh_from_db()
    assert item.state == "merged" and item.merged_into == target
    absorb = Event.objects.get(submission=target, action="absorb")
    assert org.deputy.name in absorb.comment
    assert list(target.merged_items.all()) == [item]


def test_merge_refuses_itself_another_assembly_and_a_closed_target(org: SimpleNamespace) -> None:
    item = SubmissionFactory(lead_author=org.deputy, state="submitted")
    proposal = SubmissionFactory(lead_author=org.member, state="submitted")
    closed = SubmissionFactory(lead_author=org.other_deputy, state="closed")
    for target, message in ((item, "自身"), (proposal, "同一届"), (closed, "不能再接收")):
        with pytest.raises(GuardFailed, match=message):
            transition(item, "merge", org.users.registry, target=target)
    with pytest.raises(GuardFailed, match="并入的件"):
        transition(item, "merge", org.users.registry, target=None)
    assert Submission.objects.get(pk=item.pk).state == "submitted"


def test_motion_converted_into_a_suggestion_keeps_its_history(org: SimpleNamespace) -> None:
    motion = SubmissionFactory(lead_author=org.deputy, state="submitted", kind="motion")
    transition(motion, "convert_motion", org.users.registry, comment="主席团决定转为建议")
    motion.refresh_from_db()
    assert (motion.kind, motion.converted_from, motion.state) == ("suggestion", "motion", "submitted")
    with pytest.raises(GuardFailed, match="只有议案"):
        transition(motion, "convert_motion", org.users.registry, comment="再转")


def test_registry_sets_category_key_and_confidential(
    org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    category = CategoryFactory(jurisdiction=org.jurisdiction, name="城乡建设")
    changes = classify(sub, org.users.registry, Classification(category, True, True))
    assert changes == ["分类：无 → 城乡建设", "标为重点", "标为涉密"]
    sub.refresh_from_db()
    assert sub.category == category and sub.is_key and sub.is_confidential
    assert classify(sub, org.users.registry, Classification(category, True, True)) == []
    with pytest.raises(NotAllowed):
        classify(sub, org.users.deputy, Classification(None, False, False))
    with pytest.raises(GuardFailed):
        classify(
            sub,
            org.users.registry,
            Classification(CategoryFactory(jurisdiction=other_org.jurisdiction), True, True),
        )


def test_bulk_register_numbers_in_order_of_submission_and_reports_the_rest(
    org: SimpleNamespace, client: Client
) -> None:
    subs = SubmissionFactory.create_batch(3, lead_author=org.deputy, state="submitted", session=org.session)
    for i, sub in enumerate(subs):
        Submission.objects.filter(pk=sub.pk).update(submitted_at=f"2025-01-1{i}T10:00:00Z")
    already = SubmissionFactory(lead_author=org.deputy, state="registered", session=org.session)
    client.force_login(org.users.registry)
    response = client.post(
        reverse("submissions:bulk_register"),
        {"ids": [s.pk for s in reversed(subs)] + [already.pk]},
        follow=True,
    )
    html = response.content.decode()
    assert "已立案 3 件" in html and "未立案" in html
    assert [Submission.objects.get(pk=s.pk).number for s in subs] == [1, 2, 3]


def test_bulk_register_is_for_the_registry_only(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted")
    client.force_login(org.users.deputy)
    assert client.post(reverse("submissions:bulk_register"), {"ids": [sub.pk]}).status_code == 403
    done, failed = bulk_register([sub], org.users.cppcc_registry)
    assert done == [] and "无权" in failed[0][1]


def test_withdrawal_stops_everything_downstream(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="handling", system="government")
    open_a = AssignmentFactory(submission=sub, unit=org.units.unit_a, state="received")
    done_a = AssignmentFactory(submission=sub, unit=org.units.unit_b, state="replied")
    from banli.core.deadlines import open_deadline

    deadline = open_deadline(open_a, "reply", sub.created_at.date(), 3, "months", submission=sub)
    client.force_login(org.users.deputy)
    html = post_action(client, sub, "withdraw")
    assert "须填写意见或理由" in html and Submission.objects.get(pk=sub.pk).state == "handling"
    post_action(client, sub, "withdraw", comment="问题已通过其他途径解决，书面申请撤回")
    assert Submission.objects.get(pk=sub.pk).state == "withdrawn"
    assert Assignment.objects.get(pk=open_a.pk).state == "cancelled"
    assert Assignment.objects.get(pk=done_a.pk).state == "replied"
    assert Deadline.objects.get(pk=deadline.pk).closed_at is not None
    event = Event.objects.get(submission=sub, action="withdraw")
    assert event.payload["assignments_cancelled"] == 1 and event.payload["deadlines_closed"] == 1


def test_author_sees_own_items_with_number_and_timeline(org: SimpleNamespace, client: Client) -> None:
    sub = SubmissionFactory(lead_author=org.deputy, state="submitted", session=org.session)
    transition(sub, "register", org.users.registry)
    SubmissionFactory(lead_author=org.other_deputy, state="submitted", title="别人的建议")
    client.force_login(org.users.deputy)
    html = client.get(reverse("submissions:list"), {"mine": "1"}).content.decode()
    assert "我的建议提案" in html and sub.title in html and "别人的建议" not in html and "第1号" in html
    html = client.get(reverse("submissions:detail", args=[sub.pk])).content.decode()
    assert "立案" in html and "已立案" in html
