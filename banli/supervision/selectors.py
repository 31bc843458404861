"""Reads for 督: an item's supervision page, key topics, the leader's 领办 items, the committee's 对口 items,
supervision records. Always through the permission scope; a page costs the same queries however long."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from banli.core.models import Attachment, Event, RoleCode, Unit, UnitKind, User
from banli.core.policies import can, roles_with, scope, unit_ids
from banli.core.selectors import timeline
from banli.submissions.models import FINAL_STATES, Submission, SubmissionState
from banli.supervision.models import (
    Assessment,
    Excellence,
    KeyTopic,
    KeyTopicItem,
    KeyTopicState,
    SupervisionRecord,
)
from banli.supervision.progress import ItemProgress, overdue_items, progress_of
from banli.supervision.services.common import NOT_IN_HANDLING

#: The events the item's supervision page lists as its supervision history.
SUPERVISION_ACTIONS = (
    "urge",
    "supervise",
    "add_to_key_topic",
    "remove_from_key_topic",
    "assess",
    "select_excellent",
    "withdraw_excellent",
)
ITEM_RELATED = ("session__assembly", "assembly", "lead_author", "category__parent", "lead_leader")


def _items(user: User) -> QuerySet[Submission]:
    return scope(user, Submission.objects.all()).select_related(*ITEM_RELATED)


# ---- one item ---------------------------------------------------------------------------------------------


@dataclass
class ItemView:
    progress: ItemProgress
    history: list[Event]
    records: list[SupervisionRecord]
    topics: list[KeyTopic]
    open_topics: list[KeyTopic] = field(default_factory=list)
    assessments: list[Assessment] = field(default_factory=list)
    excellence: Excellence | None = None
    may_urge: bool = False
    may_record: bool = False
    may_assess: bool = False
    may_choose: bool = False

    @property
    def submission(self) -> Submission:
        return self.progress.submission


def item_view(user: User, pk: int) -> ItemView | None:
    """督办 of one item: its units and progress, what was done to supervise it, and what the user may do."""
    sub = _items(user).filter(pk=pk).first()
    if sub is None:
        return None
    topics = list(
        scope(user, KeyTopic.objects.filter(topic_items__submission=sub)).select_related(
            "leader", "committee"
        )
    )
    view = ItemView(
        progress=progress_of([sub])[0],
        # through the timeline, so the events the stages keep from this reader stay hidden here too
        history=list(
            timeline(sub.pk, user, sub).filter(action__in=SUPERVISION_ACTIONS).order_by("-created_at", "-id")
        ),
        records=records_of(scope(user, SupervisionRecord.objects.filter(items=sub))),
        topics=topics,
        assessments=assessments_of(sub),
        excellence=Excellence.objects.filter(submission=sub).select_related("chosen_by").first(),
        may_urge=can(user, "supervision.urge", sub),
        may_record=can(user, "supervision.record", sub),
        may_assess=can(user, "assessment.record", sub),
        may_choose=can(user, "excellence.choose", sub),
    )
    if can(user, "topic.manage", sub) and sub.state not in FINAL_STATES:
        held = {t.pk for t in topics}
        view.open_topics = [
            t
            for t in KeyTopic.objects.filter(assembly_id=sub.assembly_id, state=KeyTopicState.OPEN)
            if t.pk not in held
        ]
    return view


def _files(model: type[Any]) -> QuerySet[Attachment]:
    return Attachment.objects.filter(content_type=ContentType.objects.get_for_model(model))


def files_of(model: type[Any], ids: list[int]) -> dict[int, list[Attachment]]:
    out: dict[int, list[Attachment]] = {}
    for att in _files(model).filter(object_id__in=ids).order_by("pk"):
        out.setdefault(att.object_id, []).append(att)
    return out


def assessments_of(sub: Submission) -> list[Assessment]:
    rows = list(Assessment.objects.filter(submission=sub).select_related("recorded_by"))
    files = files_of(Assessment, [a.pk for a in rows])
    for a in rows:
        a.files = files.get(a.pk, [])  # type: ignore[attr-defined]
    return rows


def records_of(qs: QuerySet[SupervisionRecord]) -> list[SupervisionRecord]:
    """Records with their items and files (two more queries for the whole list)."""
    rows = list(
        qs.select_related("recorded_by", "topic").prefetch_related(
            Prefetch("items", queryset=Submission.objects.select_related("session__assembly", "assembly"))
        )
    )
    files = files_of(SupervisionRecord, [r.pk for r in rows])
    for r in rows:
        r.files = files.get(r.pk, [])  # type: ignore[attr-defined]
    return rows


# ---- key topics -------------------------------------------------------------------------------------------


def topic_list(user: User, params: dict[str, str]) -> QuerySet[KeyTopic]:
    """The topics the user sees, with how many items each holds and how many of them are overdue."""
    qs = scope(user, KeyTopic.objects.all()).select_related("leader", "committee", "assembly")
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=int(params["year"]))
    if params.get("state") in KeyTopicState.values:
        qs = qs.filter(state=params["state"])
    overdue = Submission.objects.filter(overdue_items()).values("pk")
    return qs.annotate(
        item_count=Count("topic_items", distinct=True),
        overdue_count=Count("topic_items", filter=Q(topic_items__submission__in=overdue), distinct=True),
        closed_count=Count(
            "topic_items", filter=Q(topic_items__submission__state=SubmissionState.CLOSED), distinct=True
        ),
    )


@dataclass
class TopicView:
    topic: KeyTopic
    items: list[ItemProgress]
    hidden: int
    records: list[SupervisionRecord]
    may_manage: bool
    may_record: bool

    @property
    def submissions(self) -> list[Submission]:
        return [p.submission for p in self.items]


def topic_view(user: User, pk: int) -> TopicView | None:
    """A topic's page: the progress of each item the user may see (the others are only counted)."""
    topic = (
        scope(user, KeyTopic.objects.filter(pk=pk)).select_related("leader", "committee", "assembly").first()
    )
    if topic is None:
        return None
    all_items = Submission.objects.filter(key_topic_items__topic=topic)
    visible = list(_items(user).filter(key_topic_items__topic=topic).order_by("number", "pk"))
    may_record = any(can(user, "supervision.record", s) for s in visible)
    return TopicView(
        topic=topic,
        items=progress_of(visible),
        hidden=all_items.count() - len(visible),
        records=records_of(scope(user, SupervisionRecord.objects.filter(topic=topic))),
        may_manage=can(user, "topic.manage", topic),
        may_record=may_record,
    )


