"""重点督办: the registry decides topics and puts items in them (they become key), the units hear of it;
a topic's page shows each item's progress; ending and resuming follow the table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import reverse

from banli.core.models import Event
from banli.core.tests.factories import SubmissionFactory
from banli.core.workflow import GuardFailed, NotAllowed, transition
from banli.notifications.models import Notification
from banli.submissions.models import Submission
from banli.supervision.models import KeyTopic, KeyTopicItem
from banli.supervision.services import TopicInput, add_items, create_topic, remove_item, update_topic
from banli.supervision.tests.conftest import late_item


def topic_for(org: SimpleNamespace, **changes) -> KeyTopic:  # type: ignore[no-untyped-def]
    data = TopicInput(
        assembly=org.npc,
        year=2026,
        title="城市内涝治理",
        description="汛期前完成重点积水点改造。",
        leader=org.users.leader,
        committee=org.units.committee,
    )
    for key, value in changes.items():
        setattr(data, key, value)
    return create_topic(org.users.registry, data)


def test_registry_decides_a_topic_with_its_leader_and_committee(org: SimpleNamespace) -> None:
    topic = topic_for(org)
    assert (topic.state, topic.leader, topic.committee) == ("open", org.users.leader, org.units.committee)
    assert Event.objects.get(workflow="key_topic", action="create").object_id == topic.pk


@pytest.mark.parametrize("name", ["cppcc_registry", "coordinator", "leader", "committee_member", "liaison"])
def test_only_the_assemblys_registry_decides_its_topics(org: SimpleNamespace, name: str) -> None:
    data = TopicInput(assembly=org.npc, year=2026, title="城市内涝治理")
    with pytest.raises(NotAllowed):
        create_topic(getattr(org.users, name), data)
    assert not KeyTopic.objects.exists()


def test_a_topic_needs_a_title_a_leader_and_a_committee_of_the_jurisdiction(org: SimpleNamespace) -> None:
    with pytest.raises(GuardFailed, match="请填写专题名称"):
        topic_for(org, title=" ")
    with pytest.raises(GuardFailed, match="不是本级领导"):
        topic_for(org, leader=org.users.coordinator)
    with pytest.raises(GuardFailed, match="不是本级的专门委员会"):
        topic_for(org, committee=org.units.unit_a)
    assert not KeyTopic.objects.exists()


def test_items_put_in_a_topic_become_key_and_their_units_are_told(org: SimpleNamespace) -> None:
    topic = topic_for(org)
    item = late_item(org)
    assert add_items(topic, org.users.registry, [item.sub]) == 1
    assert add_items(topic, org.users.registry, [item.sub]) == 0  # already in it
    assert Submission.objects.get(pk=item.sub.pk).is_key
    event = Event.objects.get(action="add_to_key_topic")
    assert event.submission_id == item.sub.pk and "城市内涝治理" in event.comment
    told = set(
        Notification.objects.filter(kind="event.submission.add_to_key_topic").values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {org.users.liaison.pk, org.users.other_liaison.pk}


def test_an_item_leaves_key_with_its_last_topic_unless_it_was_key_before(org: SimpleNamespace) -> None:
    first, second = topic_for(org), topic_for(org, title="老旧小区改造")
    plain, key = late_item(org, number=1), late_item(org, number=2, is_key=True)
    add_items(first, org.users.registry, [plain.sub, key.sub])
    add_items(second, org.users.registry, [plain.sub])
    remove_item(first, org.users.registry, plain.sub)
    assert Submission.objects.get(pk=plain.sub.pk).is_key  # still in the second topic
    remove_item(second, org.users.registry, plain.sub)
    assert not Submission.objects.get(pk=plain.sub.pk).is_key
    remove_item(first, org.users.registry, key.sub)
    assert Submission.objects.get(pk=key.sub.pk).is_key  # the registry had marked it key itself
    with pytest.raises(GuardFailed, match="不在本专题中"):
        remove_item(first, org.users.registry, key.sub)


def test_items_of_another_assembly_or_not_registered_are_refused(org: SimpleNamespace) -> None:
    topic = topic_for(org)
    proposal = SubmissionFactory(lead_author=org.member, state="handling")
    draft = SubmissionFactory(lead_author=org.deputy, state="submitted")
    with pytest.raises(GuardFailed, match="不属于"):
        add_items(topic, org.users.registry, [proposal])
    with pytest.raises(GuardFailed, match="尚未立案"):
        add_items(topic, org.users.registry, [draft])
    with pytest.raises(NotAllowed):
        add_items(topic, org.users.coordinator, [draft])
    assert not KeyTopicItem.objects.exists()


def test_a_closed_topic_takes_no_items_until_resumed(org: SimpleNamespace) -> None:
    topic = topic_for(org)
    item = late_item(org)
    transition(topic, "close", org.users.registry)
    with pytest.raises(GuardFailed, match="已结束督办"):
        add_items(topic, org.users.registry, [item.sub])
    with pytest.raises(GuardFailed, match="须填写"):
        transition(topic, "reopen", org.users.registry)
    transition(topic, "reopen", org.users.registry, comment="汛期再次督办")
    assert add_items(topic, org.users.registry, [item.sub]) == 1


def test_editing_a_topic_keeps_its_assembly_and_year(org: SimpleNamespace) -> None:
    topic = topic_for(org)
    data = TopicInput(assembly=org.cppcc, year=2020, title="城市内涝与排水治理", leader=None, committee=None)
    update_topic(topic, org.users.registry, data)
    topic.refresh_from_db()
    assert (topic.title, topic.assembly, topic.year, topic.leader) == (
        "城市内涝与排水治理",
        org.npc,
        2026,
        None,
    )
    with pytest.raises(NotAllowed):
        update_topic(topic, org.users.cppcc_registry, data)


def test_the_topic_page_shows_each_items_progress(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    topic = topic_for(org)
    items = [late_item(org, number=n) for n in (1, 2)]
    add_items(topic, org.users.registry, [i.sub for i in items])
    client.force_login(org.users.leader)
    url = reverse("supervision:topic", args=[topic.pk])
    with django_assert_max_num_queries(30) as few:
        html = client.get(url).content.decode()
    assert items[0].sub.title in html and org.units.unit_a.name in html and "逾期" in html
    for n in (3, 4, 5):
        add_items(topic, org.users.registry, [late_item(org, number=n).sub])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200


def test_the_list_of_topics_counts_items_and_overdue_ones(
    org: SimpleNamespace, client: Client, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    topic = topic_for(org)
    add_items(topic, org.users.registry, [late_item(org, number=1).sub])
    client.force_login(org.users.coordinator)
    with django_assert_max_num_queries(12) as few:
        html = client.get(reverse("supervision:topics")).content.decode()
    assert "城市内涝治理" in html
    for n in range(3):
        topic_for(org, title=f"专题{n}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("supervision:topics"))


def test_registry_decides_a_topic_and_adds_an_item_through_the_pages(
    org: SimpleNamespace, client: Client
) -> None:
    item = late_item(org)
    client.force_login(org.users.registry)
    response = client.post(
        reverse("supervision:topic_new"),
        {
            "assembly": org.npc.pk,
            "year": "2026",
            "title": "教育优质均衡",
            "leader": org.users.leader.pk,
            "committee": org.units.committee.pk,
        },
        follow=True,
    )
    assert "重点督办专题已确定" in response.content.decode()
    topic = KeyTopic.objects.get()
    page = client.get(reverse("supervision:topic", args=[topic.pk]), {"q": "39"}).content.decode()
    assert item.sub.title in page
    client.post(reverse("supervision:topic_add", args=[topic.pk]), {"items": [item.sub.pk]})
    assert KeyTopicItem.objects.filter(topic=topic, submission=item.sub).exists()
    client.force_login(org.users.coordinator)
    assert client.get(reverse("supervision:topic_new")).status_code == 404
