"""Benchmark statement proposals (Quote.propose_utterance) on the shared 1,000,000-quote archive (bench/seed.py).

For the speaker with the most quotes, a fixed sample of their quotes each proposes its statement, as a save
does: forget its pending proposal, fetch the speaker's quotes said within a day, score them, record the best.
Each call runs in a transaction that is rolled back, so every sample sees the same archive. Prints p50/p95
(target p95: 200 ms), the candidates compared, the proposals found, and the plan of the candidate query.

    .venv/bin/python bench/seed.py                  # once: builds the template database (about 3 minutes)
    .venv/bin/python bench/utterances.py            # then: well under a minute

Options: --quotes N (sample size, default 200), --scale S (use the template bench/seed.py --scale S built).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.pages import percentile  # noqa: E402
from bench.seed import bench_database  # noqa: E402

TARGET_P95_MS = 200


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quotes", type=int, default=200)
    parser.add_argument("--scale", type=float, default=1.0)
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = bench_database("newsroom_bench_utterances", scale=args.scale)
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    import django

    django.setup()
    from django.db import connection, transaction
    from django.db.models import Count

    from quotes.models import SAME_DAY, Quote

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    speaker_id, count = (
        Quote.objects.values("speaker").annotate(n=Count("id")).order_by("-n").values_list("speaker", "n")[0]
    )
    ids = list(Quote.objects.filter(speaker_id=speaker_id).values_list("id", flat=True))
    sample = random.Random(20170421).sample(ids, min(args.quotes, len(ids)))
    quotes = Quote.objects.filter(id__in=sample).select_related("story").defer("search", "story__text")
    print(f"PostgreSQL {version}; the biggest speaker (id {speaker_id}) has {count:,} quotes; {len(sample)} sampled.")

    quotes = list(quotes)
    runs = []
    for quote in [*quotes[:3], *quotes]:  # three warm-ups first
        with transaction.atomic():
            start = time.perf_counter()
            proposals = quote.propose_utterance()
            runs.append(((time.perf_counter() - start) * 1000, bool(proposals)))
            transaction.set_rollback(True)
    times, proposed = [ms for ms, _ in runs[3:]], sum(found for _, found in runs[3:])
    candidates = []
    for quote in quotes:
        day = quote.said_on or quote.story.published_on
        if day is not None:
            candidates.append(
                Quote.objects.filter(speaker_id=speaker_id, said_on__range=(day - SAME_DAY, day + SAME_DAY)).count()
            )

    p50, p95 = percentile(times, 0.5), percentile(times, 0.95)
    verdict = "meets" if p95 <= TARGET_P95_MS else "MISSES"
    print(f"propose_utterance (ms): p50 {p50:.1f}, p95 {p95:.1f}, max {max(times):.1f} (PostgreSQL {version})")
    print(f"  {verdict} the target p95 of {TARGET_P95_MS} ms")
    if candidates:
        print(f"  candidates said within a day: median {statistics.median(candidates):.0f}, max {max(candidates)}")
    print(f"  proposals found: {proposed} of {len(times)}")
    explain(quotes[0], version)


def explain(quote, version):
    """The plan of the candidate query, as PostgreSQL runs it for one sampled quote."""
    from django.db import connection, transaction

    with connection.execute_wrapper(capture := Capture()), transaction.atomic():
        quote.propose_utterance()
        transaction.set_rollback(True)
    sql, params = capture.candidates
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(f"    {row[0]}" for row in cursor.fetchall())
    print(f"\nThe candidate query's plan (PostgreSQL {version}):\n{plan}")


class Capture:
    """Keeps the candidate query (the one SELECT of propose_utterance that reads quote texts)."""

    candidates = None

    def __call__(self, execute, sql, params, many, context):
        if sql.lstrip().startswith("SELECT") and '"quotes_quote"."text"' in sql:
            self.candidates = (sql, params)
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
