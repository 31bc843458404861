"""催办: an office or a leader urges a unit on an item, or on every overdue item of the unit at once.

An urging changes no state: it is an event on the assignment (``urge``), which puts it on the item's
timeline and, through ``notifications.events.RULES``, in the inbox of the unit's liaisons and of the
item's handler.
"""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentState
from banli.core.models import Deadline, Event, Unit, User
from banli.core.policies import capacity, scope
from banli.core.transactions import writing
from banli.core.workflow import GuardFailed, record
from banli.supervision.progress import OWED_DUTIES, late_assignments
from banli.supervision.services.common import must

#: The unit still owes something: it has not signed or has not answered.
URGEABLE = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED)
#: How the urging was made; the system's message goes out whichever is chosen.
URGE_METHODS: dict[str, str] = {
    "system": "系统通知",
    "phone": "电话催办",
    "sms": "短信催办",
    "letter": "督办函",
}


def owed_duties(assignment: Assignment) -> list[dict[str, Any]]:
    """The unit's open duties on the assignment, with due dates and whether each is overdue."""
    today = timezone.localdate()
    rows = Deadline.objects.filter(
        content_type=ContentType.objects.get_for_model(Assignment),
        object_id=assignment.pk,
        round=assignment.round,
        duty__in=OWED_DUTIES,
        closed_at__isnull=True,
    ).order_by("due_on")
    return [
        {
            "duty": d.duty,
            "label": d.get_duty_display(),
            "due_on": f"{d.due_on:%Y-%m-%d}",
            "overdue": d.due_on < today,
        }
        for d in rows
    ]


def _describe(duties: list[dict[str, Any]]) -> str:
    return "；".join(f"{d['label']}期限{d['due_on']}{'（已逾期）' if d['overdue'] else ''}" for d in duties)


def _urge(assignment: Assignment, actor: User, role: str, message: str, method: str) -> Event:
    duties = owed_duties(assignment)
    return record(
        assignment,
        "urge",
        "催办",
        actor,
        role=role,
        comment=message,
        payload={
            "method": method,
            "method_label": URGE_METHODS[method],
            "unit": assignment.unit.name,
            "duties": duties,
            "owed": _describe(duties),
        },
    )


def _check(message: str, method: str) -> str:
    message = (message or "").strip()
    if not message:
        raise GuardFailed("请填写催办内容。")
    if method not in URGE_METHODS:
        raise GuardFailed("请选择有效的催办方式。")
    if len(message) > 1000:
        raise GuardFailed("催办内容请控制在1000字以内。")
    return message


def urge(assignment: Assignment, actor: User, message: str, method: str = "system") -> Event:
    """催办 one unit on one item: records an ``urge`` event on the assignment with the message, the way it
    was made and the duties owed; the unit's liaisons and the handler are told (notification rule)."""
    sub = assignment.submission
    role = must(actor, "supervision.urge", sub, "只有交办机构、协调机构和领导可以催办。")
    message = _check(message, method)
    if assignment.state not in URGEABLE:
        raise GuardFailed(f"{assignment.unit.name}当前为“{assignment.get_state_display()}”，无须催办。")
    with writing():
        return _urge(assignment, actor, role, message, method)


def urge_overdue(unit: Unit, actor: User, message: str, method: str = "system") -> list[Event]:
    """催办 a unit on all its overdue items the actor may urge on, in one transaction: one ``urge`` event
    (and message) per assignment. Refuses when there is none."""
    message = _check(message, method)
    overdue = (
        scope(actor, Assignment.objects.filter(unit=unit))
        .filter(late_assignments())
        .select_related("unit", "submission__assembly", "submission__session__assembly")
        .order_by("pk")
    )
    events = []
    with writing():
        for assignment in overdue:
            role = capacity(actor, "supervision.urge", assignment.submission)
            if role:
                events.append(_urge(assignment, actor, role, message, method))
    if not events:
        raise GuardFailed(f"{unit.name}没有您可以催办的逾期件。")
    return events
