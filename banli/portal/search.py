"""Published replies in the full-text index (:mod:`banli.textindex.fulltext`), kind ``"publication"``.

A reply is indexed under its public title and the titles (案由) of the items it answers, and its public
text; it is put in when published and taken out when withdrawn, in that transaction. Searching ranks
only among :func:`banli.portal.public.public_publications`, so what the index holds never decides what
the public sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet

from banli.core import cached
from banli.handling.models import ReplyRecipient
from banli.portal.models import Publication
from banli.textindex.fulltext import Doc, Hits, drop, put, register_source, search

if TYPE_CHECKING:
    from banli.portal.public import PublicFilters

KIND = "publication"
#: how long a search's page is kept in all (any change to a publication computes it again at once)
SEARCH_SECONDS = 3600


def doc_for(pub: Publication, titles: list[str] | None = None) -> Doc:
    if titles is None:
        titles = list(
            ReplyRecipient.objects.filter(reply_id=pub.reply_id)
            .exclude(submission_id=pub.submission_id)
            .values_list("submission__title", flat=True)
            .distinct()
        )
    heading = " ".join([pub.title, pub.submission.title, *sorted(set(titles))])
    return Doc(object_id=pub.pk, jurisdiction_id=pub.jurisdiction_id, title=heading, body=pub.public_text)


def index_publication(pub: Publication) -> None:
    put(KIND, doc_for(pub))


def unindex_publication(pub: Publication) -> None:
    drop(KIND, pub.pk)


def _documents() -> Iterator[Doc]:
    from banli.portal.public import public_publications

    rows = (
        public_publications()
        .select_related("submission")
        .prefetch_related(
            Prefetch("reply__recipients", queryset=ReplyRecipient.objects.select_related("submission"))
        )
        .order_by("pk")
    )
    for pub in rows.iterator(chunk_size=500):
        titles = [
            r.submission.title for r in pub.reply.recipients.all() if r.submission_id != pub.submission_id
        ]
        yield doc_for(pub, titles)


register_source(KIND, "公开的答复", _documents)


def search_publications(query: str, within: QuerySet[Publication], *, offset: int, limit: int) -> Hits:
    return search(KIND, query, within, offset=offset, limit=limit)


def public_search(filters: PublicFilters, number: int, size: int, version: str) -> tuple[int, Hits]:
    """Page ``number`` (past the last page: the last) of the portal's search, the same for every
    visitor, so kept in the cache like the portal's choices: under the publications' version, computed
    again after ``OPTIONS_SECONDS`` (the previous result shown meanwhile) and kept an hour. Ranking and
    counting the matches of a common phrase among 120,000 public replies takes 0.1–0.2 s. The caller
    reads the rows of the ids through the public rules again."""
    from banli.portal.public import OPTIONS_SECONDS, filtered

    def page_of(n: int) -> Hits:
        return search_publications(filters.q, filtered(filters), offset=(n - 1) * size, limit=size)

    def compute() -> tuple[int, Hits]:
        hits = page_of(number)
        if not hits.ids and hits.total:
            last = -(-hits.total // size)
            return last, page_of(last)
        return number, hits

    return cached.current(search_key(filters, number), version, compute, SEARCH_SECONDS, OPTIONS_SECONDS)


def search_key(filters: PublicFilters, number: int) -> str:
    """The cache key of one page of a public search (query, filters and page number)."""
    return f"portal-search:{filters.digest(filters.q, number)}"
