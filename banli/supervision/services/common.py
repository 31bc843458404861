"""Checks the 督 services share."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from banli.core.models import User
from banli.core.policies import capacity
from banli.core.workflow import NotAllowed
from banli.submissions.models import Submission, SubmissionState

S = SubmissionState
#: States of an item that was never registered or left the chain: not supervised, assessed or selected.
NOT_IN_HANDLING = (S.DRAFT, S.SUBMITTED, S.RETURNED, S.NOT_REGISTERED, S.WITHDRAWN)
#: Files attached to supervision records and assessments: at most this many MB each.
MAX_ATTACHMENT_MB = 20


def must(user: User, perm: str, obj: Any, message: str) -> str:
    """The capacity in which the user may do ``perm`` on ``obj``, or ``NotAllowed`` with the message."""
    role = capacity(user, perm, obj)
    if not role:
        raise NotAllowed(message)
    return role


def registered(sub: Submission) -> bool:
    """Registered (立案) and still in the chain: not a draft, not refused, not withdrawn."""
    return sub.state not in NOT_IN_HANDLING


def registered_items() -> Q:
    """The items registered (立案), whatever became of them since (merged, withdrawn, closed…)."""
    return Q(registered_at__isnull=False) | ~Q(state__in=NOT_IN_HANDLING)
