"""What the public may read, asked of nobody: published replies whose every answered item may be
published, and published reports. Every portal page and the search go through these querysets, so the
rules of :func:`banli.portal.services.blockers` hold here again, whatever a row's state says."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from banli.core import cached
from banli.core.models import Category, Jurisdiction, Unit
from banli.handling.models import ReplyRecipient, ReplyState, ResultCategory
from banli.portal.models import Publication, PublicationState, PublicReport
from banli.submissions.models import Submission

#: Fields the portal reads; nothing else of the authors (no mobile, address or employer) is selected.
PUBLIC_RELATED = (
    "jurisdiction",
    "submission__category",
    "submission__session__assembly",
    "submission__assembly",
    "reply__assignment__unit",
    "reply__result",
)


def public_publications() -> QuerySet[Publication]:
    """Published replies, sent, of an active jurisdiction, none of whose answered items (the reply's own
    and every recipient's) is confidential or refused publication."""
    withheld = ReplyRecipient.objects.filter(reply_id=OuterRef("reply_id")).filter(
        Q(submission__is_confidential=True) | Q(submission__publication_consent=False)
    )
    return Publication.objects.filter(
        state=PublicationState.PUBLISHED,
        reply__state=ReplyState.SENT,
        submission__is_confidential=False,
        submission__publication_consent=True,
        jurisdiction__is_active=True,
    ).filter(~Exists(withheld))


def query_number(params: Any, name: str) -> int | None:
    """A whole number from the query string (an id or a year); anything else, or too long, is None."""
    raw = (params.get(name) or "").strip()
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


@dataclass
class PublicFilters:
    """The portal's filters, from the query string (anything malformed is ignored)."""

    q: str = ""
    year: int | None = None
    category: int | None = None
    unit: int | None = None
    result: int | None = None
    jurisdiction: str = ""

    @classmethod
    def parse(cls, params: Any) -> PublicFilters:
        def number(name: str) -> int | None:
            return query_number(params, name)

        return cls(
            q=(params.get("q") or "").strip()[:100],
            year=number("year"),
            category=number("category"),
            unit=number("unit"),
            result=number("result"),
            jurisdiction=(params.get("j") or "").strip()[:12],
        )

    def digest(self, *more: object) -> str:
        """A short key of the chosen filters (and ``more``: the query, a page) for the kept values."""
        chosen = (self.year, self.category, self.unit, self.result, self.jurisdiction, *more)
        return hashlib.sha256(repr(chosen).encode()).hexdigest()[:32]

    @property
    def active(self) -> bool:
        return any((self.q, self.year, self.category, self.unit, self.result, self.jurisdiction))


def filtered(filters: PublicFilters) -> QuerySet[Publication]:
    qs = public_publications()
    if filters.year:
        qs = qs.filter(submission__year=filters.year)
    if filters.category:
        qs = qs.filter(submission__category_id=filters.category)
    if filters.unit:
        qs = qs.filter(reply__assignment__unit_id=filters.unit)
    if filters.result:
        qs = qs.filter(reply__result_id=filters.result)
    if filters.jurisdiction:
        qs = qs.filter(jurisdiction__code=filters.jurisdiction)
    return qs


@dataclass
class FilterOptions:
    years: list[int]
    categories: list[Category]
    units: list[Unit]
    results: list[ResultCategory]
    jurisdictions: list[Jurisdiction]


#: How long the portal's choices and counts are read before they are computed again (a reply's item
#: made confidential does not change the publications' version); any change to a publication renews
#: them at once. While one process computes them, the others show the previous ones
#: (:func:`banli.core.cached.current`), kept for a day.
OPTIONS_SECONDS = 600
KEPT_SECONDS = 24 * 3600


def publication_version() -> str:
    """The time and id of the latest change to any publication: the key under which the portal keeps
    what it reads from every public reply (one indexed query)."""
    latest = Publication.objects.order_by("-updated_at", "-pk").values_list("updated_at", "pk").first()
    return f"{latest[0].isoformat()}:{latest[1]}" if latest else "none"


def filter_options(version: str | None = None) -> FilterOptions:
    """The choices that have published replies behind them, kept in the cache under
    :func:`publication_version` (one indexed query when nothing changed; five more when it did). Each of
    the five reads every public reply, which at national scale takes seconds."""
    return cached.current(
        "portal-options", version or publication_version(), _filter_options, KEPT_SECONDS, OPTIONS_SECONDS
    )


def public_count(filters: PublicFilters, replies: QuerySet[Publication], version: str | None = None) -> int:
    """How many replies the list shows under these filters (without query words), kept in the cache like
    the choices: counting every public reply took half a second at national scale, on the portal's most
    read page."""
    return cached.current(
        f"portal-count:{filters.digest()}",
        version or publication_version(),
        replies.count,
        KEPT_SECONDS,
        OPTIONS_SECONDS,
    )


def _filter_options() -> FilterOptions:
    public = public_publications()
    years = sorted(set(public.values_list("submission__year", flat=True)), reverse=True)
    return FilterOptions(
        years=years,
        categories=list(
            Category.objects.filter(pk__in=public.values("submission__category_id")).order_by("sort", "name")
        ),
        units=list(
            Unit.objects.filter(pk__in=public.values("reply__assignment__unit_id")).order_by("sort", "name")
        ),
        results=list(
            ResultCategory.objects.filter(pk__in=public.values("reply__result_id")).order_by("scheme", "sort")
        ),
        jurisdictions=list(
            Jurisdiction.objects.filter(pk__in=public.values("jurisdiction_id")).order_by("code")
        ),
    )


def public_detail(pk: int) -> Publication | None:
    return (
        public_publications().filter(pk=pk).select_related(*PUBLIC_RELATED, "submission__lead_author").first()
    )


def other_items(pub: Publication) -> list[Submission]:
    """The other items this reply answers (merged into it), by number, for the page to name."""
    ids = ReplyRecipient.objects.filter(reply_id=pub.reply_id).values("submission_id")
    return list(
        Submission.objects.filter(pk__in=ids)
        .exclude(pk=pub.submission_id)
        .select_related("session__assembly", "assembly")
        .order_by("number", "pk")
    )


def public_reports() -> QuerySet[PublicReport]:
    return PublicReport.objects.filter(is_published=True, jurisdiction__is_active=True).select_related(
        "jurisdiction", "assembly"
    )
