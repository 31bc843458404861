"""Writing the demo city's past years (:func:`~banli.core.demo_history.plan.history`) into the database.

Every item becomes a closed submission, registered and numbered in its session, with its assignments
(replied) and the events of its way there: drafted, submitted, registered, sent to its system, formally
assigned, signed for by each unit, a handler appointed, then the lead (or sole) unit's reply, signed and
sent with its 文号 and result; the replies the portal may show are published there. Timestamps are those
of the past year, not of the load. Evaluations are not written here.

Rows are inserted in bulk (a few dozen queries for ~1,200 items, with their past timestamps) and keyed on (assembly, session, kind,
number): a second run finds every key and writes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core import changes, demo
from banli.core.demo_history.plan import SYSTEM_OF, HistoryItem, history
from banli.core.models import Assembly, Category, Event, Jurisdiction, Member, RoleCode, Session, Unit, User
from banli.core.models.org import System
from banli.handling.models import (
    DocNumberPattern,
    DocNumberSequence,
    Reply,
    ReplyRecipient,
    ReplyState,
    ResultCategory,
)
from banli.submissions.models import HandlingMode, NumberSequence, Submission, SubmissionState

BATCH = 500
#: Who assigns units in each system: its coordinating office; the registry where a system has none.
COORDINATOR_OF = {system: name for name, _short, system in demo.COORDINATORS}


@dataclass
class Org:
    """What the demo loader has put in place already, looked up by name."""

    jurisdiction: Jurisdiction
    assemblies: dict[str, Assembly]  # by kind
    units: dict[str, Unit]
    categories: dict[str, Category]
    authors: dict[str, list[Member]]  # by kind, in the order of demo.people().members
    staff: dict[tuple[str, str], User]  # (unit name, role code) → the person acting for it


def load_history(org: Org) -> int:
    """Write the past items that are not in the database yet; answer how many were written.

    Creates submissions, assignments and events, and raises each session's number sequence to its last
    number. Runs inside the caller's transaction.
    """
    sessions = {
        (s.assembly.kind, s.number): s
        for s in Session.objects.filter(assembly__in=org.assemblies.values()).select_related("assembly")
    }
    existing = set(
        Submission.objects.filter(jurisdiction=org.jurisdiction, session__in=sessions.values()).values_list(
            "session_id", "kind", "number"
        )
    )
    todo = [
        item
        for item in history()
        if (sessions[(item.assembly, item.session)].pk, item.kind, item.number) not in existing
    ]
    if not todo:
        return 0
    timestamps = [
        _field(Reply, "created_at"),
        _field(Reply, "updated_at"),
        _field(Submission, "created_at"),
        _field(Submission, "updated_at"),
        _field(Assignment, "created_at"),
        _field(Event, "created_at"),
    ]
    with _given_timestamps(*timestamps):
        submissions = _submissions(org, sessions, todo)
        assignments = _assignments(org, todo, submissions)
        _events(org, todo, submissions, assignments)
        replies = _replies(org, todo, submissions, assignments)
    _publish(org, replies)
    _raise_sequences(sessions, todo)
    _index(submissions)
    changes.touch(s.pk for s in submissions)  # bulk_create sends no post_save: the figures' table
    return len(todo)


def _index(submissions: list[Submission]) -> None:
    """Put the written items in the full-text index (bulk_create sends no post_save)."""
    from banli.submissions import search
    from banli.textindex.fulltext import bulk_put

    texts = Submission.objects.filter(pk__in=[s.pk for s in submissions]).only(*search.DOC_FIELDS)
    bulk_put(search.KIND, [search.doc_for(s) for s in texts.iterator(chunk_size=1000)])


@contextmanager
def _given_timestamps(*fields: models.DateTimeField) -> Iterator[None]:
    """Let inserts keep the past times set on ``auto_now``/``auto_now_add`` fields (which otherwise take
    the load's time). Changes the fields for this process while it lasts: only for a loader running alone
    (the demo command, a test), never in a web process. A bulk update afterwards would do the same in
    Python expressions at ten times the cost."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _field(model: type[models.Model], name: str) -> models.DateTimeField:
    field = model._meta.get_field(name)
    assert isinstance(field, models.DateTimeField)
    return field


def _submissions(
    org: Org, sessions: dict[tuple[str, int], Session], items: list[HistoryItem]
) -> list[Submission]:
    rows = []
    for item in items:
        session = sessions[(item.assembly, item.session)]
        lead = item.units[0]
        author = org.authors[item.assembly][item.author]
        rows.append(
            Submission(
                jurisdiction=org.jurisdiction,
                assembly=session.assembly,
                session=session,
                year=item.year,
                kind=item.kind,
                number=item.number,
                title=item.title,
                problem=item.problem,
                advice=item.advice,
                category=org.categories[item.category],
                lead_author=author,
                created_by=author.user,
                state=SubmissionState.CLOSED,
                system=SYSTEM_OF[lead],
                handling_mode=HandlingMode.SOLE if len(item.units) == 1 else HandlingMode.LEAD_CO,
                submitted_at=item.submitted_at,
                registered_at=item.registered_at,
                created_at=item.submitted_at - dt.timedelta(hours=3),
                updated_at=item.registered_at,
            )
        )
    Submission.objects.bulk_create(rows, batch_size=BATCH)
    keys = {(s.session_id, s.kind, s.number) for s in rows}
    stored = {
        (s.session_id, s.kind, s.number): s
        for s in Submission.objects.filter(session__in={s.session_id for s in rows}).only(
            "pk", "session_id", "kind", "number", "jurisdiction_id"
        )
        if (s.session_id, s.kind, s.number) in keys
    }
    return [stored[(s.session_id, s.kind, s.number)] for s in rows]


def _assignments(org: Org, items: list[HistoryItem], submissions: list[Submission]) -> list[list[Assignment]]:
    rows: list[Assignment] = []
    for item, sub in zip(items, submissions, strict=True):
        for position, name in enumerate(item.units):
            if len(item.units) == 1:
                role = AssignmentRole.SOLE
            else:
                role = AssignmentRole.LEAD if position == 0 else AssignmentRole.CO
            rows.append(
                Assignment(
                    jurisdiction=org.jurisdiction,
                    submission_id=sub.pk,
                    unit=org.units[name],
                    role=role,
                    state=AssignmentState.REPLIED,
                    handler=org.staff[(name, RoleCode.HANDLER)],
                    assigned_at=item.assigned_at,
                    received_at=item.received_at,
                    created_at=item.assigned_at,
                )
            )
    Assignment.objects.bulk_create(rows, batch_size=BATCH)
    stored = {
        (a.submission_id, a.unit_id): a
        for a in Assignment.objects.filter(submission__in=[s.pk for s in submissions]).select_related("unit")
    }
    return [
        [stored[(sub.pk, org.units[name].pk)] for name in item.units]
        for item, sub in zip(items, submissions, strict=True)
    ]


# fmt: off
def _events(
    org: Org, items: list[HistoryItem], submissions: list[Submission], assignments: list[list[Assignment]]
) -> None:
    """The timeline of each item up to the handler's appointment, with the times of its year."""
    S, A = SubmissionState, AssignmentState
    sub_type = ContentType.objects.get_for_model(Submission)
    assignment_type = ContentType.objects.get_for_model(Assignment)
    rows: list[Event] = []

    def add(at: dt.datetime, target: Submission | Assignment, step: tuple[str, ...], actor: User,
            role: str, comment: str = "", payload: dict[str, Any] | None = None) -> None:
        """``step`` is (workflow, action, label, from state, to state)."""
        workflow, action, label, from_state, to_state = step
        kind = sub_type if isinstance(target, Submission) else assignment_type
        rows.append(Event(
            jurisdiction=org.jurisdiction, submission_id=sub.pk, content_type=kind, object_id=target.pk,
            workflow=workflow, action=action, action_label=label, actor=actor, actor_role=role,
            from_state=from_state, to_state=to_state, comment=comment, payload=payload or {}, created_at=at,
        ))

    for item, sub, group in zip(items, submissions, assignments, strict=True):
        author = org.authors[item.assembly][item.author].user
        registry_name = next(n for n, _s, kind in demo.REGISTRIES if kind == item.assembly)
        registry, registry_role = org.staff[(registry_name, RoleCode.REGISTRY_STAFF)], f"{registry_name}工作人员"
        system = SYSTEM_OF[item.units[0]]
        office = COORDINATOR_OF.get(system)
        assigner = org.staff[(office, RoleCode.COORDINATOR_STAFF)] if office else registry
        assigner_role = f"{office}工作人员" if office else registry_role
        units = "、".join(f"{a.unit.name}（{a.get_role_display()}）" for a in group)
        add(item.submitted_at - dt.timedelta(hours=3), sub,
            ("submission", "create", "起草", S.DRAFT, S.DRAFT), author, "领衔人")
        add(item.submitted_at, sub, ("submission", "submit", "提交", S.DRAFT, S.SUBMITTED), author, "领衔人")
        add(item.registered_at, sub, ("submission", "register", "立案", S.SUBMITTED, S.REGISTERED),
            registry, registry_role)
        add(item.registered_at + dt.timedelta(minutes=30), sub,
            ("submission", "send_to_system", "转交办理系统", S.REGISTERED, S.ASSIGNING), registry,
            registry_role, str(System(system).label), {"system": system})
        add(item.assigned_at, sub, ("submission", "assign", "正式交办", S.ASSIGNING, S.HANDLING), assigner,
            assigner_role, f"交{units}办理", {"units": [a.unit_id for a in group]})
        for a in group:
            liaison, liaison_role = org.staff[(a.unit.name, RoleCode.LIAISON)], f"{a.unit.name}联络员"
            handler = org.staff[(a.unit.name, RoleCode.HANDLER)]
            add(item.assigned_at, a, ("assignment", "assign", "正式交办", A.ASSIGNED, A.ASSIGNED), assigner,
                assigner_role, f"{a.get_role_display()}：{a.unit.name}")
            add(item.received_at, a, ("assignment", "sign_receipt", "签收", A.ASSIGNED, A.RECEIVED), liaison,
                liaison_role)
            add(item.received_at + dt.timedelta(minutes=5), a,
                ("assignment", "appoint_handler", "指定经办人", A.RECEIVED, A.RECEIVED), liaison, liaison_role,
                handler.display_name, {"handler": {"id": handler.pk, "label": handler.display_name}})
    Event.objects.bulk_create(rows, batch_size=BATCH)
# fmt: on


#: How the past replies were marked (scheme A/B/C of the demo city): mostly solved or planned.
RESULT_WEIGHTS = {"A": 45, "B": 40, "C": 15}
RESULT_LINES = {
    "A": "经认真研究，您提出的{kind}已采纳，相关工作已落实到位。",
    "B": "经认真研究，您提出的{kind}已列入我单位工作计划，将分步实施、逐步解决。",
    "C": "经认真研究，受当前条件所限，您提出的{kind}暂难全部实施，我们将留作参考，条件具备时积极推进。",
}


#: What opens a point of the advice: 对此，建议：, 一是, （一）, 1. — cut so the reply quotes the point itself.
POINT_OPENING = re.compile(
    r"^(对此[，,])?(建议[：:])?([一二三四五六七八九十]+是|（[一二三四五六七八九十]+）|\d+[.、．])?"
)


def _reply_text(item: HistoryItem, unit: str, result: str, handler: User) -> str:
    """A formal reply to the item: receipt, the result, an answer to each point of its advice, thanks."""
    points = []
    for raw in re.split(r"[。；;\n]", item.advice):
        point = POINT_OPENING.sub("", raw.strip()).strip("，, ")
        if len(point) > 6:
            points.append(point)
    kind = "建议" if item.kind == "suggestion" else "提案"
    answers = "\n".join(
        f"{'一二三'[n]}、关于“{point}”。我们高度重视，已组织专题研究，明确责任科室和完成时限，并将持续跟进落实。"
        for n, point in enumerate(points[:3])
    )
    return (
        f"您提出的《{item.title}》收悉。{RESULT_LINES[result].format(kind=kind)}现将办理情况答复如下：\n"
        f"{answers}\n"
        f"感谢您对{unit}工作的关心和支持，欢迎继续提出宝贵意见。\n"
        f"（联系人：{handler.display_name}，联系电话：0557-3{item.number:03d}{item.year % 100:02d}0）"
    )


def _replies(
    org: Org, items: list[HistoryItem], submissions: list[Submission], assignments: list[list[Assignment]]
) -> list[Reply]:
    """The lead (or sole) unit's sent reply to each item, 60–85 days after it signed for it, numbered
    by the unit's 文号 pattern, with the lead author as its recipient and the 发出答复 event."""
    rng = random.Random(2025)
    results = {
        c.code: c
        for c in ResultCategory.objects.filter(scheme__jurisdiction__isnull=True, scheme__code="abc")
    }
    patterns = dict(
        DocNumberPattern.objects.filter(unit__in=org.units.values()).values_list("unit_id", "pattern")
    )
    numbers: dict[tuple[int, int], int] = {}
    rows: list[Reply] = []
    for item, sub, group in zip(items, submissions, assignments, strict=True):
        lead = group[0]
        name = lead.unit.name
        handler = org.staff[(name, RoleCode.HANDLER)]
        signer = org.staff.get((name, RoleCode.SIGNING_HEAD), handler)
        code = rng.choices(list(RESULT_WEIGHTS), weights=list(RESULT_WEIGHTS.values()))[0]
        sent_at = item.received_at + dt.timedelta(days=rng.randint(60, 85))
        key = (lead.unit_id, sent_at.year)
        numbers[key] = numbers.get(key, 0) + 1
        pattern = patterns.get(lead.unit_id) or f"{lead.unit.short_name or name}复〔{{year}}〕{{n}}号"
        rows.append(
            Reply(
                jurisdiction=org.jurisdiction,
                submission_id=sub.pk,
                assignment=lead,
                state=ReplyState.SENT,
                result=results[code],
                text=_reply_text(item, name, code, handler),
                contact_person=handler.display_name,
                contact_phone=f"0557-3{item.number:03d}{item.year % 100:02d}0",
                doc_number=pattern.format(year=sent_at.year, n=numbers[key]),
                drafted_by=handler,
                signed_by=signer,
                signed_at=sent_at - dt.timedelta(days=2),
                sent_at=sent_at,
                created_at=sent_at - dt.timedelta(days=10),
                updated_at=sent_at,
            )
        )
    Reply.objects.bulk_create(rows, batch_size=BATCH)
    stored = list(
        Reply.objects.filter(assignment__in=[g[0].pk for g in assignments]).select_related("assignment__unit")
    )
    authors = {
        sub.pk: org.authors[item.assembly][item.author] for item, sub in zip(items, submissions, strict=True)
    }
    ReplyRecipient.objects.bulk_create(
        [
            ReplyRecipient(
                reply=r, submission_id=r.submission_id, member=authors[r.submission_id], is_lead=True
            )
            for r in stored
        ],
        batch_size=BATCH,
    )
    reply_type = ContentType.objects.get_for_model(Reply)
    Event.objects.bulk_create(
        [
            Event(
                jurisdiction=org.jurisdiction,
                submission_id=r.submission_id,
                content_type=reply_type,
                object_id=r.pk,
                workflow="reply",
                action="send",
                action_label="审核通过并答复",
                actor=r.signed_by,
                actor_role=f"{r.assignment.unit.name}主要负责人",
                from_state=ReplyState.SIGNED,
                to_state=ReplyState.SENT,
                payload={"doc_number": r.doc_number, "result": str(r.result)},
                created_at=r.sent_at,
            )
            for r in stored
        ],
        batch_size=BATCH,
    )
    for (unit_id, year), last in numbers.items():
        seq, _ = DocNumberSequence.objects.get_or_create(unit_id=unit_id, year=year)
        if seq.last < last:
            DocNumberSequence.objects.filter(pk=seq.pk).update(last=last)
    return stored


def _publish(org: Org, replies: list[Reply]) -> None:
    """Publish the past replies on the portal, as the registry did 10–20 days after each was sent: the
    public version with the contact details removed (portal.services.build). The portal's search index
    is refreshed once for all of them."""
    from banli.portal import search
    from banli.portal.models import Publication, PublicationState
    from banli.portal.services import build
    from banli.textindex import fulltext

    if not replies:
        return
    rng = random.Random(2026)
    subs = Submission.objects.select_related("assembly", "lead_author", "session__assembly").in_bulk(
        [r.submission_id for r in replies]
    )
    registry = {kind: org.staff[(name, RoleCode.REGISTRY_STAFF)] for name, _s, kind in demo.REGISTRIES}
    rows = []
    for reply in replies:
        sub = subs[reply.submission_id]
        if sub.is_confidential or not sub.publication_consent:
            continue
        actor = registry[sub.assembly.kind] if sub.assembly_id else next(iter(registry.values()))
        reply.submission = sub
        pub = build(reply, actor, items=[sub])
        pub.state = PublicationState.PUBLISHED
        pub.published_at = reply.sent_at + dt.timedelta(days=rng.randint(10, 20))
        pub.published_by = actor
        rows.append(pub)
    Publication.objects.bulk_create(rows, batch_size=BATCH)
    fulltext.rebuild(search.KIND)


def _raise_sequences(sessions: dict[tuple[str, int], Session], items: list[HistoryItem]) -> None:
    """Make each past session's number sequence start after its last historical number."""
    last: dict[tuple[str, int], tuple[str, int]] = {}
    for item in items:
        key = (item.assembly, item.session)
        last[key] = (item.kind, max(item.number, last.get(key, ("", 0))[1]))
    for key, (kind, number) in last.items():
        session = sessions[key]
        seq, _ = NumberSequence.objects.get_or_create(
            assembly_id=session.assembly_id,
            session=session,
            kind=kind,
            defaults={"year": session.year, "last": number},
        )
        if seq.last < number:
            NumberSequence.objects.filter(pk=seq.pk).update(last=number)
