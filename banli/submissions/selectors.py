"""Reads on submissions, always through the permission scope."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from banli.core.models import Attachment
from banli.core.models.org import User
from banli.core.policies import memberships_of, scope
from banli.reports.filters import apply_item_filters
from banli.submissions.models import (
    Cosignature,
    CosignatureState,
    RejectionReason,
    Submission,
    SubmissionKind,
    SubmissionState,
)
from banli.submissions.search import title_or_text


def submission_list(user: User, params: dict[str, str]) -> QuerySet[Submission]:
    """The submissions the user sees, filtered by state, kind, year, own items and a title search, and
    by the statistics' parameters (``banli.reports.filters``: a figure's link lists what it counted)."""
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
        qs = qs.filter(title_or_text(q))
    return apply_item_filters(qs, params)


def submission_detail(user: User, pk: int) -> Submission | None:
    return (
        scope(user, Submission.objects.filter(pk=pk))
        .select_related("lead_author", "category", "session__assembly", "assembly", "jurisdiction")
        .first()
    )


@dataclass(frozen=True)
class CosignatureRow:
    cosignature: Cosignature
    lapsed: bool

    @property
    def status(self) -> str:
        return "已过期" if self.lapsed else self.cosignature.get_state_display()


def cosignature_rows(sub: Submission) -> list[CosignatureRow]:
    """Invitations of an item, with lapsed ones (unanswered past their date) shown as such."""
    today = timezone.localdate()
    return [
        CosignatureRow(c, c.state == CosignatureState.INVITED and c.due_on < today)
        for c in sub.cosignatures.select_related("member")
    ]


def invitations_for(user: User) -> list[CosignatureRow]:
    """The co-signing invitations addressed to the user, newest first, lapsed ones marked."""
    today = timezone.localdate()
    rows = (
        Cosignature.objects.filter(member__in=[m.pk for m in memberships_of(user)])
        .select_related("submission__lead_author", "member")
        .order_by("-invited_at")
    )
    return [CosignatureRow(c, c.state == CosignatureState.INVITED and c.due_on < today) for c in rows]


def rejection_reasons(jurisdiction_id: int) -> list[str]:
    """The configured reasons for 不予立案: the jurisdiction's own, then the defaults."""
    return list(
        RejectionReason.objects.filter(
            Q(jurisdiction_id=jurisdiction_id) | Q(jurisdiction__isnull=True), is_active=True
        )
        .order_by(F("jurisdiction_id").asc(nulls_last=True), "sort", "pk")
        .values_list("text", flat=True)
    )


def own_files(sub: Submission) -> QuerySet[Attachment]:
    """The files attached to the item itself (not the letters and records of later stages that list
    under it too)."""
    return sub.attachments.filter(content_type=ContentType.objects.get_for_model(Submission))
