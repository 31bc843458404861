"""The yearly handling report (办理情况报告) from the database: ``HandlingReportData`` for an assembly, a
session (or a year) and a handling system, then the Word document from the jurisdiction's template.

The items are the counted items (``measures``) of the assembly's kind (代表建议 for 人大, 政协提案 for
政协) that the user sees, of the session or year, handled by units of the system (a formal assignment to
one of its units). The result scheme is the one the assembly's handling policy configures for the year
(A/B/C/D where none is set); a current result recorded in another scheme is counted under the
configured category with the same mark, else the same semantic type, else the nearest type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from banli.assignments.models import ROLE_ORDER, AssignmentRole
from banli.assignments.services import handling_policy
from banli.core.models import Assembly, AssemblyKind, Jurisdiction, Session, Unit, UnitKind, User
from banli.core.models.org import System
from banli.core.policies import scope
from banli.documents.reports import (
    CategoryCount,
    HandlingReportData,
    KeyItem,
    SatisfactionCounts,
    UnitRow,
    render_handling_report,
)
from banli.documents.selection import active_template
from banli.evaluation.models import RatingOption
from banli.evaluation.services import rating_options
from banli.handling.models import Commitment, ResultCategory, ResultScheme, SemanticType
from banli.handling.services import DEFAULT_SCHEME
from banli.reports import measures as m
from banli.reports import summary as summary_table
from banli.reports.units import unit_figures
from banli.submissions.models import Submission, SubmissionKind

SEMANTIC_ORDER = [value for value, _ in SemanticType.choices]


@dataclass(frozen=True)
class ReportScope:
    """Which report: the assembly's items of a session (or of a year), handled by a system's units."""

    jurisdiction: Jurisdiction
    assembly: Assembly
    session: Session | None
    year: int
    system: str = ""

    @property
    def jurisdiction_id(self) -> int:
        return self.jurisdiction.pk

    @property
    def kind(self) -> str:
        return (
            SubmissionKind.SUGGESTION if self.assembly.kind == AssemblyKind.NPC else SubmissionKind.PROPOSAL
        )

    @property
    def kind_label(self) -> str:
        return "代表建议" if self.assembly.kind == AssemblyKind.NPC else "政协提案"

    @property
    def source(self) -> str:
        """市六届人大三次会议, or the assembly itself (市六届人大) for a whole year."""
        return self.session.full_name if self.session else self.assembly.short_name

    @property
    def handling_body(self) -> str:
        """市政府系统 (the jurisdiction's short name and the system), or 各承办单位."""
        if self.system in System.values:
            return f"{self.jurisdiction.short_name}{System(self.system).label}"
        return "各承办单位"

    @property
    def filename(self) -> str:
        return f"{self.year}年{self.source}{self.kind_label}办理情况报告（{self.handling_body}）"


def source_items(rs: ReportScope) -> QuerySet[Submission]:
    """Every counted item of the report's source, whichever system handles it (not scoped)."""
    qs = Submission.objects.filter(m.counted_filter(), assembly=rs.assembly, kind=rs.kind)
    return qs.filter(session=rs.session) if rs.session else qs.filter(year=rs.year)


def report_items(user: User, rs: ReportScope) -> QuerySet[Submission]:
    """The items the report counts: the source's items the user sees, handled by the system's units."""
    qs = scope(user, source_items(rs))
    if rs.system:
        by_system = m.formal_assignments().filter(submission_id=OuterRef("pk"), unit__system=rs.system)
        qs = qs.filter(Exists(by_system))
    return qs.order_by()


def configured_scheme(rs: ReportScope) -> ResultScheme:
    policy = handling_policy(rs.assembly.pk, rs.year)
    if policy.result_scheme_id:
        return ResultScheme.objects.get(pk=policy.result_scheme_id)
    return ResultScheme.objects.get(jurisdiction__isnull=True, code=DEFAULT_SCHEME)


def fold(category: ResultCategory, scheme: list[ResultCategory]) -> ResultCategory:
    """The configured category a result counts under (same mark, same semantic type, nearest type)."""
    for target in scheme:
        if target.scheme_id == category.scheme_id and target.pk == category.pk:
            return target
    for target in scheme:
        if target.code == category.code:
            return target
    rank = SEMANTIC_ORDER.index(category.semantic_type)
    return min(scheme, key=lambda c: (abs(SEMANTIC_ORDER.index(c.semantic_type) - rank), c.sort, c.pk))


def _buckets(options: list[RatingOption]) -> dict[int, str]:
    """Each rating option's column in the report: the first option counted as satisfied is 满意, later
    satisfied ones 基本满意, the others 不满意."""
    out: dict[int, str] = {}
    first_seen: set[int | None] = set()
    for o in sorted(options, key=lambda o: (o.sort, o.pk)):
        if not o.satisfied or o.reopens:
            out[o.pk] = "dissatisfied"
        elif o.jurisdiction_id in first_seen:
            out[o.pk] = "basically_satisfied"
        else:
            first_seen.add(o.jurisdiction_id)
            out[o.pk] = "satisfied"
    return out


def _satisfaction(counts: dict[int, int], buckets: dict[int, str]) -> SatisfactionCounts:
    sums = {"satisfied": 0, "basically_satisfied": 0, "dissatisfied": 0}
    for option, n in counts.items():
        sums[buckets.get(option, "dissatisfied")] += n
    return SatisfactionCounts(**sums)


def build_handling_report(user: User, rs: ReportScope, today: dt.date | None = None) -> HandlingReportData:
    """The report's figures for ``rs`` from what ``user`` sees. Reads only; a fixed number of queries.

    ``source_total`` (for "占…总数的93.06%") counts every item of the source whatever its system: a
    figure the registry announces at the assignment meeting, given as a count only."""
    today = today or timezone.localdate()
    summary_table.flush()
    items = report_items(user, rs)
    counts = summary_table.item_counts(timezone.localdate())
    summary = items.aggregate(**{k: counts[k] for k in ("total", "on_time", "multi")})
    configured = configured_scheme(rs)
    scheme = list(configured.categories.order_by("sort", "pk"))
    result_counts = {
        r["current"]: r["n"]
        for r in items.values(current=F("measures__result_id")).annotate(n=Count("*")).order_by()
    }
    units = unit_figures(items, system=rs.system)
    found = ResultCategory.objects.in_bulk(
        {k for k in result_counts if k is not None} | {k for u in units for k in u.by_result}
    )
    folded: dict[int, int] = {}
    for pk, n in result_counts.items():
        if pk is not None:
            target = fold(found[pk], scheme)
            folded[target.pk] = folded.get(target.pk, 0) + n
    options = rating_options(rs.jurisdiction_id)
    rating_counts = {
        r["rating"]: r["n"]
        for r in items.filter(measures__rating__isnull=False)
        .values(rating=F("measures__rating_id"))
        .annotate(n=Count("*"))
        .order_by()
    }
    missing = set(rating_counts) - {o.pk for o in options}
    if missing:
        options += list(RatingOption.objects.filter(pk__in=missing))
    buckets = _buckets(options)
    rows = []
    for u in units:
        by_category: dict[str, int] = {}
        for pk, n in u.by_result.items():
            code = fold(found[pk], scheme).code
            by_category[code] = by_category.get(code, 0) + n
        s = _satisfaction(u.by_rating, buckets)
        rows.append(
            UnitRow(
                unit=u.name,
                items=u.items,
                lead=u.answering,
                co=u.co,
                replied_on_time=u.on_time,
                satisfied=s.satisfied,
                basically_satisfied=s.basically_satisfied,
                dissatisfied=s.dissatisfied,
                by_category=by_category,
            )
        )
    return HandlingReportData(
        year=rs.year,
        handling_body=rs.handling_body,
        source=rs.source,
        kind_label=rs.kind_label,
        total=summary["total"],
        source_total=source_items(rs).count() if rs.system else None,
        unit_count=len(units),
        categories=[CategoryCount(c.code, c.name, c.semantic_type, folded.get(c.pk, 0)) for c in scheme],
        scheme_name=configured.name,
        multi_unit=summary["multi"],
        on_time=summary["on_time"],
        key_items=key_items(items, scheme),
        key_items_selected_by=(
            f"{rs.jurisdiction.short_name}人大常委会"
            if rs.assembly.kind == AssemblyKind.NPC
            else f"{rs.jurisdiction.short_name}政协"
        ),
        satisfaction=_satisfaction(rating_counts, buckets),
        units=rows,
        author=_author(rs),
        date=today,
    )


def _commitments(**conditions: str) -> Coalesce:
    rows = (
        Commitment.objects.filter(submission_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("submission_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows[:1]), 0, output_field=IntegerField())


def key_items(items: QuerySet[Submission], scheme: list[ResultCategory]) -> list[KeyItem]:
    """The key items that may be published (never a confidential one), with who handled them and how
    it came out: the units, the current result and the commitments kept. Three queries."""
    rows = list(
        items.filter(is_key=True, is_confidential=False)
        .annotate(current=F("measures__result_id"), promised=_commitments(), kept=_commitments(state="done"))
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=m.formal_assignments().select_related("unit").order_by(ROLE_ORDER, "pk"),
                to_attr="formal",
            )
        )
        .order_by("number", "pk")
    )
    categories = ResultCategory.objects.in_bulk({sub.current for sub in rows if sub.current})
    out = []
    for sub in rows:
        lead = dict.fromkeys(a.unit.name for a in sub.formal if a.role != AssignmentRole.CO)
        co = dict.fromkeys(a.unit.name for a in sub.formal if a.role == AssignmentRole.CO)
        text = f"由{'、'.join(lead) or '承办单位'}{'主办' if co else '办理'}"
        if co:
            text += f"，{'、'.join(co)}会办"
        if sub.current in categories:
            category = fold(categories[sub.current], scheme)
            text += f"，办理结果为{category.name}（{category.mark}）"
        else:
            text += "，尚在办理中"
        if sub.promised:
            text += f"；答复承诺事项{sub.promised}项，已办结{sub.kept}项"
        out.append(KeyItem(sub.number or 0, sub.title, text + "。"))
    return out


def _author(rs: ReportScope) -> str:
    """Who signs: the system's coordinating office, else the assembly's registry office."""
    offices = Unit.objects.filter(jurisdiction=rs.jurisdiction, is_active=True)
    if rs.system:
        office = offices.filter(kind=UnitKind.COORDINATOR, system=rs.system).order_by("sort", "pk").first()
    else:
        office = (
            offices.filter(kind=UnitKind.REGISTRY, assembly_kind=rs.assembly.kind).order_by("sort").first()
        )
    return office.name if office else ""


def render_report(data: HandlingReportData, rs: ReportScope) -> bytes:
    """The .docx from the jurisdiction's active template (or the shipped default)."""
    return render_handling_report(data, active_template("handling_report", rs.jurisdiction))
