"""智能分办: the units most likely to lead an item, from the items most like it that were handled before.

Each of the (up to) 20 most similar earlier items votes for its lead (or sole) unit with its similarity;
the three units with the most votes are offered, each with its share of the votes as the score and the
words its items share with this one. The coordinator confirms or changes the choice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from banli.assignments.models import LIVE_STATES, Assignment, AssignmentRole
from banli.core.models import Unit
from banli.submissions.models import Submission
from banli.textindex.similarity import similar_to

NEIGHBOURS = 20


@dataclass
class UnitRecommendation:
    unit: Unit
    score: float
    words: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def recommended_units(sub: Submission, k: int = 3) -> list[UnitRecommendation]:
    """Up to ``k`` units for the item, best first (empty when nothing similar was handled before)."""
    lead_roles = (AssignmentRole.SOLE, AssignmentRole.LEAD, AssignmentRole.SEPARATE)
    handled = Submission.objects.filter(
        jurisdiction_id=sub.jurisdiction_id,
        assignments__role__in=lead_roles,
        assignments__state__in=LIVE_STATES,
    ).distinct()
    matches = similar_to(
        sub.title,
        f"{sub.problem}\n{sub.advice}",
        jurisdiction_id=sub.jurisdiction_id,
        candidates_qs=handled,
        exclude_pk=sub.pk,
        limit=NEIGHBOURS,
    )
    if not matches:
        return []
    leads: dict[int, list[Unit]] = defaultdict(list)
    for a in Assignment.objects.filter(
        submission_id__in=[m.submission.pk for m in matches], role__in=lead_roles, state__in=LIVE_STATES
    ).select_related("unit"):
        leads[a.submission_id].append(a.unit)
    votes: dict[int, UnitRecommendation] = {}
    total = 0.0
    for match in matches:
        for unit in leads.get(match.submission.pk, []):
            rec = votes.setdefault(unit.pk, UnitRecommendation(unit, 0.0))
            rec.score += match.score
            total += match.score
            rec.words.extend(w for w in match.shared_words if w not in rec.words)
    best = sorted(votes.values(), key=lambda r: -r.score)[:k]
    for rec in best:
        rec.score = rec.score / total if total else 0.0
        rec.words = rec.words[:5]
    return best
