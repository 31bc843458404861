"""考核 computed from the data: each unit's score on the scheme's indicators, explained item by item.

For the handling units' answering assignments (sole, lead, separate; every round) of the scheme's year:

- 按期答复率 (on time): replies sent by their due date / replies due (the due date passed, or replied);
- 答复前沟通率 (contact): replied assignments with a contact recorded on or before the day of the reply /
  replied assignments;
- 满意率 (satisfaction): ratings whose option counts as satisfied (``RatingOption.satisfied``) / ratings
  of the unit's replies (every addressee's; one applied by the unanswered-evaluation rule counts too);
- 退回重办 (returned): each return of a reply by the checking office (``Reply.revision``) takes the
  indicator's penalty off its points, down to zero;
- 承诺兑现率 (commitments): commitments closed out by their date / commitments due (date passed, or closed).

A rate earns ``weight × numerator / denominator`` points, rounded half up to the cent; an indicator with
nothing due yet earns its full weight. The total is the sum of the indicators' points; units rank by it
(equal totals share a rank). Seven queries whatever the number of units and items.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Min, QuerySet
from django.utils import timezone

from banli.assignments.models import ANSWERING_ROLES, Assignment, AssignmentState
from banli.core.models import Deadline, Duty, Unit, UnitKind
from banli.evaluation.models import Evaluation
from banli.handling.models import Commitment, CommitmentState, Contact, Reply, ReplyState
from banli.supervision.models import AppraisalScheme, Indicator

CENT = Decimal("0.01")
COUNTED_STATES = (AssignmentState.ASSIGNED, AssignmentState.RECEIVED, AssignmentState.REPLIED)


def plain(number: Decimal) -> str:
    """2.00 → 2, 0.50 → 0.5, 10 → 10."""
    return str(number.to_integral()) if number == number.to_integral() else str(number.normalize())


def _day(value: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(value) if value else None


@dataclass
class Line:
    """How one item (one unit's assignment in one round, or one rating, one commitment) counted."""

    submission_id: int
    reference: str
    title: str
    round: int
    note: str
    counts: bool  # in the denominator
    meets: bool = False  # in the numerator
    value: int = 1  # for 退回重办: how many returns


@dataclass
class IndicatorScore:
    code: str
    weight: int
    penalty: Decimal = Decimal(0)
    lines: list[Line] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Indicator(self.code).label)

    @property
    def is_penalty(self) -> bool:
        return self.code == Indicator.RETURNED

    @property
    def numerator(self) -> int:
        return sum(line.value for line in self.lines if line.counts and line.meets)

    @property
    def denominator(self) -> int:
        return sum(1 for line in self.lines if line.counts)

    @property
    def rate(self) -> Decimal | None:
        if self.is_penalty or not self.denominator:
            return None
        return Decimal(self.numerator) / Decimal(self.denominator)

    @property
    def percent(self) -> str:
        rate = self.rate
        return "—" if rate is None else f"{(rate * 100).quantize(CENT, ROUND_HALF_UP)}%"

    @property
    def points(self) -> Decimal:
        weight = Decimal(self.weight)
        if self.is_penalty:
            return max(Decimal(0), weight - self.penalty * self.numerator).quantize(CENT, ROUND_HALF_UP)
        if not self.denominator:
            return weight.quantize(CENT)
        return (weight * self.numerator / self.denominator).quantize(CENT, ROUND_HALF_UP)

    @property
    def explanation(self) -> str:
        if self.is_penalty:
            return f"退回重办{self.numerator}次，每次扣{plain(self.penalty)}分"
        if not self.denominator:
            return "无应计事项，按满分计"
        return f"{self.numerator}/{self.denominator} = {self.percent}，{self.weight}分 × {self.percent}"


@dataclass
class UnitScore:
    unit: Unit
    indicators: list[IndicatorScore]
    rank: int = 0

    @property
    def total(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0))

    def indicator(self, code: str) -> IndicatorScore | None:
        return next((i for i in self.indicators if i.code == code), None)


def scheme_assignments(scheme: AppraisalScheme) -> QuerySet[Assignment]:
    """The formal answering assignments of the scheme's year, of every handling unit and round."""
    return Assignment.objects.filter(
        jurisdiction_id=scheme.jurisdiction_id,
        submission__year=scheme.year,
        role__in=ANSWERING_ROLES,
        state__in=COUNTED_STATES,
        unit__kind=UnitKind.HANDLING,
    )


class _Data:
    """Everything the lines are made of, read once."""

    def __init__(self, scheme: AppraisalScheme) -> None:
        base = scheme_assignments(scheme)
        self.assignments = list(
            base.select_related("submission__session__assembly", "submission__assembly", "unit").order_by(
                "unit__sort", "unit__name", "submission__number", "submission_id", "round"
            )
        )
        ids = base.values("pk")
        self.due = {
            (d["object_id"], d["round"]): d["due_on"]
            for d in Deadline.objects.filter(
                content_type=ContentType.objects.get_for_model(Assignment),
                object_id__in=ids,
                duty__in=(Duty.REPLY, Duty.REHANDLING),
            ).values("object_id", "round", "due_on")
        }
        self.replies = {
            r["assignment_id"]: r
            for r in Reply.objects.filter(assignment__in=ids).values(
                "pk", "assignment_id", "round", "state", "sent_at", "revision"
            )
        }
        self.first_contact = {
            c["assignment_id"]: c["first"]
            for c in Contact.objects.filter(assignment__in=ids)
            .values("assignment_id")
            .annotate(first=Min("occurred_on"))
        }
        self.ratings: dict[int, list[dict[str, object]]] = defaultdict(list)
        for e in (
            Evaluation.objects.filter(reply__assignment__in=ids)
            .values("reply__assignment_id", "member__name", "rating__label", "rating__satisfied", "automatic")
            .order_by("created_at", "pk")
        ):
            self.ratings[e["reply__assignment_id"]].append(e)  # type: ignore[index]
        self.commitments: dict[int, list[dict[str, object]]] = defaultdict(list)
        for c in (
            # a reply's promises bind the unit once it is sent; a draft's are not yet commitments
            Commitment.objects.filter(reply__assignment__in=ids, reply__state=ReplyState.SENT)
            .values("reply__assignment_id", "text", "due_on", "state", "closed_at")
            .order_by("due_on", "pk")
        ):
            self.commitments[c["reply__assignment_id"]].append(c)  # type: ignore[index]


