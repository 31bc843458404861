"""What the dashboard computes from the summary table, kept in the cache under the versions of the
figures it read (``FiguresVersion``): the figures of a closed year are computed once and read again
until one of that year's items changes, and a write in the current year leaves the earlier years'
entries as they are.

A key holds:

- the user and what decides what they see (their roles and memberships), so nobody is ever given
  figures computed for somebody else;
- today's date (an open deadline becomes late with the date, without any write);
- the code that computes and shows them (:func:`code_version`), so a shared cache (Redis) never hands
  a new release what an older one kept;
- the tokens of the (jurisdiction, year) pairs read, and the token of the names and rules every
  figure is shown with (pair (0, 0), renewed by :func:`renew_names` on any change of a unit,
  category, session, rating option, result category, role…).

The tokens are read in one query of a few rows per request (:func:`versions`); a write renews them in
its own transaction (``reports.summary``), so a reader either sees the write and the new token or
neither.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from functools import cache as once
from pathlib import Path
from typing import Any, TypeVar

from django.core.exceptions import EmptyResultSet
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Q, QuerySet
from django.utils import timezone

from banli.core import cached
from banli.core.models.org import User
from banli.core.policies import memberships_of, roles_of, user_jurisdictions
from banli.reports.models import FiguresVersion

T = TypeVar("T")
#: Everything shown beside the figures (names, rules): the pair whose token they are kept under.
NAMES = (0, 0)
#: How long an entry is kept (a stale one is never read: its tokens are no longer current).
SECONDS = 12 * 3600

Versions = dict[tuple[int, int], int]


def renew(pairs: Iterable[tuple[int, int]], using: str = DEFAULT_DB_ALIAS) -> None:
    """New tokens for these (jurisdiction, year) pairs (one upsert, no signals): the summary's refresh
    does it for the items it finds, this for what it cannot find (an item deleted) and the names."""
    from banli.reports.summary import new_token

    FiguresVersion.objects.using(using).bulk_create(
        [FiguresVersion(jurisdiction_id=j, year=y, token=new_token()) for j, y in sorted(set(pairs))],
        update_conflicts=True,
        unique_fields=["jurisdiction_id", "year"],
        update_fields=["token"],
    )


def renew_names(using: str = DEFAULT_DB_ALIAS) -> None:
    """A new token for the names and rules (a unit renamed, a category moved, a role given…)."""
    renew([NAMES], using)


@once
def code_version() -> str:
    """A digest of the statistics' code and templates (what is kept and how it is shown)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.suffix in {".py", ".html"} and "tests" not in path.relative_to(root).parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versions(user: User) -> Versions:
    """The tokens of the user's jurisdictions' years and of the names (one query), after this thread's
    writes have renewed theirs (``summary.flush``)."""
    from banli.reports.summary import flush

    flush()
    rows = FiguresVersion.objects.filter(
        Q(jurisdiction_id__in=user_jurisdictions(user)) | Q(jurisdiction_id=NAMES[0], year=NAMES[1])
    ).values_list("jurisdiction_id", "year", "token")
    return {(j, y): t for j, y, t in rows}


def key(kind: str, user: User, current: Versions, years: Iterable[int] | None, *parts: object) -> str:
    """The cache key of ``kind`` computed for ``user`` from the figures of ``years`` (None: every
    year) under ``current`` tokens, with ``parts`` (the filters) on top."""
    chosen = None if years is None else set(years)
    tokens = sorted((jy, t) for jy, t in current.items() if chosen is None or jy[1] in chosen or jy == NAMES)
    who = (
        user.pk,
        sorted((r.code, r.jurisdiction_id, r.unit_id) for r in roles_of(user)),
        sorted(m.pk for m in memberships_of(user)),
    )
    text = repr((kind, code_version(), who, timezone.localdate().isoformat(), tokens, parts))
    return f"figures:{kind}:{hashlib.sha256(text.encode()).hexdigest()}"


def kept(cache_key: str, compute: Callable[[], T]) -> T:
    """The value under ``cache_key``, computed and kept when there is none (by one process at a time:
    the others wait for its result)."""
    return cached.once(cache_key, compute, SECONDS)


def count(user: User, items: QuerySet[Any], years: Iterable[int] | None = None) -> int:
    """How many rows ``items`` (a list of the items ``user`` sees, or of their assignments or replies,
    whose every write touches its item) has, kept under the versions of ``years`` (None: every year)
    and the list's own SQL, so any filter and scope is part of the key. Counting every item a registry
    sees reads them all (about 150 ms at national scale); reading the count again costs one query."""
    if not items.query.is_sliced:  # a slice (a capped count) keeps its order: it decides the rows
        items = items.order_by()
    try:
        sql, params = items.query.sql_with_params()
    except EmptyResultSet:
        return 0
    return kept(key("count", user, versions(user), years, sql, params), items.count)
