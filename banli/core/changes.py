"""Which submissions a write may have changed the derived figures of, so they are refreshed before the
write commits.

Writers (and the model receivers of the apps that keep derived rows) call :func:`touch` with submission
ids; the consumers registered with :func:`on_flush` (the reports' summary table) are given those ids at
the end of the outermost :func:`banli.core.transactions.writing` block, inside its transaction. A write
made outside ``writing()`` is flushed after its commit (at once in autocommit mode), and a reader that
needs the derived rows calls :func:`flush` first, so a thread always reads its own writes (the tests
write inside one transaction that never commits).

Refreshing is idempotent (the consumers recompute from the rows as they are), so the ids of a write that
was rolled back are merely refreshed for nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial

from django.db import DEFAULT_DB_ALIAS, transaction

Consumer = Callable[[set[int], str], None]

_consumers: list[Consumer] = []
_local = threading.local()


def on_flush(consumer: Consumer) -> None:
    """Have ``consumer(ids, using)`` called with the touched submission ids at every flush."""
    if consumer not in _consumers:
        _consumers.append(consumer)


def _pending(using: str) -> set[int]:
    if not hasattr(_local, "pending"):
        _local.pending, _local.depth = {}, {}
    return _local.pending.setdefault(using, set())


def _depth(using: str) -> int:
    _pending(using)
    return _local.depth.get(using, 0)


def touch(ids: Iterable[int | None], using: str = DEFAULT_DB_ALIAS) -> None:
    """Note that the derived figures of these submissions may have changed (None is ignored)."""
    new = {i for i in ids if i is not None}
    if not new:
        return
    _pending(using).update(new)
    if not _depth(using):
        transaction.on_commit(partial(flush, using), using=using)


def flush(using: str = DEFAULT_DB_ALIAS) -> None:
    """Hand the touched ids to the consumers now (nothing happens when none are pending)."""
    pending = _pending(using)
    if not pending:
        return
    ids = set(pending)
    pending.clear()
    for consumer in _consumers:
        consumer(ids, using)


@contextmanager
def collecting(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Inside ``writing()``: touched ids wait for the end of the outermost block, then are flushed
    (only when the block ends without an exception; its transaction rolls back otherwise)."""
    depth = _depth(using)
    _local.depth[using] = depth + 1
    try:
        yield
    finally:
        _local.depth[using] = depth
    if not depth:
        flush(using)
