"""督办活动: a meeting, site visit, letter or talk on one or several items, with its files; an event on each
item's timeline tells its units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from banli.core.files import store_attachment
from banli.core.models import User
from banli.core.policies import capacity
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, NotAllowed, record
from banli.submissions.models import Submission
from banli.supervision.models import KeyTopic, SupervisionKind, SupervisionRecord
from banli.supervision.services.common import MAX_ATTACHMENT_MB, registered


@dataclass
class RecordInput:
    kind: str
    held_on: dt.date | None
    notes: str
    items: Sequence[Submission]
    participants: str = ""
    topic: KeyTopic | None = None
    files: Sequence[UploadedFile] = field(default_factory=list)


def _problems(data: RecordInput) -> list[str]:
    missing = [
        label
        for label, ok in (
            ("督办方式", data.kind in SupervisionKind.values),
            ("日期", data.held_on is not None),
            ("督办情况", bool(data.notes.strip())),
            ("督办的件", bool(data.items)),
        )
        if not ok
    ]
    out = [f"请填写：{'、'.join(missing)}。"] if missing else []
    if data.held_on is not None and data.held_on > timezone.localdate():
        out.append("督办日期不能晚于今天。")
    if len(data.participants.strip()) > 300:
        out.append("参加人员请控制在300字以内。")
    if len({s.jurisdiction_id for s in data.items}) > 1:
        out.append("一次督办活动只能涉及本级的建议提案。")
    return out


def record_supervision(actor: User, data: RecordInput) -> SupervisionRecord:
    """Record a supervision action on the items (each must be one the actor supervises: office, leader,
    or the committee of its field or topic), store its files through the common upload check, and write
    a ``supervise`` event on each item, which tells its units."""
    problems = _problems(data)
    if problems:
        raise GuardFailed(" ".join(problems))
    roles = {}
    for sub in data.items:
        role = capacity(actor, "supervision.record", sub)
        if not role:
            raise NotAllowed(f"您无权督办《{sub.title}》。")
        if not registered(sub):
            raise GuardFailed(f"《{sub.title}》尚未立案或已不在办理中。")
        roles[sub.pk] = role
    if data.topic is not None and data.topic.jurisdiction_id != data.items[0].jurisdiction_id:
        raise GuardFailed("所选专题不属于本级。")
    assert data.held_on is not None
    kind_label = SupervisionKind(data.kind).label
    with writing():
        rec = SupervisionRecord.objects.create(
            jurisdiction_id=data.items[0].jurisdiction_id,
            kind=data.kind,
            held_on=data.held_on,
            participants=data.participants.strip(),
            notes=data.notes.strip(),
            topic=data.topic,
            recorded_by=actor,
            recorded_as=roles[data.items[0].pk][:60],
        )
        rec.items.set(data.items)
        names = [store_attachment(rec, actor, f, limit_mb=MAX_ATTACHMENT_MB).name for f in data.files]
        for sub in data.items:
            record(
                sub,
                "supervise",
                "督办活动",
                actor,
                role=roles[sub.pk],
                comment=f"{kind_label}（{data.held_on:%Y-%m-%d}）：{rec.notes}",
                payload={"record": rec.pk, "kind": data.kind, "files": names},
            )
    return rec
