"""Similar submissions: TF-IDF over jieba words and character 2–3-grams, the title weighted more.

The model of a jurisdiction covers all its non-draft submissions, of every year and every reader. It is
kept in this process's memory, keyed by a fingerprint (count, latest ``updated_at`` and highest pk of
those submissions, and the dictionary version); a query compares the fingerprint (two small aggregate
queries) and refits when it changed. Results are then narrowed to the caller's queryset, which the caller
has passed through the permission policy, so nobody sees a match they may not see.

What makes a refit cheap:
- the words of each item are stored in :class:`~banli.textindex.models.SegmentedText` (a cache keyed by
  the item's ``updated_at`` and the dictionary version), so a new process does not segment again;
- this process keeps each item's counts (words against a vocabulary that only grows; character n-grams
  hashed into a fixed number of columns), so a refit counts only the changed items and recomputes the
  weights for all at once with sklearn's ``TfidfTransformer`` (what ``TfidfVectorizer`` does after
  counting).

Score = weighted average of four cosine similarities (words of the title, words of title + body,
character n-grams of the title, of title + body) over the parts the query has; it lies in 0..1. Words the
corpus never saw still count in the query's length, so sharing one common word is not a perfect match.
"""

from __future__ import annotations

import itertools
import logging
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from django.db import DatabaseError
from django.db.models import Count, Max, QuerySet
from scipy import sparse
from sklearn.feature_extraction.text import TfidfTransformer

from banli.core.transactions import writing
from banli.submissions.models import Submission, SubmissionState
from banli.textindex.models import SegmentedText
from banli.textindex.segment import char_text, dictionary_version, segment

logger = logging.getLogger("banli.textindex")

#: Weight of each block in the score; the title counts in its own blocks and again in the full text.
WEIGHTS: dict[str, float] = {"title_words": 0.25, "title_chars": 0.15, "all_words": 0.35, "all_chars": 0.25}
#: Matches below this score are not worth showing (distinct suggestions of one city stay below ~0.12).
MIN_SCORE = 0.1
#: How many shared words explain a match.
SHARED_WORDS = 5
#: Pks checked against the caller's queryset per query, best first.
_CHUNK = 200

Fingerprint = tuple[int, "datetime | None", "int | None", str]
Row = tuple[np.ndarray, np.ndarray]  # (columns, counts) of one document in one feature space


#: Character n-grams are hashed into this many columns: no vocabulary to grow, keep or look up.
_CHAR_BITS = 20
CHAR_COLUMNS = 1 << _CHAR_BITS
_SPACE = 32
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)  # Fibonacci hashing: multiply, keep the top bits


