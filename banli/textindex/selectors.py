"""Reads for pages: the recommended units of an item, for the user assigning it.

``recommendations_for(user, submission, k=3)`` is what the assignment page calls; it returns [] to
anybody who does not assign the item, so a template may call it unconditionally through its view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from banli.core.models.org import User
from banli.core.policies import can
from banli.handling.models import Reply, ReplyState
from banli.portal.public import public_publications
from banli.submissions.models import Submission
from banli.textindex.recommend import Recommendation, recommend
from banli.textindex.similarity import Match


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


@dataclass
class Shown:
    """A similar item as the fragment shows it: the match, whether the user may open the item itself, the
    results of its sent replies, and its published reply on the portal, if any."""

    match: Match
    openable: bool
    results: list[str] = field(default_factory=list)
    publication_id: int | None = None

    @property
    def submission(self) -> Submission:
        return self.match.submission

    @property
    def percent(self) -> int:
        return self.match.percent

    @property
    def shared_words(self) -> list[str]:
        return self.match.shared_words


def with_outcomes(matches: list[Match], visible: QuerySet[Submission]) -> list[Shown]:
    """The matches with their results and published replies: three queries, however many matches.

    Of an item the user may not open, only what the portal publishes is shown: its published replies'
    results and the link to them."""
    pks = [m.submission.pk for m in matches]
    openable = set(visible.filter(pk__in=pks).values_list("pk", flat=True))
    publications: dict[int, int] = {}
    published_replies: list[int] = []
    rows = public_publications().filter(submission_id__in=pks).order_by("published_at")
    for pub_id, sub_id, reply_id in rows.values_list("pk", "submission_id", "reply_id"):
        publications[sub_id] = pub_id  # the latest published reply of the item
        published_replies.append(reply_id)
    results: dict[int, list[str]] = {}
    sent = Reply.objects.filter(state=ReplyState.SENT, result__isnull=False).filter(
        Q(submission_id__in=openable) | Q(pk__in=published_replies)
    )
    for sub_id, label in sent.order_by("round", "pk").values_list("submission_id", "result__name"):
        labels = results.setdefault(sub_id, [])
        if label not in labels:
            labels.append(label)
    return [
        Shown(
            m,
            m.submission.pk in openable,
            results.get(m.submission.pk, []),
            publications.get(m.submission.pk),
        )
        for m in matches
    ]
