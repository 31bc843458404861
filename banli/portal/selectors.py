"""Reads for the publishing offices: sent replies due for publication, with their public version's
state, due date and whether anything forbids publishing them, all in one query per page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from banli.core.models import Deadline, Duty, User
from banli.core.policies import scope
from banli.handling.models import Reply, ReplyRecipient, ReplyState
from banli.portal.models import Publication, PublicationState, PublicReport
from banli.portal.policies import decidable
from banli.portal.public import query_number

#: The boxes of the publishing list.
STATUSES = {
    "due": "待公开",
    "overdue": "逾期未公开",
    "published": "已公开",
    "withdrawn": "已撤回",
    "blocked": "不得公开",
    "all": "全部",
}
SORTS = {"due": "due_on", "sent": "sent_at", "title": "submission__title"}


def _withheld(field: str) -> Exists:
    return Exists(
        ReplyRecipient.objects.filter(reply_id=OuterRef(field)).filter(
            Q(submission__is_confidential=True) | Q(submission__publication_consent=False)
        )
    )


#: Replies one of whose items may never be published (the reply's own or a recipient's).
def _blocked() -> Q:
    return Q(submission__is_confidential=True) | Q(submission__publication_consent=False) | Q(withheld=True)


@dataclass
class DueFilters:
    status: str = "due"
    year: int | None = None
    unit: int | None = None
    result: int | None = None
    q: str = ""

    @classmethod
    def parse(cls, params: Any) -> DueFilters:
        def number(name: str) -> int | None:
            return query_number(params, name)

        status = params.get("status") or "due"
        return cls(
            status=status if status in STATUSES else "due",
            year=number("year"),
            unit=number("unit"),
            result=number("result"),
            q=(params.get("q") or "").strip()[:100],
        )


def due_replies(user: User, filters: DueFilters) -> QuerySet[Reply]:
    """Sent replies of the items the user's offices decide on, annotated with ``due_on`` (the publication
    deadline), ``withheld`` (a recipient's item is confidential or refused) and the public version."""
    deadline = (
        Deadline.objects.filter(
            content_type=ContentType.objects.get_for_model(Reply),
            object_id=OuterRef("pk"),
            duty=Duty.PUBLICATION,
        )
        .order_by("-round")
        .values("due_on")[:1]
    )
    qs = (
        decidable(user, Reply.objects.filter(state=ReplyState.SENT), "submission__")
        .annotate(due_on=Subquery(deadline), withheld=_withheld("pk"))
        .select_related(
            "submission__session__assembly",
            "submission__assembly",
            "submission__category",
            "assignment__unit",
            "result",
            "publication",
        )
    )
    not_published = Q(publication__isnull=True) | Q(publication__state=PublicationState.DRAFT)
    if filters.status in ("due", "overdue"):
        qs = qs.filter(not_published).exclude(_blocked())
        if filters.status == "overdue":
            qs = qs.filter(due_on__lt=timezone.localdate())
    elif filters.status == "published":
        qs = qs.filter(publication__state=PublicationState.PUBLISHED)
    elif filters.status == "withdrawn":
        qs = qs.filter(publication__state=PublicationState.WITHDRAWN)
    elif filters.status == "blocked":
        qs = qs.filter(_blocked())
    if filters.year:
        qs = qs.filter(submission__year=filters.year)
    if filters.unit:
        qs = qs.filter(assignment__unit_id=filters.unit)
    if filters.result:
        qs = qs.filter(result_id=filters.result)
    if filters.q:
        qs = qs.filter(submission__title__icontains=filters.q)
    return qs


def blocked(reply: Reply) -> bool:
    """For a row of :func:`due_replies`: may it never be published?"""
    sub = reply.submission
    return sub.is_confidential or not sub.publication_consent or bool(getattr(reply, "withheld", False))


def reply_for_publishing(user: User, pk: int) -> Reply | None:
    return (
        decidable(user, Reply.objects.filter(pk=pk, state=ReplyState.SENT), "submission__")
        .select_related(
            "submission__session__assembly",
            "submission__assembly",
            "submission__lead_author",
            "assignment__unit",
            "result",
        )
        .first()
    )


def publication_detail(user: User, pk: int) -> Publication | None:
    return scope(user, Publication.objects.filter(pk=pk)).select_related("reply", "submission").first()


def reports_for(user: User) -> QuerySet[PublicReport]:
    return scope(user, PublicReport.objects.all()).select_related("assembly", "published_by", "uploaded_by")