def char_gram_row(text: str) -> Row:
    """Counts of the character 2- and 3-grams inside each space-separated clause of ``text`` (as made by
    :func:`~banli.textindex.segment.char_text`), hashed into ``CHAR_COLUMNS`` columns; a one-character
    clause counts as itself. Like sklearn's ``char_wb`` analyzer with ``ngram_range=(2, 3)``, but in
    numpy: code points, n-gram ids by shifting (21 bits a character), one ``np.unique``.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if not len(codes):
        return np.empty(0, np.int32), np.empty(0, np.float32)
    padded = np.concatenate(([_SPACE], codes, [_SPACE, _SPACE])).astype(np.uint64)
    before, first, second, third = padded[:-3], padded[1:-2], padded[2:-1], padded[3:]
    in_first, in_second, in_third = first != _SPACE, second != _SPACE, third != _SPACE
    ids = np.concatenate(
        (
            first[in_first & ~in_second & (before == _SPACE)],
            (first << np.uint64(21) | second)[in_first & in_second],
            (first << np.uint64(42) | second << np.uint64(21) | third)[in_first & in_second & in_third],
        )
    )
    hashed = (ids * _GOLDEN) >> np.uint64(64 - _CHAR_BITS)
    cols, counts = np.unique(hashed.astype(np.int32), return_counts=True)
    return cols, counts.astype(np.float32)


class FeatureSpace:
    """Token → column, growing as new tokens appear; shared by the successive models of a jurisdiction.

    Only a refit (under the jurisdiction's lock) adds tokens; queries, in other threads, only read
    (``dict.get`` and list slices, which need no lock). A model remembers how many columns existed when it
    was fitted, and queries ignore later ones.
    """

    def __init__(self) -> None:
        self.columns: dict[str, int] = {}
        self._tokens: list[str] = []

    def __len__(self) -> int:
        return len(self.columns)

    def add(self, tokens: Iterable[str]) -> Row:
        """Count ``tokens`` into a row, giving new tokens the next columns."""
        counts = Counter(tokens)
        columns = self.columns
        setdefault = columns.setdefault
        known = len(columns)
        # setdefault inserts a new token with the current size, which is its column (one C call a token)
        cols = np.array([setdefault(token, len(columns)) for token in counts], dtype=np.int32)
        if len(columns) > known:  # the dictionary keeps insertion order: the new keys are the new columns
            self._tokens.extend(itertools.islice(columns, known, None))
        return cols, np.fromiter(counts.values(), dtype=np.float32, count=len(counts))

    def lookup(self, tokens: Iterable[str], width: int) -> tuple[Row, list[int]]:
        """Count ``tokens`` into a row of the first ``width`` columns; the counts of the others (tokens
        unknown to the model) are returned apart."""
        cols: list[int] = []
        values: list[float] = []
        unseen: list[int] = []
        for token, count in Counter(tokens).items():
            col = self.columns.get(token)
            if col is None or col >= width:
                unseen.append(count)
            else:
                cols.append(col)
                values.append(count)
        return (np.array(cols, dtype=np.int32), np.array(values, dtype=np.float32)), unseen

    def tokens(self, width: int) -> list[str]:
        """The tokens of the first ``width`` columns, in column order."""
        return self._tokens[:width]


@dataclass(frozen=True)
class Features:
    """One submission's counts in the four blocks, and the version of the text they were made from."""

    updated_at: datetime | None
    dictionary: str
    rows: dict[str, Row]


@dataclass(frozen=True)
class Match:
    """A similar submission, its score (0..1, two decimals) and the words it shares with the query."""

    submission: Submission
    score: float
    shared_words: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(self.score * 100)


@dataclass
class _Corpus:
    """What this process keeps between the models of one jurisdiction."""

    words: FeatureSpace = field(default_factory=FeatureSpace)
    features: dict[int, Features] = field(default_factory=dict)


def _featurise(
    corpus: _Corpus, title_words: Sequence[str], body_words: Sequence[str], title: str, body: str
) -> dict[str, Row]:
    title_chars = char_text(title)
    return {
        "title_words": corpus.words.add(title_words),
        "all_words": corpus.words.add([*title_words, *body_words]),
        "title_chars": char_gram_row(title_chars),
        "all_chars": char_gram_row(f"{title_chars} {char_text(body)}"),
    }


def _stack(rows: Sequence[Row], width: int) -> sparse.csr_matrix:
    lengths = np.fromiter((len(c) for c, _ in rows), dtype=np.int64, count=len(rows))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    cols = np.concatenate([c for c, _ in rows]) if rows else np.empty(0, np.int32)
    values = np.concatenate([v for _, v in rows]) if rows else np.empty(0, np.float32)
    return sparse.csr_matrix((values, cols, indptr), shape=(len(rows), width))


class TextIndex:
    """A fitted model over fixed documents. Immutable once built; safe to share across threads."""

    BLOCKS = {"title_words": "words", "all_words": "words", "title_chars": "chars", "all_chars": "chars"}

    def __init__(
        self,
        corpus: _Corpus,
        pks: Sequence[int],
        fingerprint: Fingerprint | None = None,
    ) -> None:
        """Weigh the counts of ``pks`` (already in ``corpus.features``): idf from the full texts, sublinear
        tf, rows normalised to length 1."""
        self.corpus = corpus
        self.fingerprint = fingerprint
        self.pks = np.array(pks, dtype=np.int64)
        self.width = {"words": len(corpus.words), "chars": CHAR_COLUMNS}
        self.rows = {pk: corpus.features[pk].rows for pk in pks}
        self.matrices: dict[str, sparse.csr_matrix] = {}
        self.idf: dict[str, np.ndarray] = {}
        self.seconds = 0.0
        self.stats: dict[str, int] = {}
        self._tokens: list[str] | None = None
        self._position: dict[int, int] | None = None
        for kind in ("words", "chars"):
            transformer = TfidfTransformer(sublinear_tf=True)
            full = _stack([self.rows[pk][f"all_{kind}"] for pk in pks], self.width[kind])
            title = _stack([self.rows[pk][f"title_{kind}"] for pk in pks], self.width[kind])
            if len(pks) and self.width[kind]:
                self.matrices[f"all_{kind}"] = transformer.fit_transform(full).tocsr()
                self.matrices[f"title_{kind}"] = transformer.transform(title).tocsr()
                self.idf[kind] = transformer.idf_.astype(np.float32)  # 4 MB for the hashed n-grams

    def __len__(self) -> int:
        return len(self.pks)

    def _word_tokens(self) -> list[str]:
        """The model's words by column, listed at first use (only explanations need them)."""
        if self._tokens is None:
            self._tokens = self.corpus.words.tokens(self.width["words"])
        return self._tokens

    def _query_vector(self, kind: str, row: Row, unseen: Sequence[int] = ()) -> sparse.csr_matrix:
        """The query's row, L2-normalised *including* the ``unseen`` tokens (counts of words the model
        never saw, weighing what a word of document frequency 0 would): otherwise a query sharing one word
        and nothing else would look identical to every document with that word. Hashed n-grams need no
        such care: an n-gram no document has has its column, with document frequency 0."""
        cols, counts = row
        values = (1.0 + np.log(counts.astype(np.float64))) * self.idf[kind][cols]
        unseen_idf = np.log(1.0 + len(self.pks)) + 1.0
        norm2 = float(np.sum(values**2)) + sum(((1.0 + np.log(c)) * unseen_idf) ** 2 for c in unseen)
        if norm2:
            values = values / np.sqrt(norm2)
        return sparse.csr_matrix((values, cols, np.array([0, len(cols)])), shape=(1, self.width[kind]))

    def scores(self, title: str, body: str) -> tuple[np.ndarray, dict[str, sparse.csr_matrix]]:
        """Score of every document against the query, in the order of ``self.pks``, and the query's
        word rows (for :meth:`shared_words`)."""
        total = np.zeros(len(self.pks), dtype=np.float64)
        if not len(self.pks):
            return total, {}
        title_words, body_words = segment(title), segment(body)
        title_chars = char_text(title)
        all_chars = f"{title_chars} {char_text(body)}"
        rows: dict[str, tuple[Row, list[int]]] = {
            "title_words": self.corpus.words.lookup(title_words, self.width["words"]),
            "all_words": self.corpus.words.lookup([*title_words, *body_words], self.width["words"]),
            "title_chars": (char_gram_row(title_chars), []),
            "all_chars": (char_gram_row(all_chars), []),
        }
        vectors: dict[str, sparse.csr_matrix] = {}
        weight_sum = 0.0
        for name, weight in WEIGHTS.items():
            row, unseen = rows[name]
            if not len(row[0]) and not unseen:
                continue  # the query lacks this part (no body yet): leave it out of the average
            weight_sum += weight
            if name not in self.matrices:
                continue  # no document has any such token: similarity 0
            vectors[name] = self._query_vector(self.BLOCKS[name], row, unseen)
            total += weight * (self.matrices[name] @ vectors[name].T).toarray().ravel()
        if weight_sum:
            total /= weight_sum
        return np.clip(total, 0.0, 1.0), vectors

    def ranked(
        self, title: str, body: str = "", *, exclude_pk: int | None = None, min_score: float = MIN_SCORE
    ) -> tuple[list[tuple[int, float]], dict[str, sparse.csr_matrix]]:
        """(pk, score) of documents scoring at least ``min_score``, best first, without ``exclude_pk``;
        and the query's word rows."""
        scores, vectors = self.scores(title, body)
        keep = np.flatnonzero(scores >= min_score)
        order = keep[np.argsort(-scores[keep], kind="stable")]
        ranked = [(int(self.pks[i]), float(scores[i])) for i in order if int(self.pks[i]) != exclude_pk]
        return ranked, vectors

    def shared_words(
        self, query: dict[str, sparse.csr_matrix], pk: int, limit: int = SHARED_WORDS
    ) -> list[str]:
        """Words of two or more characters that document ``pk`` shares with the query: those in both
        titles first, then by how much each adds to the similarity (query weight × document weight)."""
        position = self._positions().get(pk)
        if position is None or "all_words" not in query or "all_words" not in self.matrices:
            return []
        doc = self.matrices["all_words"].getrow(position)
        doc_weight = dict(zip(doc.indices.tolist(), doc.data.tolist(), strict=True))
        q = query["all_words"]
        contribution = {
            col: weight * doc_weight[col]
            for col, weight in zip(q.indices.tolist(), q.data.tolist(), strict=True)
            if col in doc_weight
        }
        title = query.get("title_words")
        in_title = (
            set(title.indices.tolist()) & set(self.rows[pk]["title_words"][0].tolist())
            if title is not None
            else set()
        )
        tokens = self._word_tokens()
        ordered = sorted(contribution, key=lambda c: (c not in in_title, -contribution[c], tokens[c]))
        return [tokens[c] for c in ordered if len(tokens[c]) > 1][:limit]

    def _positions(self) -> dict[int, int]:
        """pk → row of the matrices, listed at first use."""
        if self._position is None:
            self._position = {int(pk): i for i, pk in enumerate(self.pks)}
        return self._position


# ---- the per-process cache -----------------------------------------------------------------------------

_corpora: dict[int, _Corpus] = {}
_indexes: dict[int, TextIndex] = {}
_locks: dict[int, threading.Lock] = {}
_locks_guard = threading.Lock()


def _lock_for(jurisdiction_id: int) -> threading.Lock:
    with _locks_guard:
        return _locks.setdefault(jurisdiction_id, threading.Lock())


def indexed_submissions(jurisdiction_id: int) -> QuerySet[Submission]:
    """What the model of a jurisdiction covers: its submissions that are not drafts, of every year."""
    return Submission.objects.filter(jurisdiction_id=jurisdiction_id).exclude(state=SubmissionState.DRAFT)


def fingerprint_of(jurisdiction_id: int) -> Fingerprint:
    """(count, latest update, highest pk) of the indexed submissions, and the dictionary version.

    Reads the database (and may reload the dictionary, see ``dictionary_version``). Editing, adding,
    submitting or deleting an item changes it; a workflow ``update()`` that touches only the state does not
    (nor need it: the text did not change).
    """
    row = indexed_submissions(jurisdiction_id).aggregate(
        n=Count("*"), latest=Max("updated_at"), top=Max("pk")
    )
    return (row["n"], row["latest"], row["top"], dictionary_version())


def _store(segmented: list[SegmentedText]) -> None:
    """Save fresh segmentations for the next process; a failure (an item deleted meanwhile, a read-only
    replica) costs only speed, so it is logged, not raised."""
    if not segmented:
        return
    try:
        with writing():
            SegmentedText.objects.bulk_create(
                segmented,
                batch_size=500,
                update_conflicts=True,
                unique_fields=["submission"],
                update_fields=[
                    "title_words",
                    "body_words",
                    "source_updated_at",
                    "dictionary",
                    "segmented_at",
                ],
            )
    except DatabaseError:
        logger.warning("分词结果未能保存，下次启动时将重新分词", exc_info=True)


def build_index(jurisdiction_id: int, *, resegment: bool = False) -> TextIndex:
    """Fit a new model over the jurisdiction's indexed submissions, cache it and return it.

    Items unchanged since this process last saw them keep their counts; others take their words from
    :class:`SegmentedText` when it matches their ``updated_at`` and the dictionary version, and are
    segmented otherwise (``resegment`` forces that for all), which writes :class:`SegmentedText`. The
    fingerprint is that of exactly the rows read, so a change made meanwhile triggers the next refit.
    Caller holds the jurisdiction's lock.
    """
    started = time.perf_counter()
    dictionary = dictionary_version()
    corpus = _corpora.get(jurisdiction_id)
    if corpus is None or resegment:
        corpus = _corpora[jurisdiction_id] = _Corpus()
    rows = (
        indexed_submissions(jurisdiction_id)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "problem",
            "advice",
            "updated_at",
            "segmented__title_words",
            "segmented__body_words",
            "segmented__source_updated_at",
            "segmented__dictionary",
        )
    )
    features: dict[int, Features] = {}
    to_store: list[SegmentedText] = []
    stats = {"memory": 0, "stored": 0, "segmented": 0}
    latest: datetime | None = None
    for pk, title, problem, advice, updated_at, s_title, s_body, s_updated, s_dictionary in rows.iterator(
        chunk_size=2000
    ):
        latest = updated_at if latest is None or updated_at > latest else latest
        body = f"{problem}\n{advice}"
        known = corpus.features.get(pk)
        if known is not None and known.updated_at == updated_at and known.dictionary == dictionary:
            features[pk] = known
            stats["memory"] += 1
            continue
        if not resegment and s_dictionary == dictionary and s_updated == updated_at:
            title_words, body_words = (s_title or "").split(), (s_body or "").split()
            stats["stored"] += 1
        else:
            title_words, body_words = segment(title), segment(body)
            to_store.append(
                SegmentedText(
                    submission_id=pk,
                    title_words=" ".join(title_words),
                    body_words=" ".join(body_words),
                    source_updated_at=updated_at,
                    dictionary=dictionary,
                )
            )
            stats["segmented"] += 1
        features[pk] = Features(
            updated_at, dictionary, _featurise(corpus, title_words, body_words, title, body)
        )
    _store(to_store)
    corpus.features = features
    pks = list(features)
    index = TextIndex(corpus, pks, (len(pks), latest, pks[-1] if pks else None, dictionary))
    index.stats = stats
    index.seconds = time.perf_counter() - started
    _indexes[jurisdiction_id] = index
    return index


