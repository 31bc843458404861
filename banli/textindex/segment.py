"""Chinese word segmentation with jieba, the domain dictionary and a stop-word list.

One private :class:`jieba.Tokenizer` per process, built lazily at the first call of :func:`segment`:
jieba's main dictionary, then ``dictionary.txt`` shipped with this app, then the active :class:`Term` rows
an administrator added. When the terms change (a signal in this process; a different fingerprint seen by
:func:`dictionary_version` or :func:`ensure_terms_current` for another process's change), a fresh
tokenizer replaces the old one, so a segmentation already under way finishes with a consistent dictionary.
jieba's own log ("Building prefix dict…") is silenced to warnings.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import unicodedata
from datetime import datetime
from pathlib import Path

import jieba
from django.db import DatabaseError
from django.db.models import Count, Max

from banli.core.transactions import writing

logger = logging.getLogger("banli.textindex")

#: Change when the way text is segmented changes, so segmentations stored in the database are redone.
SEGMENTER_VERSION = "1"

DICTIONARY_PATH = Path(__file__).with_name("dictionary.txt")
STOPWORDS_PATH = Path(__file__).with_name("stopwords.txt")


def _read_words(path: Path) -> list[str]:
    """The space- or line-separated words of a file, without ``#`` comment lines."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [w for line in lines if not line.lstrip().startswith("#") for w in line.split()]


#: Words that say nothing about the matter: function words and the boilerplate of every submission.
STOP_WORDS: frozenset[str] = frozenset(_read_words(STOPWORDS_PATH))

#: Boilerplate removed from the text used for character n-grams. Only phrases that never sit inside a
#: content word: removing 通过 would break 交通过于拥堵.
CHAR_STOP_PHRASES: tuple[str, ...] = ("关于", "建议", "提案", "议案", "我市", "本市", "全市", "进一步")

_NUMBER = re.compile(r"^[\d.%]+$")
_NOT_WORD = re.compile(r"[^\w]+")

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_terms_loaded: tuple[int, datetime | None] | None = None
_stale = False

TermsFingerprint = tuple[int, "datetime | None"]


def normalise(text: str) -> str:
    """Compatibility forms folded (NFKC: full-width letters, digits and punctuation to half-width) and
    letters lower-cased."""
    return unicodedata.normalize("NFKC", text or "").lower()


def char_text(text: str) -> str:
    """The text for character n-grams: normalised, stop phrases and punctuation turned into spaces."""
    text = normalise(text)
    for phrase in CHAR_STOP_PHRASES:
        text = text.replace(phrase, " ")
    return _NOT_WORD.sub(" ", text).replace("_", " ").strip()


def shipped_terms() -> list[tuple[str, int | None]]:
    """The (word, frequency) pairs of ``dictionary.txt``; frequency None lets jieba choose."""
    terms: list[tuple[str, int | None]] = []
    for line in DICTIONARY_PATH.read_text(encoding="utf-8").splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else None
        terms.append((parts[0], freq))
    return terms


def terms_fingerprint() -> TermsFingerprint:
    """(count, latest change) of every :class:`Term` row: it changes whenever a term is added, edited or
    deleted. Reads the database; changes nothing."""
    from banli.textindex.models import Term

    row = Term.objects.aggregate(n=Count("*"), latest=Max("updated_at"))
    return (row["n"], row["latest"])


def _admin_terms() -> tuple[list[tuple[str, int | None]], TermsFingerprint | None]:
    """The active terms and their fingerprint; ([], None) when the database cannot be read (not migrated
    yet, or no database in this context), so segmentation still works with the shipped terms."""
    from banli.textindex.models import Term

    try:
        with writing():
            fingerprint = terms_fingerprint()
            rows = list(Term.objects.filter(is_active=True).values_list("word", "freq"))
    except DatabaseError:
        logger.warning("分词词语表无法读取，暂仅使用内置词典", exc_info=True)
        return [], None
    return [(w.strip(), f) for w, f in rows if w.strip()], fingerprint


def _build() -> None:
    """Replace the process's tokenizer with a fresh one holding the shipped and the active admin terms.

    Changes the module's tokenizer and loaded-terms fingerprint; jieba's log is silenced to warnings.
    Caller holds ``_lock``.
    """
    global _tokenizer, _terms_loaded, _stale
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    admin_terms, fingerprint = _admin_terms()
    for word, freq in [*shipped_terms(), *admin_terms]:
        tokenizer.add_word(word, freq)
    _tokenizer, _terms_loaded, _stale = tokenizer, fingerprint, False


def _current() -> jieba.Tokenizer:
    tokenizer = _tokenizer
    if tokenizer is None or _stale:
        with _lock:
            if _tokenizer is None or _stale:
                _build()
        tokenizer = _tokenizer
    assert tokenizer is not None
    return tokenizer


def loaded_terms() -> TermsFingerprint | None:
    """The fingerprint of the terms the process's tokenizer holds (building it first if need be): what a
    cache of segmentations is valid for."""
    _current()
    return _terms_loaded


def mark_terms_stale() -> None:
    """Make the next :func:`segment` rebuild the tokenizer (after a term was added, edited or deleted)."""
    global _stale
    _stale = True


def ensure_terms_current(fingerprint: TermsFingerprint | None = None) -> TermsFingerprint | None:
    """Rebuild the tokenizer when the terms in the database differ from those loaded; return the
    fingerprint of the terms now loaded. Pass ``fingerprint`` when the caller has just read it."""
    _current()
    if fingerprint is None:
        fingerprint = terms_fingerprint()
    if fingerprint != _terms_loaded:
        with _lock:
            if fingerprint != _terms_loaded:
                _build()
    return _terms_loaded


@functools.cache
def _shipped_digest() -> str:
    """Digest of everything shipped that decides segmentation (code version, jieba, the two word lists)."""
    parts = [
        SEGMENTER_VERSION,
        jieba.__version__,
        DICTIONARY_PATH.read_text("utf-8"),
        STOPWORDS_PATH.read_text("utf-8"),
    ]
    return hashlib.sha1("\x00".join(parts).encode()).hexdigest()


def dictionary_version(fingerprint: TermsFingerprint | None = None) -> str:
    """A short name of the dictionary in use: the shipped word lists and the administrators' terms.

    Stored segmentations carry it, so they are redone when it changes. Reads the terms' fingerprint
    (unless given) but builds no tokenizer; when the process's tokenizer holds other terms, it is marked
    stale, so the next :func:`segment` uses the terms this version names.
    """
    if fingerprint is None:
        fingerprint = terms_fingerprint()
    if _tokenizer is not None and fingerprint != _terms_loaded:
        mark_terms_stale()
    count, latest = fingerprint
    stamp = latest.isoformat() if latest else ""
    return hashlib.sha1(f"{_shipped_digest()}|{count}|{stamp}".encode()).hexdigest()[:16]


def loaded_terms_fingerprint() -> TermsFingerprint | None:
    """The fingerprint of the terms in the current tokenizer (None before the first use)."""
    return _terms_loaded


def segment(text: str) -> list[str]:
    """The words of ``text`` in order (jieba precise mode), without punctuation, numbers and stop words.

    Letters are lower-cased and full-width characters normalised. Builds the tokenizer on first use.
    """
    if not text:
        return []
    words: list[str] = []
    for token in _current().cut(normalise(text), cut_all=False, HMM=True):
        token = token.strip()
        if not token or token in STOP_WORDS or _NUMBER.match(token):
            continue
        if not any(ch.isalnum() for ch in token):
            continue
        words.append(token)
    return words
