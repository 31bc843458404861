"""Submissions in the full-text index (:mod:`banli.textindex.fulltext`), kind ``"submission"``.

An item is indexed under its title (案由) and its two parts (问题, 建议) whenever it is saved with them
(a receiver on ``post_save``, inside the saving transaction, so drafts, edits, the paper import, the API
and the admin all keep it current) and leaves the index when deleted. Bulk writers (the demo's history,
the load generator) write their rows themselves; ``rebuild_search_index --kind submission`` redoes all.

The index never decides who sees what: :func:`title_or_text` filters the caller's scoped list.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_delete, post_save

from banli.submissions.models import Submission
from banli.textindex.fulltext import Doc, drop, matching, put, register_source

KIND = "submission"
NUMBER = re.compile(r"\d+")
TEXT_FIELDS = frozenset({"title", "problem", "advice"})
DOC_FIELDS = ("pk", "jurisdiction_id", *sorted(TEXT_FIELDS))


def doc_for(sub: Any) -> Doc:
    body = "\n".join(part for part in (sub.problem, sub.advice) if part)
    return Doc(object_id=sub.pk, jurisdiction_id=sub.jurisdiction_id, title=sub.title, body=body)


def _documents() -> Iterator[Doc]:
    rows = Submission.objects.only(*DOC_FIELDS).order_by("pk")
    for sub in rows.iterator(chunk_size=1000):
        yield doc_for(sub)


register_source(KIND, "建议提案", _documents)


def _saved(sender: type[Submission], instance: Submission, created: bool, **kwargs: Any) -> None:
    if kwargs.get("raw"):  # a backup being restored (or a fixture) brings its own index rows
        return
    fields: Iterable[str] | None = kwargs.get("update_fields")
    if created or fields is None or TEXT_FIELDS & set(fields):
        put(KIND, doc_for(instance))


def _deleted(sender: type[Submission], instance: Submission, **kwargs: Any) -> None:
    drop(KIND, instance.pk)


post_save.connect(_saved, sender=Submission, dispatch_uid="submission-search-index")
post_delete.connect(_deleted, sender=Submission, dispatch_uid="submission-search-unindex")


def title_or_text(query: str, prefix: str = "") -> Q:
    """Items whose title or text holds every word of the query (the index); a query with no word to
    search (a number, say) looks for it inside the title instead; the numbers of a query with words
    must stand in the title too (the index leaves numbers out). ``prefix`` names the item from another
    model (``"submission__"`` on an assignment)."""
    found = matching(KIND, query)
    if found is None:
        return Q(**{f"{prefix}title__icontains": query})
    sql, params = found
    words = Q(**{f"{prefix}pk__in": RawSQL(sql, params)})
    for number in NUMBER.findall(query):  # the index holds no numbers: they must stand in the title
        words &= Q(**{f"{prefix}title__contains": number})
    return words
