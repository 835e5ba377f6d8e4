"""Benchmark the CSV export of the shared 1,000,000-quote archive (bench/seed.py) three ways in one run.

1. psql: `COPY (the export's SELECT) TO STDOUT WITH (FORMAT csv)`, the floor: PostgreSQL alone.
2. The command: `manage.py export_csv quotes --public`, writing to a pipe.
3. HTTP: `GET /quotes/export/` from gunicorn (gthread, GUNICORN_WORKERS x GUNICORN_THREADS), read over a socket.

For each: time to first byte, total time, rows per second, peak memory growth of the exporting process
(the command: its peak RSS minus that of a one-row export; HTTP: the worker's peak RSS minus its RSS
before), and the time as a multiple of COPY's. Then the site under load: while MAX_PUBLIC_EXPORTS downloads
run, another download gets 429 and a quote page is timed, against the same page on an idle server.

    .venv/bin/python bench/seed.py          # once: builds the template database
    .venv/bin/python bench/exports.py       # then: about 3 minutes

The working copy's drafts are published first, so that the public export holds all 1,000,000 quotes.
"""

import argparse
import http.client
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import percentile, require, serve  # noqa: E402
from bench.seed import bench_database  # noqa: E402

PORT = 8766
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 4
CHUNK = 1 << 16


def read_stream(stream, start):
    """(seconds from start to the first byte, seconds from start to the end, bytes), reading stream to its end."""
    first = None
    size = 0
    while chunk := stream.read1(CHUNK):  # what has arrived, up to CHUNK: read() would wait for all of it
        if first is None:
            first = time.perf_counter() - start
        size += len(chunk)
    return first, time.perf_counter() - start, size


def run_measured(command, env):
    """Run command, reading its standard output: (first byte s, total s, bytes, peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, env=env, cwd=ROOT)
    first, _, size = read_stream(process.stdout, start)
    _, status, usage = os.wait4(process.pid, 0)
    if status:
        raise RuntimeError(f"{command[:3]} failed")
    return first, time.perf_counter() - start, size, usage.ru_maxrss / 1024


def rss_mb(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise LookupError(field)


def workers(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def download(path="/quotes/export/"):
    """(status, first byte s, total s, bytes) of one HTTP download, read to its end."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=600)
    start = time.perf_counter()
    connection.request("GET", path)
    response = connection.getresponse()
    first, total, size = read_stream(response, start)
    connection.close()
    return response.status, first, total, size


def page_times(path, count):
    times = []
    for _ in range(count):
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
        start = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        times.append((time.perf_counter() - start) * 1000)
        connection.close()
        assert response.status == 200, response.status
    return times


def publish_everything(database_url):
    """Publish the working copy's drafts, so that all three ways export every one of its 1,000,000 quotes."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        for table in ("stories_story", "quotes_quote"):
            conn.execute(
                f"UPDATE {table} SET status = 'published', first_published_at = created_at "
                "WHERE status IN ('draft', 'in_review')"
            )
            conn.execute(f"VACUUM ANALYZE {table}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()
    require("psql", "curl")

    database_url = bench_database("newsroom_bench_exports", scale=args.scale)
    publish_everything(database_url)
    os.environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="bench.settings", BENCH_CACHE="off")
    import django

    django.setup()
    import psycopg
    from django.db import connection

    from claims.exports import export
    from publishing.csv_export import MAX_PUBLIC_EXPORTS

    csv, _ = export("quotes", {}, public=True)
    sql, params = csv.sql()
    with psycopg.connect(database_url) as conn:
        copy_statement = psycopg.ClientCursor(conn).mogrify(sql, params)
        version = conn.execute("SHOW server_version").fetchone()[0]
        count_sql, count_params = csv.queryset.query.get_compiler(using="default").as_sql()
        rows = conn.execute(f"SELECT count(*) FROM ({count_sql}) AS export", count_params).fetchone()[0]
    connection.close()
    print(f"PostgreSQL {version}; exporting {rows:,} quotes (oldest first, every column of the layout).")

    env = {**os.environ}
    results = {}
    # The same statement with the same settings as the exports, which turn JIT off.
    psql_env = {**env, "PGOPTIONS": "-c jit=off"}
    results["psql COPY"] = run_measured(["psql", "-X", "-q", database_url, "-c", copy_statement], psql_env)
    manage = [sys.executable, "manage.py", "export_csv", "quotes", "--public"]
    results["command"] = run_measured(manage, env)
    _, _, _, baseline = run_measured([*manage, "--story", "1"], env)

    gthread = ("--worker-class=gthread", f"--workers={GUNICORN_WORKERS}", f"--threads={GUNICORN_THREADS}")
    server = serve(database_url, "off", port=PORT, workers=gthread)
    try:
        download("/quotes/export/?story=1")  # warm the workers: imports, connections
        pids = workers(server.pid)
        before = {pid: rss_mb(pid) for pid in pids}
        status, first, total, size = download()
        growth = max(rss_mb(pid, "VmHWM") - before[pid] for pid in pids)
        results["HTTP"] = (first, total, size, growth)

        idle = page_times("/methodology/", 30)
        running = [threading.Thread(target=download) for _ in range(MAX_PUBLIC_EXPORTS)]
        for thread in running:
            thread.start()
        time.sleep(1)
        refused, _, _, _ = download()
        busy = page_times("/methodology/", 30)
        still_running = sum(thread.is_alive() for thread in running)
        for thread in running:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()

    copy_total = results["psql COPY"][1]
    print(f"\n{'way':12} {'first byte':>11} {'total':>8} {'rows/s':>10} {'MB':>7} {'peak MB':>9} {'x COPY':>7}")
    for way, (first, total, size, peak) in results.items():
        if way == "command":
            peak = peak - baseline
        label = "(psql RSS)" if way == "psql COPY" else "(growth)"
        print(
            f"{way:12} {first * 1000:9.0f}ms {total:7.1f}s {rows / total:10,.0f} {size / 1e6:7.0f} "
            f"{peak:6.1f} {label} {total / copy_total:6.2f}x"
        )
    print(
        f"\nUnder load ({GUNICORN_WORKERS} gthread workers x {GUNICORN_THREADS} threads): with {still_running} of "
        f"{MAX_PUBLIC_EXPORTS} downloads still running, another download got {refused}; the methodology page "
        f"took p50 {statistics.median(busy):.0f} ms, p95 {percentile(busy, 0.95):.0f} ms "
        f"(idle server: p50 {statistics.median(idle):.0f} ms, p95 {percentile(idle, 0.95):.0f} ms)."
    )


if __name__ == "__main__":
    main()
