"""The 办理 pages: the workspace by role, saving and submitting through forms, the office's desk."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from banli.core.workflow import transition
from banli.handling.models import Contact, HandlingPlan, Opinion, Reply, ResultCategory
from banli.handling.services import opinion_of, save_opinion
from banli.handling.tests.conftest import complete_draft, contact, handled


def workspace(client: Client, assignment) -> str:  # type: ignore[no-untyped-def]
    response = client.get(reverse("handling:workspace", args=[assignment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_handler_plans_contacts_drafts_and_submits_through_the_page(
    org: SimpleNamespace, client: Client
) -> None:
    item = handled(org, co=False)
    client.force_login(org.users.handler)
    assert "办理方案" in workspace(client, item.lead)
    client.post(reverse("handling:plan", args=[item.lead.pk]), {"text": "会同住建部门调研选址"})
    assert HandlingPlan.objects.get().text == "会同住建部门调研选址"
    response = client.post(
        reverse("handling:contact", args=[item.lead.pk]),
        {"method": "face", "phase": "before", "occurred_on": "2099-01-01", "notes": "面商"},
        follow=True,
    )
    assert "沟通日期不能晚于今天" in response.content.decode()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    client.post(
        reverse("handling:contact", args=[item.lead.pk]),
        {
            "method": "face",
            "phase": "before",
            "occurred_on": yesterday,
            "notes": "面商，代表同意先建一所",
            "member": org.deputy.pk,
        },
    )
    assert Contact.objects.get().member == org.deputy
    result = ResultCategory.objects.get(scheme__code="abcd", code="B")
    form = {
        "result": result.pk,
        "text": "经研究，拟于明年开工建设。",
        "contact_person": "王五",
        "contact_phone": "0557-3021234",
        "commitment_text": ["明年6月前开工"],
        "commitment_due": [f"{timezone.localdate().year + 1}-06-30"],
    }
    response = client.post(
        reverse("handling:reply", args=[item.lead.pk]), {**form, "submit": "1"}, follow=True
    )
    assert "答复已提交分管负责人审核" in response.content.decode()
    reply = Reply.objects.get()
    assert (reply.state, reply.result, reply.commitments.get().text) == ("reviewing", result, "明年6月前开工")


def test_a_bad_commitment_date_changes_nothing(org: SimpleNamespace, client: Client) -> None:
    item = handled(org, co=False)
    client.force_login(org.users.handler)
    response = client.post(
        reverse("handling:reply", args=[item.lead.pk]),
        {"text": "答复", "commitment_text": ["建成"], "commitment_due": ["明年"]},
        follow=True,
    )
    assert "须填写有效的完成时限" in response.content.decode()
    assert not Reply.objects.filter(text="答复").exists()


def test_heads_see_their_step_and_the_co_handler_sees_no_draft(org: SimpleNamespace, client: Client) -> None:
    item = handled(org)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead, text="尚在内部审核的答复稿")
    save_opinion(item.co, org.users.other_liaison, "同意。")
    transition(opinion_of(item.co), "send", org.users.other_liaison)
    transition(reply, "submit", org.users.handler)
    client.force_login(org.users.reviewing_head)
    assert "审核通过" in workspace(client, item.lead)
    client.post(reverse("handling:reply_action", args=[reply.pk, "approve"]))
    client.force_login(org.users.signing_head)
    assert "签发" in workspace(client, item.lead)
    client.force_login(org.users.other_liaison)
    html = workspace(client, item.co)
    assert "尚在内部审核的答复稿" not in html
    detail = client.get(reverse("submissions:detail", args=[item.sub.pk])).content.decode()
    assert "尚在内部审核的答复稿" not in detail and "审核通过" not in detail
    assert client.get(reverse("handling:reply_page", args=[reply.pk])).status_code == 404
    client.force_login(org.users.deputy)
    detail = client.get(reverse("submissions:detail", args=[item.sub.pk])).content.decode()
    assert "审核通过" not in detail and "送主办单位" not in detail


def test_the_office_checks_and_returns_from_its_desk(org: SimpleNamespace, client: Client) -> None:
    item = handled(org, co=False)
    contact(org, item.lead)
    reply = complete_draft(org, item.lead)
    for user, action in (
        (org.users.handler, "submit"),
        (org.users.reviewing_head, "approve"),
        (org.users.signing_head, "sign"),
    ):
        transition(reply, action, user)
    client.force_login(org.users.coordinator)
    desk = client.get(reverse("handling:checks")).content.decode()
    assert item.sub.title in desk and "退回重办" in desk
    response = client.post(
        reverse("handling:reply_action", args=[reply.pk, "return_for_rework"]),
        {"comment": "", "next": "check"},
        follow=True,
    )
    assert "须填写意见或理由" in response.content.decode()
    client.post(
        reverse("handling:reply_action", args=[reply.pk, "return_for_rework"]),
        {"comment": "措施空泛", "next": "check"},
    )
    assert Reply.objects.get(pk=reply.pk).state == "returned"
    client.force_login(org.users.handler)
    assert "第2稿" in workspace(client, item.lead)


def test_other_units_and_deputies_cannot_open_the_workspace(org: SimpleNamespace, client: Client) -> None:
    item = handled(org, co=False)
    for user in (org.users.other_liaison, org.users.deputy, org.users.auditor):
        client.force_login(user)
        assert client.get(reverse("handling:workspace", args=[item.lead.pk])).status_code == 404
        client.post(reverse("handling:plan", args=[item.lead.pk]), {"text": "越权"})
    assert not HandlingPlan.objects.exists()


def test_desk_queries_do_not_grow_with_rows(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    def signed_reply(number: int) -> None:
        item = handled(org, co=False, number=number)
        contact(org, item.lead)
        reply = complete_draft(org, item.lead)
        for user, action in (
            (org.users.handler, "submit"),
            (org.users.reviewing_head, "approve"),
            (org.users.signing_head, "sign"),
        ):
            transition(reply, action, user)

    signed_reply(1)
    client.force_login(org.users.coordinator)
    client.get(reverse("handling:checks"))
    with django_assert_max_num_queries(40) as few:
        client.get(reverse("handling:checks"))
    for n in range(2, 7):
        signed_reply(n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("handling:checks"))


def test_the_co_handlers_draft_opinion_is_its_own_until_sent(org: SimpleNamespace, client: Client) -> None:
    """The offices and the leader may open the co-handler's workspace, but its unsent opinion is the
    unit's draft: they read it only once it is sent (the Opinion scope)."""
    item = handled(org)
    save_opinion(
        item.co, org.users.other_liaison, "同意主办单位意见，另建议增加学位供给。", "赵六", "0557-3020000"
    )
    url = reverse("handling:workspace", args=[item.co.pk])
    for user in (org.users.registry, org.users.coordinator, org.users.leader):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "另建议增加学位供给" not in response.content.decode()
    client.force_login(org.users.other_liaison)
    assert "另建议增加学位供给" in client.get(url).content.decode()
    transition(Opinion.objects.get(assignment=item.co), "send", org.users.other_liaison)
    client.force_login(org.users.coordinator)
    assert "另建议增加学位供给" in client.get(url).content.decode()
