"""Writing the demo city's past years (:func:`~banli.core.demo_history.plan.history`) into the database.

Every item becomes a closed submission, registered and numbered in its session, with its assignments
(replied) and the events of its way there: drafted, submitted, registered, sent to its system, formally
assigned, signed for by each unit, a handler appointed. Timestamps are those of the past year, not of the
load. Replies and evaluations are not written here.

Rows are inserted in bulk (a few dozen queries for ~1,200 items, with their past timestamps) and keyed on (assembly, session, kind,
number): a second run finds every key and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from banli.assignments.models import Assignment, AssignmentRole, AssignmentState
from banli.core import demo
from banli.core.demo_history.plan import SYSTEM_OF, HistoryItem, history
from banli.core.models import Assembly, Category, Event, Jurisdiction, Member, RoleCode, Session, Unit, User
from banli.core.models.org import System
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
        _field(Submission, "created_at"),
        _field(Submission, "updated_at"),
        _field(Assignment, "created_at"),
        _field(Event, "created_at"),
    ]
    with _given_timestamps(*timestamps):
        submissions = _submissions(org, sessions, todo)
        assignments = _assignments(org, todo, submissions)
        _events(org, todo, submissions, assignments)
    _raise_sequences(sessions, todo)
    return len(todo)


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
