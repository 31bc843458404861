"""Reads for pages: the recommended units of an item, for the user assigning it.

``recommendations_for(user, submission, k=3)`` is what the assignment page calls; it returns [] to
anybody who does not assign the item, so a template may call it unconditionally through its view.
"""

from __future__ import annotations

from banli.core.models.org import User
from banli.core.policies import can
from banli.submissions.models import Submission
from banli.textindex.recommend import Recommendation, recommend


def recommendations_for(user: User, submission: Submission, k: int = 3) -> list[Recommendation]:
    """The ``k`` units best suited to lead ``submission``, for a user who may assign it.

    The registry (before the item is sent to a system) gets units of every system; once the item has a
    system (``submission.system``), only that system's units are proposed, which is what its
    coordinating office may choose from. Empty for anybody else. Reads the database (the policy's role
    lookup, then the three queries of :func:`~banli.textindex.recommend.recommend`); changes nothing.
    """
    if not can(user, "submission.recommend", submission):
        return []
    return recommend(submission, submission.jurisdiction_id, k, system=submission.system or None)
