"""重点督办: the registry decides a topic with its supervising leader and committee, and puts items in it
(they become key, 重点) or takes them out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from banli.core.models import Assembly, Role, RoleCode, Unit, UnitKind, User
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, record
from banli.submissions.models import Submission
from banli.supervision.models import KeyTopic, KeyTopicItem, KeyTopicState
from banli.supervision.services.common import must, registered


@dataclass
class TopicInput:
    assembly: Assembly
    year: int | None
    title: str
    description: str = ""
    leader: User | None = None
    committee: Unit | None = None


def _validate(data: TopicInput) -> list[str]:
    errors = []
    if not data.title.strip():
        errors.append("请填写专题名称。")
    elif len(data.title.strip()) > 100:
        errors.append("专题名称请控制在100字以内。")
    if data.year is None or not 2000 <= data.year <= 2100:
        errors.append("请填写有效的年度。")
    jid = data.assembly.jurisdiction_id
    if (
        data.leader is not None
        and not Role.objects.filter(user=data.leader, code=RoleCode.LEADER, jurisdiction_id=jid).exists()
    ):
        errors.append(f"{data.leader.display_name}不是本级领导，不能担任督办领导。")
    if data.committee is not None and (
        data.committee.kind != UnitKind.COMMITTEE or data.committee.jurisdiction_id != jid
    ):
        errors.append(f"{data.committee.name}不是本级的专门委员会或工作委员会。")
    return errors


def _fill(topic: KeyTopic, data: TopicInput) -> None:
    topic.assembly = data.assembly
    topic.jurisdiction_id = data.assembly.jurisdiction_id
    topic.year = data.year or 0
    topic.title = data.title.strip()
    topic.description = data.description.strip()
    topic.leader = data.leader
    topic.committee = data.committee


def create_topic(actor: User, data: TopicInput) -> KeyTopic:
    """Decide a key supervision topic (open, no items yet); a ``create`` event on the topic."""
    topic = KeyTopic(created_by=actor)
    _fill(topic, data)
    role = must(actor, "topic.manage", topic, "只有交办机构可以确定本届人大或政协的重点督办专题。")
    errors = _validate(data)
    if errors:
        raise GuardFailed(" ".join(errors))
    with writing():
        topic.save()
        record(topic, "create", "确定重点督办专题", actor, role=role, comment=topic.title)
    return topic


def update_topic(topic: KeyTopic, actor: User, data: TopicInput) -> KeyTopic:
    """Change a topic's title, requirements, leader or committee (not its assembly or year)."""
    role = must(actor, "topic.manage", topic, "只有交办机构可以修改重点督办专题。")
    data.assembly, data.year = topic.assembly, topic.year
    errors = _validate(data)
    if errors:
        raise GuardFailed(" ".join(errors))
    with writing():
        _fill(topic, data)
        topic.save(update_fields=["title", "description", "leader", "committee"])
        record(topic, "update", "修改重点督办专题", actor, role=role, comment=topic.title)
    return topic


def add_items(topic: KeyTopic, actor: User, items: Iterable[Submission]) -> int:
    """Put registered items of the topic's assembly into it: each becomes key (重点), its units hear of
    it (``add_to_key_topic`` on the item's timeline). Items already in it are skipped; returns how many
    were added. An item of another assembly or not registered refuses the whole act."""
    role = must(actor, "topic.manage", topic, "只有交办机构可以调整重点督办件。")
    if topic.state != KeyTopicState.OPEN:
        raise GuardFailed("该专题已结束督办，不能再增加件。")
    items = list(items)
    if not items:
        raise GuardFailed("请选择要列入专题的建议提案。")
    for sub in items:
        if sub.assembly_id != topic.assembly_id:
            raise GuardFailed(f"《{sub.title}》不属于{topic.assembly.short_name}，不能列入本专题。")
        if not registered(sub):
            raise GuardFailed(f"《{sub.title}》尚未立案或已不在办理中，不能列入重点督办。")
    added = 0
    with writing():
        present = set(
            KeyTopicItem.objects.filter(topic=topic, submission__in=items).values_list(
                "submission_id", flat=True
            )
        )
        for sub in items:
            if sub.pk in present:
                continue
            fresh = Submission.objects.select_for_update().get(pk=sub.pk)
            # key before any topic made it so: another topic's row knows, else the flag as it stands
            other = KeyTopicItem.objects.filter(submission=fresh).first()
            was_key = other.was_key if other else fresh.is_key
            KeyTopicItem.objects.create(topic=topic, submission=fresh, was_key=was_key, added_by=actor)
            Submission.objects.filter(pk=sub.pk).update(is_key=True)
            present.add(sub.pk)
            record(
                fresh,
                "add_to_key_topic",
                "列入重点督办",
                actor,
                role=role,
                comment=f"重点督办专题：{topic.title}",
                payload={"topic": topic.pk},
            )
            added += 1
    return added


def remove_item(topic: KeyTopic, actor: User, sub: Submission) -> None:
    """Take an item out of a topic; it stops being key unless it was before or another topic holds it."""
    role = must(actor, "topic.manage", topic, "只有交办机构可以调整重点督办件。")
    with writing():
        row = KeyTopicItem.objects.select_for_update().filter(topic=topic, submission=sub).first()
        if row is None:
            raise GuardFailed("该件不在本专题中。")
        row.delete()
        others = KeyTopicItem.objects.filter(submission=sub).exists()
        if not row.was_key and not others:
            Submission.objects.filter(pk=sub.pk).update(is_key=False)
        record(
            sub,
            "remove_from_key_topic",
            "移出重点督办",
            actor,
            role=role,
            comment=f"重点督办专题：{topic.title}",
            payload={"topic": topic.pk},
        )
