"""Mixed read load through gunicorn: 50 concurrent clients (wrk) for ``BENCH_SECONDS`` over the pages of
the suite, each with the session of its user; prints and stores requests/s, latency percentiles and errors.

Run by ``make bench`` after ``bench/run.py`` (same ``DATABASE_URL``); installs nothing itself (the Makefile
installs Debian's ``wrk`` when missing). With ``REDIS_URL`` set the workers share one cache (and the
sessions), as a deployment of several processes does; otherwise each keeps its own (``locmem``) and
computes every cached figure once per worker.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
os.environ.setdefault("BANLI_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

from banli.core.models import User  # noqa: E402
from banli.submissions.models import Submission  # noqa: E402

PORT = int(os.environ.get("BENCH_PORT", "8765"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "20"))
CLIENTS = 50
WORKERS = int(os.environ.get("BENCH_WORKERS", "4"))
WARM_SECONDS = int(os.environ.get("BENCH_WARM_SECONDS", "15"))
TARGET_RPS, TARGET_P99_MS = 300, 250


def session_cookie(username: str) -> str:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def requests() -> list[tuple[str, str]]:
    """(path, cookie) of the mix: what units, offices, deputies and the public read most."""
    liaison, registry, deputy = (session_cookie(u) for u in ("lianluoyuan", "gongwei", "daibiao"))
    items = list(Submission.objects.filter(year=2025).order_by("pk").values_list("pk", flat=True)[:20])
    mix = [("/assignments/", liaison), ("/submissions/?mine=1", deputy), ("/public/replies/", ""),
           ("/submissions/?state=closed&year=2025&kind=suggestion", registry)]  # fmt: skip
    mix += [(f"/submissions/{pk}/", registry) for pk in items[:4]]
    mix += [("/public/replies/?q=养老服务", ""), ("/", registry)]
    return mix


def lua(mix: list[tuple[str, str]]) -> str:
    entries = ",\n".join(
        "{{path={}, cookie={}}}".format(json.dumps(urllib.request.quote(p, safe="/?=&")), json.dumps(c))
        for p, c in mix
    )
    return (
        "local mix = {\n" + entries + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i + 1\n  local r = mix[(i % #mix) + 1]\n"
        '  local headers = {}\n  if r.cookie ~= "" then headers["Cookie"] = r.cookie end\n'
        '  return wrk.format("GET", r.path, headers)\nend\n'
    )


def main() -> None:
    mix = requests()
    script = ROOT / "var" / "bench" / "mix.lua"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text(lua(mix))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", "BANLI_DEMO": "1"}
    if os.environ.get("REDIS_URL"):  # what a deployment does before serving (docs/operations.md)
        subprocess.run([sys.executable, "manage.py", "warm_portal"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "banli.wsgi", "--bind", f"127.0.0.1:{PORT}",
         "--workers", str(WORKERS), "--log-level", "warning"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/public/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        # warm-up: every worker reads each page of the mix at least once (its own cache, its connection)
        subprocess.run(["wrk", "-t2", "-c50", f"-d{WARM_SECONDS}s", "--timeout", "30s", "-s", str(script),
                        f"http://127.0.0.1:{PORT}"], capture_output=True)  # fmt: skip
        out = subprocess.run(
            ["wrk", "-t2", f"-c{CLIENTS}", f"-d{SECONDS}s", "--latency", "--timeout", "10s", "-s", str(script),
             f"http://127.0.0.1:{PORT}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    result = parse(out)
    shared = "redis" if settings.CACHES["default"]["BACKEND"].endswith("RedisCache") else "locmem"
    result.update(database=connection.vendor, workers=WORKERS, clients=CLIENTS, seconds=SECONDS, cache=shared,
                  date=dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"), load_average=os.getloadavg())  # fmt: skip
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / f"{connection.vendor}-concurrency{'-redis' if shared == 'redis' else ''}.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2)
    )
    ok = result["rps"] >= TARGET_RPS and result["p99_ms"] <= TARGET_P99_MS and result["errors"] == 0
    print(
        f"| 并发混合读取（{CLIENTS} 客户端，gunicorn {WORKERS} 进程，{SECONDS} s，缓存 {shared}） | {result['rps']:.0f} 请求/秒，"
        f"p50 {result['p50_ms']:.0f} ms，p99 {result['p99_ms']:.0f} ms，错误 {result['errors']} | "
        f"≥ {TARGET_RPS} 请求/秒，p99 ≤ {TARGET_P99_MS} ms，无错误 | {'达标' if ok else '未达标'} |"
    )
    print(out)


def _ms(text: str) -> float:
    value, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse(out: str) -> dict[str, float]:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _ms(re.search(r"50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    errors = 0
    if m := re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        errors += int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out):
        errors += sum(int(x) for x in m.groups())
    return {"rps": rps, "p50_ms": p50, "p99_ms": p99, "errors": errors}


if __name__ == "__main__":
    main()
