"""跟踪办理: second replies that change the result, commitments closed out, carry-over into next year with
the history, and the 回头看 checklists."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from banli.core.models import Event
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.evaluation.models import CarryOver, ReviewItem
from banli.evaluation.services import (
    Rating,
    carry_over,
    close_commitment,
    evaluate,
    follow_up_of,
    record_review,
    save_follow_up,
    start_review,
)
from banli.evaluation.tests.test_rating import answered, option
from banli.handling.models import Commitment, ResultCategory
from banli.submissions.models import Submission


def tracked(org: SimpleNamespace):  # type: ignore[no-untyped-def]
    item, reply = answered(org, "B")
    evaluate(reply.recipients.get(), org.users.deputy, Rating(option("satisfied")))
    assert Submission.objects.get(pk=item.sub.pk).state == "tracking"
    return item, reply


def test_a_second_reply_that_solves_it_closes_the_tracked_item(org: SimpleNamespace) -> None:
    item, reply = tracked(org)
    fu = follow_up_of(reply, org.users.handler)
    with pytest.raises(NotAllowed):
        follow_up_of(reply, org.users.other_liaison)
    save_follow_up(
        fu,
        org.users.handler,
        ResultCategory.objects.get(scheme__code="abcd", code="B"),
        "工程已完成主体建设。",
    )
    transition(fu, "submit", org.users.handler)
    with pytest.raises(NotAllowed):
        transition(fu, "send", org.users.handler)
    transition(fu, "send", org.users.signing_head)
    assert Submission.objects.get(pk=item.sub.pk).state == "tracking"  # still being solved
    fu = follow_up_of(reply, org.users.handler)
    save_follow_up(
        fu,
        org.users.handler,
        ResultCategory.objects.get(scheme__code="abcd", code="A"),
        "学校已建成并于9月开学。",
    )
    transition(fu, "submit", org.users.handler)
    transition(fu, "send", org.users.signing_head)
    assert Submission.objects.get(pk=item.sub.pk).state == "closed"
    assert Event.objects.filter(submission=item.sub, action="close_solved").exists()


def test_a_commitment_is_closed_out_with_evidence(org: SimpleNamespace) -> None:
    item, reply = tracked(org)
    commitment = Commitment.objects.create(
        jurisdiction=org.jurisdiction,
        submission=item.sub,
        reply=reply,
        text="年底前建成",
        due_on=reply.sent_at.date(),
    )
    with pytest.raises(GuardFailed, match="写明完成情况"):
        close_commitment(commitment, org.users.handler, "")
    with pytest.raises(NotAllowed):
        close_commitment(commitment, org.users.other_liaison, "已建成")
    close_commitment(commitment, org.users.handler, "已建成并通过验收")
    commitment.refresh_from_db()
    assert (commitment.state, commitment.evidence) == ("done", "已建成并通过验收")
    with pytest.raises(GuardFailed, match="已销号"):
        close_commitment(commitment, org.users.handler, "再次销号")


def test_a_carried_over_item_is_in_next_years_inbox_with_its_history_and_the_review_lists_it(
    org: SimpleNamespace, client: Client
) -> None:
    item, _reply = tracked(org)
    year = item.sub.year
    with pytest.raises(NotAllowed):
        carry_over(org.jurisdiction.pk, year, org.users.liaison)
    assert carry_over(org.jurisdiction.pk, year, org.users.registry) == 1
    assert carry_over(org.jurisdiction.pk, year, org.users.registry) == 0  # idempotent
    assert CarryOver.objects.get().to_year == year + 1
    client.force_login(org.users.liaison)
    html = client.get(reverse("assignments:list"), {"year": year + 1}).content.decode()
    assert item.sub.title in html and "跨年度" in html
    detail = client.get(reverse("submissions:detail", args=[item.sub.pk])).content.decode()
    for step in ("正式交办", "签收", "审核通过并答复", "满意度评价", "跟踪办理", "跨年度办理"):
        assert step in detail, step

    campaign = start_review(org.jurisdiction.pk, f"{year + 1}年回头看", [year], org.users.registry)
    (line,) = ReviewItem.objects.filter(campaign=campaign)
    assert (line.submission, line.unit, line.check_kind) == (item.sub, org.units.unit_a, "track")
    record_review(line, org.users.handler, "主体工程已完工，年内投入使用", True)
    client.force_login(org.users.handler)
    page = client.get(reverse("evaluation:review", args=[campaign.pk])).content.decode()
    assert item.sub.title in page and "主体工程已完工" in page
    client.force_login(org.users.other_liaison)
    assert client.get(reverse("evaluation:review", args=[campaign.pk])).status_code == 404


def test_the_deputy_rates_from_the_page(org: SimpleNamespace, client: Client) -> None:
    item, reply = answered(org, "A")
    client.force_login(org.users.deputy)
    page = client.get(reverse("evaluation:mine")).content.decode()
    assert item.sub.title in page and "提交评价" in page
    recipient = reply.recipients.get()
    response = client.post(
        reverse("evaluation:rate", args=[recipient.pk]),
        {"rating": option("dissatisfied").pk, "comment": ""},
        follow=True,
    )
    assert "请写明不满意的理由" in response.content.decode()
    client.post(
        reverse("evaluation:rate", args=[recipient.pk]),
        {"rating": option("satisfied").pk, "attitude": "good"},
    )
    assert Submission.objects.get(pk=item.sub.pk).state == "closed"
    client.force_login(org.users.other_deputy)
    assert (
        client.post(
            reverse("evaluation:rate", args=[recipient.pk]), {"rating": option("satisfied").pk}
        ).status_code
        == 404
    )


def test_a_registry_cannot_open_another_jurisdictions_review(
    org: SimpleNamespace, other_org: SimpleNamespace
) -> None:
    """Found by the authorization matrix: any registry office could open any 回头看 campaign's page
    (its name and years), whatever its jurisdiction; campaigns now have a scope."""
    from banli.core.policies import scope
    from banli.evaluation.models import ReviewCampaign

    campaign = start_review(
        other_org.jurisdiction.pk, "合肥市2025年度回头看", [2025], other_org.users.registry
    )
    assert not scope(org.users.registry, ReviewCampaign.objects.all()).exists()
    assert scope(other_org.users.registry, ReviewCampaign.objects.all()).get() == campaign
    client = Client()
    client.force_login(org.users.registry)
    assert client.get(reverse("evaluation:review", args=[campaign.pk])).status_code == 404
    client.force_login(other_org.users.registry)
    assert client.get(reverse("evaluation:review", args=[campaign.pk])).status_code == 200
