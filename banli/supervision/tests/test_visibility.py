"""对口督办 and 领办: a committee sees the items of its field and of the topics it supervises, never
confidential ones or drafts; the leader sees the items they lead on their own page."""

from __future__ import annotations

from types import SimpleNamespace

from django.test import Client
from django.urls import reverse

from banli.core.policies import can, scope
from banli.core.tests.factories import CategoryFactory, SubmissionFactory
from banli.submissions.models import Submission
from banli.supervision.models import KeyTopic, KeyTopicItem
from banli.supervision.tests.conftest import field_category, late_item, led_item


def seen(user) -> set[int]:  # type: ignore[no-untyped-def]
    return set(scope(user, Submission.objects.all()).values_list("pk", flat=True))


def test_a_committee_member_sees_the_items_of_the_field_only(org: SimpleNamespace) -> None:
    finance = field_category(org)
    sub_finance = CategoryFactory(jurisdiction=org.jurisdiction, name="税收", parent=finance)
    other = CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    mine = SubmissionFactory(lead_author=org.deputy, state="handling", category=finance)
    child = SubmissionFactory(lead_author=org.deputy, state="registered", category=sub_finance)
    theirs = SubmissionFactory(lead_author=org.deputy, state="handling", category=other)
    secret = SubmissionFactory(
        lead_author=org.deputy, state="handling", category=finance, is_confidential=True
    )
    draft = SubmissionFactory(lead_author=org.deputy, state="draft", category=finance)
    assert seen(org.users.committee_member) == {mine.pk, child.pk}
    assert {theirs.pk, secret.pk, draft.pk}.isdisjoint(seen(org.users.committee_member))
    assert can(org.users.committee_member, "supervision.record", mine)
    assert not can(org.users.committee_member, "supervision.record", theirs)
    assert not can(org.users.committee_member, "supervision.urge", mine)


def test_a_committee_supervising_a_topic_sees_its_items(org: SimpleNamespace) -> None:
    education = CategoryFactory(jurisdiction=org.jurisdiction, name="教育")
    sub = SubmissionFactory(lead_author=org.deputy, state="handling", category=education)
    secret = SubmissionFactory(lead_author=org.deputy, state="handling", is_confidential=True)
    topic = KeyTopic.objects.create(
        jurisdiction=org.jurisdiction,
        assembly=org.npc,
        year=2026,
        title="教育优质均衡",
        committee=org.units.committee,
        created_by=org.users.registry,
    )
    for item in (sub, secret):
        KeyTopicItem.objects.create(topic=topic, submission=item, added_by=org.users.registry)
    assert seen(org.users.committee_member) == {sub.pk}
    assert can(org.users.committee_member, "supervision.record", sub)


def test_the_field_page_lists_the_committees_items_with_their_progress(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    finance = field_category(org)
    mine = late_item(org, number=1, category=finance)
    late_item(org, number=2)  # another field
    client.force_login(org.users.committee_member)
    url = reverse("supervision:field")
    with django_assert_max_num_queries(20) as few:
        html = client.get(url).content.decode()
    assert mine.sub.title in html and "逾期" in html
    assert html.count("data-item=") == 1
    for n in (3, 4, 5):
        late_item(org, number=n, category=finance)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).content.decode().count("data-item=") == 4
    client.force_login(org.users.liaison)
    assert client.get(url).status_code == 404


def test_the_leader_sees_the_items_they_lead(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    led = led_item(org, 1)
    late_item(org, number=2)
    client.force_login(org.users.leader)
    url = reverse("supervision:led")
    with django_assert_max_num_queries(20) as few:
        html = client.get(url).content.decode()
    assert led.sub.title in html and html.count("data-item=") == 1
    for n in (3, 4):
        led_item(org, n)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url, {"overdue": "1"}).content.decode().count("data-item=") == 3
    client.force_login(org.users.coordinator)
    assert client.get(url).status_code == 404


def test_the_author_reads_on_the_timeline_that_the_item_is_key_but_not_the_topic(
    org: SimpleNamespace,
) -> None:
    """Found by the authorization matrix: the 列入重点督办 event named the topic to readers the KeyTopic
    scope does not show it to (the author, a co-handling unit without items in it is another case)."""
    from banli.core.selectors import timeline
    from banli.supervision.services.topics import TopicInput, add_items, create_topic

    item = late_item(org)
    topic = create_topic(
        org.users.registry,
        TopicInput(assembly=org.npc, year=2025, title="城区教育资源", leader=org.users.leader),
    )
    add_items(topic, org.users.registry, [item.sub])

    def topic_events(user) -> list[str]:  # type: ignore[no-untyped-def]
        return [e.comment for e in timeline(item.sub.pk, user, item.sub) if e.action == "add_to_key_topic"]

    assert not scope(org.users.deputy, KeyTopic.objects.all()).exists()
    assert topic_events(org.users.deputy) == []
    assert topic_events(org.users.registry) == ["重点督办专题：城区教育资源"]
    assert topic_events(org.users.leader) == ["重点督办专题：城区教育资源"]
    assert topic_events(org.users.liaison) == ["重点督办专题：城区教育资源"]  # its unit's item is in it
    client = Client()
    client.force_login(org.users.deputy)
    page = client.get(reverse("submissions:detail", args=[item.sub.pk])).content.decode()
    assert "城区教育资源" not in page


def test_the_item_page_names_only_the_topics_the_reader_sees(org: SimpleNamespace, client: Client) -> None:
    """The author may follow his item's supervision, but the key topic it was put in is the offices',
    the leader's and the committee's (the KeyTopic scope): its name is not on his page."""
    from banli.supervision.services import add_items
    from banli.supervision.tests.test_topics import topic_for

    item = late_item(org, number=1)
    topic = topic_for(org, title="城区教育资源均衡配置")
    add_items(topic, org.users.registry, [item.sub])
    url = reverse("supervision:item", args=[item.sub.pk])
    client.force_login(org.users.registry)
    assert "城区教育资源均衡配置" in client.get(url).content.decode()
    client.force_login(org.users.deputy)
    response = client.get(url)
    assert response.status_code == 200
    assert "城区教育资源均衡配置" not in response.content.decode()
