"""Models to the API's answers. Every relation used here is loaded by the selectors beforehand, so a
page of rows costs the same queries whatever its length."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models import Event
from banli.core.workflow import Transition, workflows
from banli.handling.models import Opinion, Reply, ResultCategory
from banli.submissions.models import Submission

_LABELS = {wf.name: wf for wf in workflows()}


def ref(obj: Any, name: str | None = None) -> dict[str, Any] | None:
    if obj is None:
        return None
    return {"id": obj.pk, "name": name if name is not None else str(obj)}


def submission_summary(sub: Submission) -> dict[str, Any]:
    return {
        "id": sub.pk,
        "number": sub.number,
        "reference": sub.reference,
        "title": sub.title,
        "kind": sub.kind,
        "year": sub.year,
    }


def submission(sub: Submission) -> dict[str, Any]:
    return {
        **submission_summary(sub),
        "kind_label": sub.get_kind_display(),
        "state": sub.state,
        "state_label": sub.get_state_display(),
        "source": sub.source_label,
        "assembly": ref(sub.assembly, sub.assembly.name),
        "category": ref(sub.category, sub.category.name if sub.category else None),
        "lead_author": ref(sub.lead_author, sub.lead_author.name),
        "system": sub.system,
        "handling_mode": sub.handling_mode,
        "is_key": sub.is_key,
        "is_confidential": sub.is_confidential,
        "submitted_at": sub.submitted_at,
        "registered_at": sub.registered_at,
        "created_at": sub.created_at,
    }


def submission_detail(sub: Submission) -> dict[str, Any]:
    return {
        **submission(sub),
        "problem": sub.problem,
        "advice": sub.advice,
        "publication_consent": sub.publication_consent,
    }


def _overdue(a: Assignment, today: dt.date) -> bool:
    if a.state not in (AssignmentState.ASSIGNED, AssignmentState.RECEIVED):
        return False
    return any(d is not None and d < today for d in (a.sign_due, a.answer_due))


def assignment(a: Assignment, today: dt.date | None = None) -> dict[str, Any]:
    """An assignment annotated by ``with_due_dates``."""
    return {
        "id": a.pk,
        "submission": submission_summary(a.submission),
        "unit": ref(a.unit, a.unit.name),
        "role": a.role,
        "role_label": a.get_role_display(),
        "state": a.state,
        "state_label": a.get_state_display(),
        "round": a.round,
        "handler": ref(a.handler, a.handler.display_name if a.handler else None),
        "designated": a.designated,
        "assigned_at": a.assigned_at,
        "received_at": a.received_at,
        "sign_due": a.sign_due,
        "answer_due": a.answer_due,
        "adjust_due": a.adjust_due,
        "overdue": _overdue(a, today or timezone.localdate()),
    }


def result(category: ResultCategory | None) -> dict[str, Any] | None:
    if category is None:
        return None
    return {
        "id": category.pk,
        "code": category.code,
        "name": category.name,
        "semantic_type": category.semantic_type,
    }


def reply(r: Reply) -> dict[str, Any]:
    return {
        "id": r.pk,
        "submission": submission_summary(r.submission),
        "assignment_id": r.assignment_id,
        "unit": ref(r.assignment.unit, r.assignment.unit.name),
        "round": r.round,
        "revision": r.revision,
        "state": r.state,
        "state_label": r.get_state_display(),
        "result": result(r.result),
        "text": r.text,
        "contact_person": r.contact_person,
        "contact_phone": r.contact_phone,
        "copy_to": r.copy_to,
        "doc_number": r.doc_number,
        "signed_at": r.signed_at,
        "sent_at": r.sent_at,
        "commitments": [{"text": c.text, "due_on": c.due_on, "state": c.state} for c in r.commitments.all()],
    }


def actions(transitions: list[Transition]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for t in transitions:
        seen.setdefault(
            t.action, {"action": t.action, "label": t.label, "comment_required": t.comment_required}
        )
    return list(seen.values())


def opinion(o: Opinion) -> dict[str, Any]:
    return {
        "id": o.pk,
        "assignment_id": o.assignment_id,
        "submission_id": o.submission_id,
        "state": o.state,
        "state_label": o.get_state_display(),
        "text": o.text,
        "contact_person": o.contact_person,
        "contact_phone": o.contact_phone,
        "sent_at": o.sent_at,
    }


def _state_label(workflow: str, state: str) -> str:
    wf = _LABELS.get(workflow)
    return wf.state_label(state) if wf and state else state


def event(e: Event) -> dict[str, Any]:
    return {
        "id": e.pk,
        "workflow": e.workflow,
        "object_id": e.object_id,
        "action": e.action,
        "action_label": e.action_label,
        "from_state": e.from_state,
        "from_label": _state_label(e.workflow, e.from_state),
        "to_state": e.to_state,
        "to_label": _state_label(e.workflow, e.to_state),
        "actor": e.actor.display_name if e.actor else None,
        "actor_role": e.actor_role,
        "comment": e.comment,
        "created_at": e.created_at,
    }
