"""Costly values kept in the cache, computed by one process at a time.

When a value that takes seconds (the portal's choices, a count of every public reply, a dashboard of
twenty years) is missing, every worker that asks for it at that moment would compute it at once, and on
two cores that turns one slow request into dozens (seen under the 50-client load: every gunicorn worker
reading the same 120,000 rows from disk together). Here the first asker takes a lock in the cache
(``cache.add``: atomic in the local-memory cache and in Redis) and computes; the others either wait for
its result (:func:`once`) or, where a value a little out of date is acceptable and one is there, read
the previous one meanwhile (:func:`current`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

T = TypeVar("T")

#: The longest a computation holds its lock (a process that dies holding it frees it then) and the
#: longest another waits for its result before computing the value itself.
LOCK_SECONDS = 30
STEP_SECONDS = 0.05


def _lock(key: str) -> bool:
    return bool(cache.add(f"{key}:computing", 1, LOCK_SECONDS))


def _unlock(key: str) -> None:
    cache.delete(f"{key}:computing")


def _computed(
    key: str, compute: Callable[[], T], store: Callable[[T], object], done: Callable[[], object | None]
) -> T:
    """Compute and store under the lock just taken, unless another process stored it meanwhile."""
    try:
        there = done()
        if there is not None:
            return there  # type: ignore[return-value]
        value = compute()
        store(value)
        return value
    finally:
        _unlock(key)


def _awaited(key: str, ready: Callable[[object], bool]) -> object | None:
    """What another process computing ``key`` stores, once ``ready`` accepts it; None if it gives up."""
    deadline = time.monotonic() + LOCK_SECONDS
    while time.monotonic() < deadline:
        time.sleep(STEP_SECONDS)
        value = cache.get(key)
        if value is not None and ready(value):
            return value
        if cache.get(f"{key}:computing") is None:  # it finished or failed: look once more, then stop
            value = cache.get(key)
            return value if value is not None and ready(value) else None
    return None


def once(key: str, compute: Callable[[], T], seconds: int) -> T:
    """The value under ``key`` (never None), computed and kept for ``seconds`` when there is none; while
    one process computes it, the others wait for its result instead of computing it too."""
    value = cache.get(key)
    if value is not None:
        return value
    if not _lock(key):
        waited = _awaited(key, lambda _: True)
        if waited is not None:
            return waited  # type: ignore[return-value]
        if not _lock(key):  # still held (a long computation): compute without storing
            return compute()
    return _computed(key, compute, lambda v: cache.set(key, v, seconds), lambda: cache.get(key))


def current(key: str, version: str, compute: Callable[[], T], seconds: int, fresh: int) -> T:
    """The value of ``key`` computed under ``version`` less than ``fresh`` seconds ago; when the version
    changed or the value aged, one process computes it again while the others read the previous value
    (or, when there is none, wait for the new one). Kept for ``seconds`` (≥ ``fresh``) in all."""

    def fresh_value(entry: object) -> object | None:  # entry: (version, computed at, value)
        ok = entry is not None and entry[0] == version and time.time() - entry[1] < fresh  # type: ignore[index]
        return entry[2] if ok else None  # type: ignore[index]

    entry = cache.get(key)
    if (value := fresh_value(entry)) is not None:
        return value  # type: ignore[return-value]
    if not _lock(key):
        if entry is not None:
            return entry[2]
        waited = _awaited(key, lambda e: e[0] == version)  # type: ignore[index]
        if waited is not None:
            return waited[2]  # type: ignore[index]
        if not _lock(key):
            return compute()
    return _computed(
        key,
        compute,
        lambda v: cache.set(key, (version, time.time(), v), seconds),
        lambda: fresh_value(cache.get(key)),
    )