def topic_candidates(topic: KeyTopic, user: User, query: str) -> list[Submission]:
    """Registered items of the topic's assembly matching a title or number, not yet in it (at most 30)."""
    query = query.strip().lstrip("第").rstrip("号")
    if not query:
        return []
    qs = (
        _items(user)
        .filter(assembly_id=topic.assembly_id)
        .exclude(state__in=(*NOT_IN_HANDLING, *FINAL_STATES))
    )
    qs = qs.exclude(key_topic_items__topic=topic)
    match = Q(title__icontains=query) | (Q(number=int(query)) if query.isdigit() else Q())
    return list(qs.filter(match).order_by("-year", "number")[:30])


# ---- 领办 and 对口督办 ------------------------------------------------------------------------------------------


def led_items(user: User, params: dict[str, str]) -> QuerySet[Submission]:
    """我领办的: the items this leader leads (领导领办件), in progress first."""
    qs = _items(user).filter(lead_leader=user)
    if params.get("overdue") == "1":
        qs = qs.filter(overdue_items())
    if params.get("state") in SubmissionState.values:
        qs = qs.filter(state=params["state"])
    return qs


def led_topics(user: User) -> list[KeyTopic]:
    return list(scope(user, KeyTopic.objects.filter(leader=user)).select_related("committee"))


def committee_units(user: User) -> list[Unit]:
    return [
        r.unit
        for r in roles_with(user, RoleCode.COMMITTEE_MEMBER)
        if r.unit and r.unit.kind == UnitKind.COMMITTEE
    ]


def field_filter(units: set[int]) -> Q:
    """Items of the committees' field: their category's (or its parent's) committee, or a topic's."""
    topics = KeyTopicItem.objects.filter(topic__committee_id__in=units).values("submission_id")
    return (
        Q(category__committee_id__in=units) | Q(category__parent__committee_id__in=units) | Q(pk__in=topics)
    )


def field_items(user: User, params: dict[str, str]) -> QuerySet[Submission]:
    """对口督办: the items of the user's committees, filtered by year, overdue, key only."""
    units = unit_ids(user, RoleCode.COMMITTEE_MEMBER)
    qs = (
        _items(user).filter(field_filter(units)).exclude(state__in=(*NOT_IN_HANDLING, SubmissionState.MERGED))
    )
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=int(params["year"]))
    if params.get("overdue") == "1":
        qs = qs.filter(overdue_items())
    if params.get("key") == "1":
        qs = qs.filter(is_key=True)
    return qs


# ---- records ----------------------------------------------------------------------------------------------


def record_list(user: User, params: dict[str, str]) -> QuerySet[SupervisionRecord]:
    qs = scope(user, SupervisionRecord.objects.all())
    if params.get("kind"):
        qs = qs.filter(kind=params["kind"])
    if (params.get("year") or "").isdigit():
        qs = qs.filter(held_on__year=int(params["year"]))
    return qs


def record_file(user: User, pk: int) -> Attachment | None:
    """A file of a supervision record or an assessment the user may see."""
    att = Attachment.objects.filter(pk=pk).select_related("content_type").first()
    if att is None:
        return None
    for model in (SupervisionRecord, Assessment):
        if att.content_type_id == ContentType.objects.get_for_model(model).pk:
            visible = scope(user, model.objects.filter(pk=att.object_id)).exists()
            return att if visible else None
    return None


def this_year() -> int:
    return timezone.localdate().year
