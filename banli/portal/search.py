"""Published replies in the full-text index (:mod:`banli.textindex.fulltext`), kind ``"publication"``.

A reply is indexed under its public title and the titles (案由) of the items it answers, and its public
text; it is put in when published and taken out when withdrawn, in that transaction. Searching ranks
only among :func:`banli.portal.public.public_publications`, so what the index holds never decides what
the public sees.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet

from banli.handling.models import ReplyRecipient
from banli.portal.models import Publication
from banli.textindex.fulltext import Doc, Hits, drop, put, register_source, search

KIND = "publication"


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