def _lines(a: Assignment, data: _Data, today: dt.date) -> dict[str, list[Line]]:
    sub = a.submission

    def line(note: str, counts: bool, meets: bool = False, value: int = 1) -> Line:
        return Line(sub.pk, sub.reference, sub.title, a.round, note, counts, meets, value)

    reply = data.replies.get(a.pk)
    sent_on = _day(reply["sent_at"]) if reply and reply["state"] == ReplyState.SENT else None  # type: ignore[arg-type]
    due = data.due.get((a.pk, a.round))
    out: dict[str, list[Line]] = defaultdict(list)
    # on time
    if due is None:
        out[Indicator.ON_TIME].append(line("无答复期限记录，不计", False))
    elif sent_on is not None:
        late = (sent_on - due).days
        note = f"答复期限{due:%Y-%m-%d}，{sent_on:%Y-%m-%d}答复，" + (f"逾期{late}天" if late > 0 else "按期")
        out[Indicator.ON_TIME].append(line(note, True, late <= 0))
    elif due < today:
        out[Indicator.ON_TIME].append(line(f"答复期限{due:%Y-%m-%d}，至今未答复", True))
    else:
        out[Indicator.ON_TIME].append(line(f"答复期限{due:%Y-%m-%d}，尚未到期，不计", False))
    # contact before the reply
    if sent_on is None:
        out[Indicator.CONTACT].append(line("尚未答复，不计", False))
    else:
        first = data.first_contact.get(a.pk)
        if first is not None and first <= sent_on:
            out[Indicator.CONTACT].append(line(f"答复前已沟通（{first:%Y-%m-%d}）", True, True))
        else:
            out[Indicator.CONTACT].append(line("答复前无沟通记录", True))
    # satisfaction
    ratings = data.ratings.get(a.pk, [])
    for e in ratings:
        note = f"{e['member__name']}：{e['rating__label']}" + (
            "（逾期未评价，按规则认定）" if e["automatic"] else ""
        )
        out[Indicator.SATISFACTION].append(line(note, True, bool(e["rating__satisfied"])))
    if sent_on is not None and not ratings:
        out[Indicator.SATISFACTION].append(line("尚未评价，不计", False))
    # returns for rework
    if reply and reply["revision"]:
        n = int(reply["revision"])  # type: ignore[call-overload]
        out[Indicator.RETURNED].append(line(f"答复被退回重办{n}次", True, True, n))
    elif sent_on is not None:
        out[Indicator.RETURNED].append(line("答复未被退回重办", True, True, 0))
    # commitments
    for c in data.commitments.get(a.pk, []):
        c_due: dt.date = c["due_on"]  # type: ignore[assignment]
        text = str(c["text"])[:30]
        if c["state"] == CommitmentState.DONE:
            closed = _day(c["closed_at"])  # type: ignore[arg-type]
            late = (closed - c_due).days if closed else 0
            when = f"{closed:%Y-%m-%d}销号" if closed else "已销号"
            note = f"“{text}”完成时限{c_due:%Y-%m-%d}，{when}，" + (f"逾期{late}天" if late > 0 else "按期")
            out[Indicator.COMMITMENTS].append(line(note, True, late <= 0))
        elif c_due < today:
            out[Indicator.COMMITMENTS].append(line(f"“{text}”完成时限{c_due:%Y-%m-%d}，尚未销号", True))
        else:
            out[Indicator.COMMITMENTS].append(
                line(f"“{text}”完成时限{c_due:%Y-%m-%d}，尚未到期，不计", False)
            )
    return out


def appraise(scheme: AppraisalScheme, today: dt.date | None = None) -> list[UnitScore]:
    """Every unit's score on the scheme, ranked (highest first), each indicator with its lines."""
    today = today or timezone.localdate()
    indicators = list(scheme.indicators.all())
    data = _Data(scheme)
    scores: dict[int, UnitScore] = {}
    for a in data.assignments:
        score = scores.get(a.unit_id)
        if score is None:
            score = scores[a.unit_id] = UnitScore(
                a.unit, [IndicatorScore(i.indicator, i.weight, i.penalty) for i in indicators]
            )
        lines = _lines(a, data, today)
        for ind in score.indicators:
            ind.lines.extend(lines.get(ind.code, []))
    ranked = sorted(scores.values(), key=lambda s: (-s.total, s.unit.sort, s.unit.name))
    previous: Decimal | None = None
    for position, s in enumerate(ranked, start=1):
        s.rank = position if s.total != previous else ranked[position - 2].rank
        previous = s.total
    return ranked
