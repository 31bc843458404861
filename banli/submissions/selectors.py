"""Reads on submissions, always through the permission scope."""

from __future__ import annotations

from django.db.models import QuerySet

from banli.core.models.org import User
from banli.core.policies import memberships_of, scope
from banli.submissions.models import Submission, SubmissionKind, SubmissionState


def submission_list(user: User, params: dict[str, str]) -> QuerySet[Submission]:
    """The submissions the user sees, filtered by state, kind, year, own items and a title search."""
    qs = scope(user, Submission.objects.all()).select_related(
        "lead_author", "category", "session__assembly", "assembly"
    )
    if params.get("state") in SubmissionState.values:
        qs = qs.filter(state=params["state"])
    if params.get("kind") in SubmissionKind.values:
        qs = qs.filter(kind=params["kind"])
    if (params.get("year") or "").isdigit():
        qs = qs.filter(year=int(params["year"]))
    if params.get("mine") == "1":
        qs = qs.filter(lead_author__in=[m.pk for m in memberships_of(user)])
    if q := (params.get("q") or "").strip():
        qs = qs.filter(title__icontains=q)
    return qs


def submission_detail(user: User, pk: int) -> Submission | None:
    return (
        scope(user, Submission.objects.filter(pk=pk))
        .select_related("lead_author", "category", "session__assembly", "assembly", "jurisdiction")
        .first()
    )
