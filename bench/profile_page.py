"""``python bench/profile_page.py USER URL``: each query of one request with its time, slowest first
(for finding what a slow page waits for). ``BENCH_COLD=1`` empties the cache before the request (the
dashboard computed, not read from the cache)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("BANLI_DEMO", "1")

import django

django.setup()

from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from banli.core.models import User  # noqa: E402


def main(username: str, url: str) -> None:
    client = Client()
    if username != "-":
        client.force_login(User.objects.get(username=username))
    client.get(url)
    timings: list[tuple[float, str]] = []

    def timed(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - started) * 1000, sql))

    if os.environ.get("BENCH_COLD"):
        cache.clear()
    started = time.perf_counter()
    with connection.execute_wrapper(timed):
        status = client.get(url).status_code
    total = (time.perf_counter() - started) * 1000
    print(
        f"{url}: {status}, {total:.1f} ms, {len(timings)} queries, {sum(t for t, _ in timings):.1f} ms in SQL"
    )
    for ms, sql in sorted(timings, reverse=True)[:8]:
        print(f"{ms:8.1f} ms  {sql[: int(os.environ.get('BENCH_SQL_CHARS', '600'))]}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
