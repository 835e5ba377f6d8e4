"""Benchmark the public pages on the shared 1,000,000-quote archive (bench/seed.py).

Part 1, server time: each page is requested in-process through Django's full stack (middleware,
views, templates) with the page cache off, and p50/p95 are printed per page.
Part 2, throughput: gunicorn serves the site; wrk measures requests per second for a minimal Django
view and the real pages, cached and uncached, at a fixed concurrency; the median of 3 runs is printed.

    .venv/bin/python bench/seed.py          # once: builds the template database (about 3 minutes)
    .venv/bin/python bench/pages.py         # then: about 5 minutes

Options: --requests N (per page for server time), --seconds N (per wrk run), --skip-throughput.
"""

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import bench_database  # noqa: E402

WRK_CONNECTIONS = 16
WRK_THREADS = 2
GUNICORN_WORKERS = 2
PORT = 8765

# The programs the benchmarks run besides Python, and the Debian package that has each.
PACKAGES = {"wrk": "wrk", "curl": "curl", "psql": "postgresql-client"}


def require(*programs):
    """Stop at once, saying what to install, rather than with a traceback after minutes of setup."""
    missing = [program for program in programs if shutil.which(program) is None]
    if missing:
        script = Path(sys.argv[0]).name
        install = " ".join(PACKAGES[program] for program in missing)
        sys.exit(f"{script} needs {' and '.join(missing)}, not found on PATH: apt-get install {install}")


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def pages_to_measure():
    """The URLs the issue names, found in the seeded archive the way a reader would reach them."""
    from django.db.models import Count

    from publishing.pagination import PER_PAGE
    from quotes.models import Quote

    biggest = (
        Quote.objects.public().values("speaker").annotate(n=Count("id")).order_by("-n").values_list("speaker", "n")[0]
    )
    speaker_id, count = biggest
    quote = Quote.objects.public().filter(speaker_id=speaker_id).order_by("-id").select_related("speaker").first()
    slug = quote.speaker.slug
    # The cursor a reader holds after following "Next page" 999 times: the last id of page 999.
    deep = (
        Quote.objects.public()
        .filter(speaker_id=speaker_id)
        .order_by("-id")
        .values_list("id", flat=True)[999 * PER_PAGE - 1]
    )
    return count, [
        ("home", "/"),
        ("quote list, first page", "/quotes/"),
        ("quote list, biggest speaker, page 1,000", f"/quotes/?speaker={slug}&after={deep}"),
        ("quote page", quote.get_absolute_url()),
        ("biggest speaker's page", quote.speaker.get_absolute_url()),
        ("search, rare word", "/quotes/?q=zygomorphic"),
        ("search, common word", "/quotes/?q=crime"),
        ("search, phrase", "/quotes/?q=%22soft+on+crime%22"),
    ]


def server_times(pages, requests):
    from django.test import Client

    client = Client()
    print(f"\nServer time, page cache off, {requests} requests per page after 3 warm-ups (ms):")
    print(f"{'page':45} {'p50':>8} {'p95':>8}  status")
    results = {}
    for name, url in pages:
        for _ in range(3):
            client.get(url)
        times = []
        for _ in range(requests):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
        results[name] = (p50, p95)
        print(f"{name:45} {p50:8.1f} {p95:8.1f}  {response.status_code}")
    return results


def wrk(url, seconds):
    output = subprocess.run(
        ["wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def serve(database_url, cache, port=PORT, workers=(f"--workers={GUNICORN_WORKERS}",)):
    """gunicorn serving the site (bench.settings) on port, with the given worker options, once it answers."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "BENCH_CACHE": cache,
    }
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "newsroom.wsgi",
            *workers,
            f"--bind=127.0.0.1:{port}",
            "--log-level=warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            subprocess.run(["curl", "-sf", "-o", "/dev/null", f"http://127.0.0.1:{port}/bench/minimal/"], check=True)
            return process
        except subprocess.CalledProcessError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("gunicorn did not start")


def throughput(database_url, pages, seconds):
    wanted = ["minimal view", "quote page", "quote list, first page", "quote list, biggest speaker, page 1,000"]
    urls = {"minimal view": "/bench/minimal/", **dict(pages)}
    print(
        f"\nThroughput: gunicorn, {GUNICORN_WORKERS} sync workers; wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} "
        f"-d{seconds}s; median of 3 runs (requests/s):"
    )
    figures = {}
    for cache in ("on", "off"):
        server = serve(database_url, cache)
        try:
            for name in wanted:
                url = f"http://127.0.0.1:{PORT}{urls[name]}"
                subprocess.run(["curl", "-sf", "-o", "/dev/null", url], check=True)  # warm the cache
                figures[(name, cache)] = statistics.median(wrk(url, seconds) for _ in range(3))
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait()
    floor = figures[("minimal view", "on")]
    print(f"{'page':45} {'cached':>9} {'uncached':>9} {'cached / minimal':>17}")
    for name in wanted:
        cached, uncached = figures[(name, "on")], figures[(name, "off")]
        print(f"{name:45} {cached:9.0f} {uncached:9.0f} {cached / floor:16.0%}")
    return figures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--skip-throughput", action="store_true")
    args = parser.parse_args()
    if not args.skip_throughput:
        require("wrk", "curl")

    database_url = bench_database("newsroom_bench_pages", scale=args.scale)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ["BENCH_CACHE"] = "off"
    import django

    django.setup()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM quotes_quote")
        quotes = cursor.fetchone()[0]
    count, pages = pages_to_measure()
    print(f"PostgreSQL {version}; {quotes:,} quotes; the biggest speaker has {count:,} public quotes.")
    server_times(pages, args.requests)
    if not args.skip_throughput:
        throughput(database_url, pages, args.seconds)


if __name__ == "__main__":
    main()
