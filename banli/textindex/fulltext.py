"""Full-text Chinese search, behind one set of functions for SQLite and PostgreSQL.

Text is segmented with jieba (the dictionary of :mod:`banli.textindex.segment`) and stored as words separated
by spaces in :class:`~banli.textindex.models.SearchDocument`. The database indexes those words with its
own engine, created by migration 0002 for that database only:

- SQLite: an FTS5 table (``unicode61``, no diacritic folding) over the document table, kept in step by
  triggers; ranked by ``bm25`` with the title weighted 4 to the body's 1.
- PostgreSQL: a generated ``tsvector`` column in the 'simple' configuration (title weight A, body B) with a
  partial GIN index per kind (migration 0004: a new kind adds its own); ranked by ``ts_rank``.

Both see the same tokens: every word is reduced to letters and digits (Unicode categories L and N), which
both tokenizers keep whole, so the same data gives the same matches on both. A document is indexed under
its words and, like jieba's search mode, under the dictionary words inside a long word (养老服务 also under
养老 and 服务), so a shorter query word still finds it. A query is segmented the same way (precise mode):
every word must occur (AND), whole or as all the dictionary words inside it (服务设施 finds 养老服务设施,
which jieba cuts 养老服务 / 设施). Numbers and stop words are neither indexed nor searched.

Each kind of object (``"publication"``, later ``"submission"``) registers a :class:`Source` that yields
its documents for ``manage.py rebuild_search_index``; the owner of the objects calls :func:`put` and
:func:`drop` inside the transaction that changes them. :func:`search` ranks the documents of one kind
among the objects of a queryset (the caller's filters and permissions), so access rules stay with the
caller's query and the index never decides who sees what.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import connections
from django.db.models import QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from banli.core.transactions import writing
from banli.textindex.models import SearchDocument
from banli.textindex.segment import STOP_WORDS, _current, dictionary_version, loaded_terms, segment

#: Longest token indexed (PostgreSQL refuses lexemes over 2 KB; no real word is near this).
MAX_TOKEN = 40
#: Most words a query is made of; the rest are ignored.
MAX_QUERY_WORDS = 12
_SENTENCE = re.compile(r"[。；！？\n]")
#: Title against body weight in SQLite's bm25 (PostgreSQL: weight A 1.0 against B 0.4).
TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0

FTS_TABLE = "textindex_searchdocument_fts"
#: The triggers that keep the FTS5 table in step (the same as migration 0002 creates).
SQLITE_TRIGGERS = {
    "textindex_searchdocument_ai": (
        "AFTER INSERT ON textindex_searchdocument BEGIN "
        f"INSERT INTO {FTS_TABLE}(rowid, title_words, body_words) "
        "VALUES (new.id, new.title_words, new.body_words); END"
    ),
    "textindex_searchdocument_ad": (
        "AFTER DELETE ON textindex_searchdocument BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, body_words) "
        "VALUES ('delete', old.id, old.title_words, old.body_words); END"
    ),
    "textindex_searchdocument_au": (
        "AFTER UPDATE ON textindex_searchdocument BEGIN "
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title_words, body_words) "
        "VALUES ('delete', old.id, old.title_words, old.body_words); "
        f"INSERT INTO {FTS_TABLE}(rowid, title_words, body_words) "
        "VALUES (new.id, new.title_words, new.body_words); END"
    ),
}


# ---- words ---------------------------------------------------------------------------------------------


def tokens(word: str) -> list[str]:
    """The parts of a word made of letters and digits only (both databases keep such a token whole);
    pure numbers and over-long parts are dropped."""
    parts: list[str] = []
    current: list[str] = []
    for ch in [*word, " "]:
        if unicodedata.category(ch)[0] in "LN":
            current.append(ch)
            continue
        if current:
            part = "".join(current)
            if not part.isdigit() and len(part) <= MAX_TOKEN:
                parts.append(part)
            current = []
    return parts


def _inner_words(word: str, freq: dict[str, int]) -> list[str]:
    """Dictionary words of two and three characters inside a longer word (jieba's search mode)."""
    inner = []
    for n in (2, 3):
        if len(word) > n:
            for i in range(len(word) - n + 1):
                gram = word[i : i + n]
                if freq.get(gram) and gram not in STOP_WORDS:
                    inner.append(gram)
    return inner


def index_words(text: str) -> list[str]:
    """The tokens a text is indexed under: its words in order, each preceded by its inner words."""
    freq = _current().FREQ
    out: list[str] = []
    for word in segment(text):
        for token in tokens(word):
            out.extend(_inner_words(token, freq))
            out.append(token)
    return out


@functools.lru_cache(maxsize=200_000)
def _sentence_words(sentence: str, terms: object) -> str:
    return " ".join(index_words(sentence))


def indexed_text(text: str) -> str:
    """:func:`index_words` of a text as the index stores it, segmenting each sentence once per process
    (jieba cuts at punctuation anyway, so the words are those of the whole text): bulk writers of many
    texts that share sentences pay for each sentence once."""
    terms = loaded_terms()  # the cache holds for the dictionary it was filled with
    pieces = (_sentence_words(p, terms) for p in _SENTENCE.split(text or ""))
    return " ".join(p for p in pieces if p)


def query_terms(words: list[str]) -> list[tuple[str, list[str]]]:
    """Each query word with the dictionary words inside it: the word matches where it was indexed whole,
    or where all its inner words were (the text segmented it differently: 服务设施 in 养老服务设施)."""
    freq = _current().FREQ
    return [(word, list(dict.fromkeys(_inner_words(word, freq)))) for word in words]


def query_words(query: str) -> list[str]:
    """The words a query asks for, each once, in order (at most ``MAX_QUERY_WORDS``)."""
    seen: list[str] = []
    for word in segment((query or "")[:200]):
        for token in tokens(word):
            if token not in seen:
                seen.append(token)
    return seen[:MAX_QUERY_WORDS]


# ---- the index -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """What one object contributes to the index."""

    object_id: int
    jurisdiction_id: int | None
    title: str
    body: str


@dataclass(frozen=True)
class Source:
    """A kind of object in the index: its label and every document it should hold now."""

    kind: str
    label: str
    documents: Callable[[], Iterable[Doc]]


_SOURCES: dict[str, Source] = {}


def register_source(kind: str, label: str, documents: Callable[[], Iterable[Doc]]) -> Source:
    if kind in _SOURCES:
        raise ValueError(f"search source {kind!r} registered twice")
    source = Source(kind, label, documents)
    _SOURCES[kind] = source
    return source


def sources() -> list[Source]:
    return list(_SOURCES.values())


def _row(kind: str, doc: Doc, version: str) -> SearchDocument:
    return SearchDocument(
        kind=kind,
        object_id=doc.object_id,
        jurisdiction_id=doc.jurisdiction_id,
        title_words=indexed_text(doc.title),
        body_words=indexed_text(doc.body),
        dictionary=version,
    )


def put(kind: str, doc: Doc) -> SearchDocument:
    """Index (or re-index) one object: segments title and body and writes its row, whose database index
    follows in the same transaction. Call it inside the transaction that changes the object."""
    row = _row(kind, doc, dictionary_version())
    fields = ("jurisdiction_id", "title_words", "body_words", "dictionary")
    obj, _ = SearchDocument.objects.update_or_create(
        kind=kind, object_id=doc.object_id, defaults={f: getattr(row, f) for f in fields}
    )
    return obj


def bulk_put(kind: str, docs: Iterable[Doc], batch: int = 2000) -> int:
    """Index objects that are not in the index yet (a bulk writer's new rows), in batches; answers how many."""
    version = dictionary_version()
    rows, count = [], 0
    for doc in docs:
        rows.append(_row(kind, doc, version))
        if len(rows) >= batch:
            count += len(SearchDocument.objects.bulk_create(rows))
            rows = []
    return count + len(SearchDocument.objects.bulk_create(rows))


def drop(kind: str, object_id: int) -> int:
    """Remove one object from the index; returns how many rows went (0 when it was not there)."""
    deleted, _ = SearchDocument.objects.filter(kind=kind, object_id=object_id).delete()
    return deleted


def ensure_index(using: str = "default") -> None:
    """On SQLite, create the FTS5 table and its triggers where missing and rebuild the FTS5 index from the
    document table; on PostgreSQL the generated column needs nothing."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(title_words, body_words, "
            "content='textindex_searchdocument', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 0')"
        )
        for name, body in SQLITE_TRIGGERS.items():
            cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def rebuild(kind: str | None = None) -> dict[str, int]:
    """Re-segment and rewrite the documents of one kind (or of every registered kind), all or nothing;
    objects that no longer qualify leave the index. Returns the count per kind."""
    chosen = [_SOURCES[kind]] if kind else sources()
    version = dictionary_version()
    counts: dict[str, int] = {}
    with writing():
        for source in chosen:
            SearchDocument.objects.filter(kind=source.kind).delete()
            rows = [_row(source.kind, doc, version) for doc in source.documents()]
            SearchDocument.objects.bulk_create(rows, batch_size=500)
            counts[source.kind] = len(rows)
        ensure_index()
        from banli.reports.cache import renew_names

        renew_names()  # the lists' counts kept under the figures' versions match other documents now
    return counts


# ---- searching -----------------------------------------------------------------------------------------


@dataclass
class Hits:
    """One page of ranked matches: ``ids`` best first, ``total`` over every page."""

    words: list[str]
    total: int = 0
    ids: list[int] = field(default_factory=list)
    marks: list[str] = field(default_factory=list)  # what a snippet highlights: the words and their parts


def _within_sql(within: QuerySet) -> tuple[str, tuple[object, ...]]:  # type: ignore[type-arg]
    query = within.order_by().values("pk").query
    sql, params = query.get_compiler(using=within.db).as_sql()
    return sql, tuple(params)


def _match(vendor: str, terms: list[tuple[str, list[str]]]) -> tuple[str, str, str, str]:
    """For one database: the FROM/WHERE of the documents holding every term (one ``%s`` for the match
    expression, one for the kind), the expression, the rank and its order."""
    if vendor == "sqlite":
        expression = " AND ".join(
            f'("{w}" OR ({" AND ".join(f"{chr(34)}{p}{chr(34)}" for p in parts)}))' if parts else f'"{w}"'
            for w, parts in terms
        )
        source = (
            f"FROM {FTS_TABLE} JOIN textindex_searchdocument d ON d.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND d.kind = %s"
        )
        return source, expression, f"bm25({FTS_TABLE}, {TITLE_WEIGHT}, {BODY_WEIGHT})", "rank ASC"
    if vendor == "postgresql":
        # every operand is letters and digits only (see tokens), so it needs no quoting
        expression = " & ".join(f"({w} | ({' & '.join(parts)}))" if parts else w for w, parts in terms)
        source = "FROM textindex_searchdocument d, to_tsquery('simple', %s) q WHERE d.search_vector @@ q AND d.kind = %s"
        return source, expression, "ts_rank(d.search_vector, q)", "rank DESC"
    raise NotImplementedError(f"全文检索不支持数据库 {vendor}")


def matching(kind: str, query: str, using: str = "default") -> tuple[str, tuple[object, ...]] | None:
    """A subquery (SQL and parameters) of the ids of the objects of ``kind`` whose document holds every
    word of the query, for ``pk__in=RawSQL(…)`` in a caller's own list (its filters, order and pages);
    None when the query has no word to search (only numbers or stop words)."""
    words = query_words(query)
    if not words:
        return None
    source, expression, _rank, _order = _match(connections[using].vendor, query_terms(words))
    return f"SELECT d.object_id {source}", (expression, kind)


def search(kind: str, query: str, within: QuerySet, *, offset: int = 0, limit: int = 20) -> Hits:  # type: ignore[type-arg]
    """The objects of ``within`` (a queryset of the kind's model) whose document holds every word of the
    query, best match first (ties: newest object first), one page of them, and how many in all.

    Two queries: the count and the page. Reads only.
    """
    words = query_words(query)
    terms = query_terms(words)
    hits = Hits(words=words, marks=list(dict.fromkeys([*words, *(p for _, parts in terms for p in parts)])))
    if not words:
        return hits
    connection = connections[within.db]
    sub_sql, sub_params = _within_sql(within)
    source, expression, rank, order = _match(connection.vendor, terms)
    # EXISTS over the caller's rows, correlated on the id: SQLite made ``IN (…)`` a list of every row of
    # the caller's queryset first (all 120,000 public replies, 0.4 s), and probes by id this way;
    # PostgreSQL plans both as the same semi-join.
    source = f"{source} AND EXISTS (SELECT 1 FROM ({sub_sql}) w WHERE w.pk = d.object_id)"
    params: tuple[object, ...] = (expression, kind, *sub_params)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) {source}", params)
        hits.total = cursor.fetchone()[0]
        if hits.total and offset < hits.total:
            cursor.execute(
                f"SELECT d.object_id, {rank} AS rank {source} ORDER BY {order}, d.object_id DESC "
                "LIMIT %s OFFSET %s",
                (*params, limit, offset),
            )
            hits.ids = [row[0] for row in cursor.fetchall()]
    return hits


def _pattern(words: Iterable[str]) -> re.Pattern[str] | None:
    ordered = sorted({w for w in words if w}, key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in ordered), re.IGNORECASE) if ordered else None


def highlight(text: str, words: Iterable[str], length: int | None = None) -> SafeString:
    """``text`` escaped as HTML with the query's words in ``<mark>``; with ``length``, only a passage of
    about that many characters around the first match (the beginning if nothing matches), with … where
    it is cut. Safe to print as is: every character of the text is escaped."""
    text = text or ""
    pattern = _pattern(words)
    if length is not None and len(text) > length:
        found = pattern.search(text) if pattern else None
        start = max(0, found.start() - length // 4) if found else 0
        end = min(len(text), start + length)
        start = max(0, end - length)
        text = ("…" if start else "") + text[start:end].strip() + ("…" if end < len(text) else "")
    if pattern is None:
        return mark_safe(escape(text))
    out, last = [], 0
    for m in pattern.finditer(text):
        out.append(escape(text[last : m.start()]))
        out.append(f"<mark>{escape(m.group())}</mark>")
        last = m.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))  # every piece escaped
