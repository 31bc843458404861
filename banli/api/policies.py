"""The API's one question of its own: could this user ever do this act? The workflow tables answer it.

A caller who holds no capacity for an act at all (a deputy asking to sign receipt) is told 403 before
any object is looked up, so the answer says nothing about which objects exist; a caller who could do
it somewhere but does not see this object gets 404; the table decides the rest.
"""

from __future__ import annotations

from banli.core.models import User
from banli.core.workflow import Workflow


def may_ever(user: User, workflow: Workflow, action: str) -> bool:
    """Whether any transition ``action`` of the table admits the user in some capacity."""
    return any(t.who(user, None) for t in workflow.transitions if t.action == action)
