"""How often the recommendation was right (智能分办准确率), from the events of the coordinators' decisions.

The assigning service records, in the payload of the event of a formal assignment (workflow
``submission`` or ``assignment``), ``recommended``: the unit pks proposed, best first, and
``recommendation_taken``: whether the coordinator kept a proposed unit. The unit finally chosen to lead is

- the first of the payload's ``units`` on a submission event (the lead first, as the assigning code
  writes them), or else the submission's current lead or sole assignment;
- the assignment's unit on an assignment event of a lead or sole assignment (events on co-handlers'
  assignments are skipped: the decision is counted once, at the lead).

One decision counts per submission: its latest event, so a reassignment after an adjustment replaces the
first decision. A hit at 1 means the chosen lead was proposed first; at 3, among the first three.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from banli.assignments.models import Assignment, AssignmentRole
from banli.core.models import Event, Jurisdiction, Unit
from banli.textindex.recommend import DECIDED_STATES, LEAD_ROLES

WORKFLOWS = ("submission", "assignment")


@dataclass
class HitRates:
    """Counts of decisions and of hits; rates are None when nothing was decided."""

    decisions: int = 0
    top1: int = 0
    top3: int = 0
    taken: int = 0

    def add(self, chosen: int, recommended: list[int], taken: bool) -> None:
        self.decisions += 1
        self.top1 += bool(recommended) and recommended[0] == chosen
        self.top3 += chosen in recommended[:3]
        self.taken += bool(taken)

    @staticmethod
    def _rate(count: int, total: int) -> float | None:
        return count / total if total else None

    @property
    def top1_rate(self) -> float | None:
        return self._rate(self.top1, self.decisions)

    @property
    def top3_rate(self) -> float | None:
        return self._rate(self.top3, self.decisions)

    @property
    def taken_rate(self) -> float | None:
        return self._rate(self.taken, self.decisions)

    @staticmethod
    def _percent(rate: float | None) -> str:
        return "—" if rate is None else f"{rate * 100:.1f}%"

    @property
    def top1_percent(self) -> str:
        """For pages: 81.3%, or — when nothing was decided."""
        return self._percent(self.top1_rate)

    @property
    def top3_percent(self) -> str:
        return self._percent(self.top3_rate)

    @property
    def taken_percent(self) -> str:
        return self._percent(self.taken_rate)


@dataclass
class UnitAccuracy:
    """The hit rates of the items a unit was finally chosen to lead."""

    unit: Unit
    rates: HitRates = field(default_factory=HitRates)


@dataclass
class AccuracyReport:
    overall: HitRates
    units: list[UnitAccuracy]  # most decisions first


def _ints(values: Any) -> list[int]:
    out = []
    for value in values if isinstance(values, list) else []:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            continue
    return out


def recommendation_accuracy(
    jurisdiction: Jurisdiction | int,
    *,
    year: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> AccuracyReport:
    """Hit rates (top 1, top 3) and how often the recommendation was taken, overall and per chosen lead
    unit, for the decisions recorded in the jurisdiction (of items of ``year``; decided between ``since``
    and ``until`` inclusive). Reads only; at most four queries."""
    jid = jurisdiction if isinstance(jurisdiction, int) else jurisdiction.pk
    events = Event.objects.filter(
        jurisdiction_id=jid, workflow__in=WORKFLOWS, payload__has_key="recommended", submission__isnull=False
    )
    if year is not None:
        events = events.filter(submission__year=year)
    if since is not None:
        events = events.filter(created_at__date__gte=since)
    if until is not None:
        events = events.filter(created_at__date__lte=until)
    rows = list(
        events.order_by("created_at", "pk").values_list("submission_id", "workflow", "object_id", "payload")
    )
    # The "assignment" workflow's events are those of Assignment rows (one workflow per model).
    on_assignments = {object_id for _s, workflow, object_id, _p in rows if workflow == "assignment"}
    assignments: dict[int, tuple[int, str]] = {}
    if on_assignments:
        found = Assignment.objects.filter(pk__in=on_assignments).values_list("pk", "unit_id", "role")
        assignments = {pk: (unit_id, role) for pk, unit_id, role in found}
    decisions: dict[int, tuple[int | None, list[int], bool]] = {}  # submission → (chosen, recommended, taken)
    for submission_id, workflow, object_id, payload in rows:
        chosen: int | None = None
        if workflow == "assignment":
            unit_id, role = assignments.get(object_id, (None, None))
            if role not in (AssignmentRole.LEAD, AssignmentRole.SOLE, AssignmentRole.SEPARATE):
                continue
            chosen = unit_id
        elif workflow == "submission":
            units = _ints(payload.get("units"))
            chosen = units[0] if units else None
        decisions[submission_id] = (
            chosen,
            _ints(payload.get("recommended")),
            bool(payload.get("recommendation_taken")),
        )
    missing = [pk for pk, (chosen, _r, _t) in decisions.items() if chosen is None]
    if missing:
        leads = (
            Assignment.objects.filter(
                submission_id__in=missing, role__in=LEAD_ROLES, state__in=DECIDED_STATES
            )
            .order_by("submission_id", "round", "pk")
            .values_list("submission_id", "unit_id")
        )
        for submission_id, unit_id in leads:
            _c, recommended, taken = decisions[submission_id]
            decisions[submission_id] = (unit_id, recommended, taken)
    overall = HitRates()
    per_unit: dict[int, HitRates] = {}
    for chosen, recommended, taken in decisions.values():
        if chosen is None:
            continue  # not assigned yet, or the lead was withdrawn: nothing to judge
        overall.add(chosen, recommended, taken)
        per_unit.setdefault(chosen, HitRates()).add(chosen, recommended, taken)
    units = Unit.objects.in_bulk(list(per_unit)) if per_unit else {}
    ordered = sorted(per_unit, key=lambda pk: (-per_unit[pk].decisions, units[pk].sort, units[pk].name))
    return AccuracyReport(overall, [UnitAccuracy(units[pk], per_unit[pk]) for pk in ordered if pk in units])
