"""The assignment's transition table. Formal assignment and adjustment arrive with the 交 stage."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from banli.assignments.models import Assignment, AssignmentState
from banli.assignments.policies import is_unit_liaison
from banli.core.models.org import User
from banli.core.workflow import Transition, Workflow

A = AssignmentState


def stamp_received(obj: Assignment, user: User, data: dict[str, Any]) -> dict[str, Any]:
    return {"received_at": timezone.now()}


ASSIGNMENT_WORKFLOW = Workflow(
    name="assignment",
    label="交办",
    model=Assignment,
    states=AssignmentState,
    submission_of=lambda a: a.submission,
    transitions=[
        Transition(
            "sign_receipt",
            "签收",
            (A.ASSIGNED,),
            A.RECEIVED,
            is_unit_liaison,
            apply=stamp_received,
            doc="单位联络员签收交办件，开始办理。",
        ),
    ],
)
