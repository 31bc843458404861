"""One computation at a time of a costly cached value (``banli.core.cached``), with real threads
sharing the process's cache as gunicorn's workers share Redis."""

from __future__ import annotations

import threading
import time

import pytest
from django.core.cache import cache

from banli.core import cached


class Slow:
    """A computation that counts its calls and, when asked, holds until released."""

    def __init__(self, value: object, hold: bool = False) -> None:
        self.value, self.calls = value, 0
        self.started, self.release = threading.Event(), threading.Event()
        if not hold:
            self.release.set()

    def __call__(self) -> object:
        self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        return self.value


def in_thread(call) -> tuple[threading.Thread, list[object]]:  # type: ignore[no-untyped-def]
    out: list[object] = []
    thread = threading.Thread(target=lambda: out.append(call()))
    thread.start()
    return thread, out


def test_once_computes_a_missing_value_once_and_the_others_wait_for_it() -> None:
    first = Slow(41, hold=True)
    thread, out = in_thread(lambda: cached.once("k", first, 60))
    assert first.started.wait(5)
    second = Slow(99)
    waiting, waited = in_thread(lambda: cached.once("k", second, 60))
    time.sleep(0.2)
    assert waiting.is_alive()  # it waits for the first instead of computing
    first.release.set()
    thread.join(5)
    waiting.join(5)
    assert out == [41] and waited == [41]
    assert (first.calls, second.calls) == (1, 0)
    assert cached.once("k", second, 60) == 41 and second.calls == 0


def test_a_failed_computation_frees_its_lock_and_stores_nothing() -> None:
    def broken() -> int:
        raise RuntimeError("数据库不可用")

    with pytest.raises(RuntimeError):
        cached.once("k", broken, 60)
    assert cache.get("k") is None
    assert cached.once("k", lambda: 7, 60) == 7


def test_a_waiter_computes_itself_when_the_holder_stores_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cached, "LOCK_SECONDS", 1)
    cache.add("k:computing", 1, 60)  # a holder that never finishes
    assert cached.once("k", lambda: 5, 60) == 5  # computed without waiting forever, not stored
    assert cache.get("k") is None


def test_current_serves_the_previous_value_while_one_recomputes_a_new_version() -> None:
    assert cached.current("opts", "v1", lambda: "旧", 600, 60) == "旧"
    assert cached.current("opts", "v1", lambda: "未读", 600, 60) == "旧"  # same version, still fresh
    slow = Slow("新", hold=True)
    thread, out = in_thread(lambda: cached.current("opts", "v2", slow, 600, 60))
    assert slow.started.wait(5)
    other = Slow("不该算")
    assert cached.current("opts", "v2", other, 600, 60) == "旧"  # does not wait, does not compute
    slow.release.set()
    thread.join(5)
    assert out == ["新"] and other.calls == 0
    assert cached.current("opts", "v2", other, 600, 60) == "新"


def test_current_waits_when_there_is_no_previous_value() -> None:
    slow = Slow(3, hold=True)
    thread, _ = in_thread(lambda: cached.current("n", "v1", slow, 600, 60))
    assert slow.started.wait(5)
    waiting, waited = in_thread(lambda: cached.current("n", "v1", lambda: 4, 600, 60))
    time.sleep(0.2)
    assert waiting.is_alive()
    slow.release.set()
    thread.join(5)
    waiting.join(5)
    assert waited == [3]


def test_current_computes_again_once_the_value_aged(monkeypatch: pytest.MonkeyPatch) -> None:
    assert cached.current("n", "v1", lambda: 1, 600, 60) == 1
    now = time.time()
    monkeypatch.setattr(cached.time, "time", lambda: now + 61)
    assert cached.current("n", "v1", lambda: 2, 600, 60) == 2
