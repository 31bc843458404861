"""Reads the API needs that the stages do not have yet: replies as a list, categories, statistics, an
item's timeline with filters. Every one starts from ``core.policies.scope`` (or the stage's selector,
which does)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from banli.api.inputs import EventFilters, ReplyFilters, StatisticsFilters
from banli.core.models import Category, Event, User
from banli.core.policies import scope, user_jurisdictions
from banli.core.selectors import timeline
from banli.handling.models import Reply
from banli.submissions.models import Submission, SubmissionKind, SubmissionState
from banli.submissions.search import title_or_text


def reply_list(user: User, f: ReplyFilters) -> QuerySet[Reply]:
    """The replies the user sees (a unit its own at every step, the offices once signed, everyone else
    who sees the item once sent), newest first."""
    qs = (
        scope(user, Reply.objects.all())
        .select_related("submission__session__assembly", "assignment__unit", "result")
        .prefetch_related("commitments")
    )
    if f.state:
        qs = qs.filter(state=f.state)
    if f.year:
        qs = qs.filter(submission__year=f.year)
    if f.submission:
        qs = qs.filter(submission_id=f.submission)
    if f.unit:
        qs = qs.filter(assignment__unit_id=f.unit)
    if f.q and f.q.strip():
        qs = qs.filter(title_or_text(f.q.strip(), "submission__"))
    return qs.order_by("-pk")


def category_list(user: User, q: str | None) -> QuerySet[Category]:
    qs = Category.objects.filter(jurisdiction_id__in=user_jurisdictions(user)).select_related("jurisdiction")
    if q and q.strip():
        qs = qs.filter(name__icontains=q.strip())
    return qs.order_by("jurisdiction_id", "sort", "pk")


def item_events(user: User, sub: Submission, f: EventFilters) -> QuerySet[Event]:
    """The item's timeline as the user may read it (stages hide their internal events), oldest first."""
    qs = timeline(sub.pk, user, sub)
    if f.workflow:
        qs = qs.filter(workflow=f.workflow)
    if f.action:
        qs = qs.filter(action=f.action)
    return qs


def statistics(user: User, f: StatisticsFilters) -> dict[str, Any]:
    """Counts by state, kind and year over the submissions the user sees, in three queries."""
    qs = scope(user, Submission.objects.all()).order_by()
    if f.year:
        qs = qs.filter(year=f.year)
    if f.kind:
        qs = qs.filter(kind=f.kind)

    def grouped(field: str) -> dict[Any, int]:
        return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("*")).order_by(field)}

    states, kinds, years = grouped("state"), grouped("kind"), grouped("year")
    return {
        "total": sum(states.values()),
        "by_state": [
            {"key": value, "label": str(label), "count": states[value]}
            for value, label in SubmissionState.choices
            if value in states
        ],
        "by_kind": [
            {"key": value, "label": str(label), "count": kinds[value]}
            for value, label in SubmissionKind.choices
            if value in kinds
        ],
        "by_year": [{"year": year, "count": n} for year, n in sorted(years.items(), reverse=True)],
    }
