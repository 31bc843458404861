"""优秀建议提案 and 第三方评估: the registry selects about 10% of the year's registered items with reasons,
never beyond the places; it records outside assessments with their reports."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from banli.core.models import Attachment, Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed
from banli.notifications.models import Notification
from banli.supervision.models import Assessment, Excellence
from banli.supervision.services import (
    AssessmentInput,
    choose_excellent,
    excellence_quota,
    record_assessment,
    withdraw_excellent,
)
from banli.supervision.services.appraisal import IndicatorWeight, SchemeInput, save_scheme


def registered(org: SimpleNamespace, count: int, **kwargs) -> list:  # type: ignore[no-untyped-def]
    return [
        SubmissionFactory(
            lead_author=org.deputy, state="closed", year=2025, number=n, session=org.session, **kwargs
        )
        for n in range(1, count + 1)
    ]


def test_the_places_are_ten_percent_of_the_years_registered_items(org: SimpleNamespace) -> None:
    registered(org, 25)
    SubmissionFactory(lead_author=org.deputy, state="not_registered", year=2025)
    SubmissionFactory(lead_author=org.deputy, state="submitted", year=2025)
    SubmissionFactory(lead_author=org.member, state="closed", year=2025)  # 提案: the other registry's count
    quota = excellence_quota(org.jurisdiction.pk, "npc", 2025)
    assert (quota.registered, quota.percent, quota.places, quota.chosen) == (25, 10, 3, 0)  # 2.5 → 3
    weights = {
        "on_time": IndicatorWeight(40),
        "satisfaction": IndicatorWeight(60),
    }
    save_scheme(
        org.users.registry, org.jurisdiction.pk, SchemeInput(2025, "考核", weights, excellence_percent=20)
    )
    assert excellence_quota(org.jurisdiction.pk, "npc", 2025).places == 5


def test_the_registry_selects_within_the_places_and_the_author_hears_of_it(org: SimpleNamespace) -> None:
    items = registered(org, 12)  # 1.2 → 1 place
    chosen = choose_excellent(items[0], org.users.registry, "建议具体可行，推动了城区排涝改造。")
    assert (chosen.year, chosen.chosen_by) == (2025, org.users.registry)
    assert Notification.objects.filter(
        kind="event.submission.select_excellent", recipient=org.users.deputy
    ).exists()
    with pytest.raises(GuardFailed, match="已评为优秀"):
        choose_excellent(items[0], org.users.registry, "再评一次")
    with pytest.raises(GuardFailed, match="名额（立案12件的10%，共1件）已满"):
        choose_excellent(items[1], org.users.registry, "同样很好")
    withdraw_excellent(chosen, org.users.registry, "经复核，改评他件")
    assert choose_excellent(items[1], org.users.registry, "同样很好")
    assert [e.action for e in Event.objects.filter(submission=items[0]).order_by("pk")] == [
        "select_excellent",
        "withdraw_excellent",
    ]


@pytest.mark.parametrize("name", ["cppcc_registry", "coordinator", "leader", "deputy", "liaison"])
def test_only_the_items_registry_selects(org: SimpleNamespace, name: str) -> None:
    item = registered(org, 1)[0]
    with pytest.raises(NotAllowed):
        choose_excellent(item, getattr(org.users, name), "很好")
    assert not Excellence.objects.exists()


def test_a_selection_needs_a_reason_and_a_registered_item(org: SimpleNamespace) -> None:
    item = registered(org, 1)[0]
    with pytest.raises(GuardFailed, match="评选理由"):
        choose_excellent(item, org.users.registry, " ")
    draft = SubmissionFactory(lead_author=org.deputy, state="returned", year=2025)
    with pytest.raises(GuardFailed, match="已立案"):
        choose_excellent(draft, org.users.registry, "很好")


def test_the_excellence_page_shows_places_and_chosen_and_selects(
    org: SimpleNamespace, client: Client
) -> None:
    items = registered(org, 20)
    client.force_login(org.users.registry)
    url = reverse("supervision:excellence")
    page = client.get(url, {"year": "2025", "q": "7"}).content.decode()
    assert "当年立案20件，按10%评选，名额<strong data-places>2</strong>件" in page
    assert f'data-candidate="{items[6].pk}"' in page
    response = client.post(
        reverse("supervision:choose_excellent", args=[items[6].pk]), {"reason": "调研深入"}, follow=True
    )
    html = response.content.decode()
    assert "已评为优秀" in html and "已评选<strong data-chosen>1</strong>件" in html
    client.force_login(org.users.liaison)
    assert client.get(url).status_code == 404


def test_the_registry_records_a_third_party_assessment_with_its_report(
    org: SimpleNamespace, client: Client
) -> None:
    item = registered(org, 1)[0]
    report = SimpleUploadedFile("评估报告.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    data = AssessmentInput(
        "安徽大学评估中心", dt.date(2025, 11, 3), "basically_solved", "基本解决，部分点位待改造。", [report]
    )
    with pytest.raises(NotAllowed):
        record_assessment(item, org.users.coordinator, data)
    assessment = record_assessment(item, org.users.registry, data)
    assert assessment.get_conclusion_display() == "基本解决"
    assert Attachment.objects.get().object_id == assessment.pk
    assert Event.objects.get(action="assess").comment == "安徽大学评估中心：基本解决"
    with pytest.raises(GuardFailed, match="评估结论"):
        record_assessment(
            item, org.users.registry, AssessmentInput("某机构", dt.date(2025, 11, 3), "great", "好")
        )
    assert Assessment.objects.count() == 1
    client.force_login(org.users.leader)
    html = client.get(reverse("supervision:assessments")).content.decode()
    assert "安徽大学评估中心" in html and "评估报告.pdf" in html
