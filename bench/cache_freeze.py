"""Benchmark: what readers wait while Redis is frozen (SIGSTOP), the site served as the README deploys it.

A fresh demo database, a private redis-server, gunicorn (gthread, 2 workers x 4 threads, DEBUG=0) with REDIS_URL
pointing at it. READERS readers ask for PAGES in turn over kept connections for BEFORE + FROZEN + AFTER seconds;
Redis is frozen for the middle FROZEN seconds, then thawed. Prints, for each phase, requests, requests per second,
latency p50 / p95 / max and the answers that were not 200. tests/drills/test_cache_freeze.py checks the promise
(no 5xx, nothing waits 2 s) on every CI run; this prints the figures.

    ./dev manage check                      # once, to install; then:
    .venv/bin/python bench/cache_freeze.py  # about 1 minute
"""

import os
import statistics
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import demo_database  # noqa: E402
from tests.servers import PrivateRedis, gunicorn, load  # noqa: E402

DATABASE = "newsroom_bench_cache_freeze"
PAGES = ["/", "/claims/", "/quotes/", "/quotes/?speaker=bill-de-blasio", "/methodology/", "/corrections/"]
READERS = 16
BEFORE, FROZEN, AFTER = 5, 10, 5
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-4c1d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "0",
}


def percentile(values, share):
    return statistics.quantiles(values, n=100)[share - 1] if len(values) > 1 else values[0]


def report(name, requests, seconds):
    took = sorted(r[3] * 1000 for r in requests)
    others = Counter(r[2] for r in requests if r[2] != 200)
    print(
        f"{name:<14} {len(requests):>7,} {len(requests) / seconds:>9,.0f} {percentile(took, 50):>8.1f} "
        f"{percentile(took, 95):>8.1f} {took[-1]:>8.1f}   {dict(others) or 'none'}"
    )


def main():
    url = demo_database(DATABASE)
    with tempfile.TemporaryDirectory() as folder:
        env = {**PRODUCTION, "DATABASE_URL": url, "STATIC_ROOT": f"{folder}/static"}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            cwd=ROOT,
            env={**os.environ, **env},
            check=True,
        )
        redis = PrivateRedis(folder)
        try:
            with gunicorn({**env, "REDIS_URL": redis.url}, workers=2, threads=4) as site:
                load(site, PAGES, seconds=2, readers=READERS)  # warm: every page kept
                requests = load(
                    site,
                    PAGES,
                    seconds=BEFORE + FROZEN + AFTER,
                    readers=READERS,
                    at=[(BEFORE, redis.freeze), (BEFORE + FROZEN, redis.thaw)],
                )
        finally:
            redis.stop()
    print(f"Redis frozen for {FROZEN} s under {READERS} readers (gunicorn gthread 2 x 4, DEBUG=0):")
    print(f"{'phase':<14} {'requests':>7} {'req/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}   not 200")
    phases = [("before", 0, BEFORE), ("Redis frozen", BEFORE, BEFORE + FROZEN), ("after", BEFORE + FROZEN, 10**9)]
    for name, start, end in phases:
        report(name, [r for r in requests if start <= r[0] < end], min(end, BEFORE + FROZEN + AFTER) - start)


if __name__ == "__main__":
    main()