def get_index(jurisdiction_id: int) -> TextIndex:
    """The cached model of the jurisdiction, refitted first when its fingerprint changed.

    Changes this process's cache; concurrent callers of one jurisdiction wait for a single refit.
    """
    index = _indexes.get(jurisdiction_id)
    if index is not None and index.fingerprint == fingerprint_of(jurisdiction_id):
        return index
    with _lock_for(jurisdiction_id):
        index = _indexes.get(jurisdiction_id)
        if index is not None and index.fingerprint == fingerprint_of(jurisdiction_id):
            return index  # another thread refitted while this one waited
        return build_index(jurisdiction_id)


def rebuild(jurisdiction_id: int, *, resegment: bool = False) -> TextIndex:
    """Refit the jurisdiction's model from the database, forgetting what this process kept, and cache it.

    With ``resegment``, every item is segmented again and its stored words rewritten.
    """
    with _lock_for(jurisdiction_id):
        _corpora.pop(jurisdiction_id, None)
        return build_index(jurisdiction_id, resegment=resegment)


def clear_cache() -> None:
    """Forget every model and count this process keeps."""
    _indexes.clear()
    _corpora.clear()


def similar_to(
    text_title: str,
    text_body: str,
    *,
    jurisdiction_id: int,
    candidates_qs: QuerySet[Submission],
    exclude_pk: int | None = None,
    limit: int = 5,
    min_score: float = MIN_SCORE,
) -> list[Match]:
    """The submissions of ``candidates_qs`` most similar to a title and body, best first.

    ``candidates_qs`` must already be scoped by the permission policy (``scope(user, …)``); only those of
    its members that are in the jurisdiction's model (non-drafts) can be returned. Reads the database; may
    refit the cached model (see :func:`get_index`).
    """
    if not (text_title or "").strip() and not (text_body or "").strip():
        return []
    index = get_index(jurisdiction_id)  # first: it may reload the dictionary the query is segmented with
    ranked, query = index.ranked(
        text_title or "", text_body or "", exclude_pk=exclude_pk, min_score=min_score
    )
    matches: list[Match] = []
    for start in range(0, len(ranked), _CHUNK):
        chunk = ranked[start : start + _CHUNK]
        visible = {s.pk: s for s in candidates_qs.filter(pk__in=[pk for pk, _ in chunk])}
        for pk, score in chunk:
            submission = visible.get(pk)
            if submission is None:
                continue
            matches.append(Match(submission, round(score, 2), index.shared_words(query, pk)))
            if len(matches) >= limit:
                return matches
    return matches
