"""Drill: PostgreSQL crashes, transaction ids are handed out again, and a reader still never sees a stale verdict.

After a crash, PostgreSQL hands out again the transaction ids that no commit had written to disk, so a commit after
it can recreate a snapshot from before it exactly. The site's page versions must not repeat with it. The drill
replays what a reader met in production on a private server: a refused save locked a claim and rolled back, the
claim's page was cached, the server crashed, a correction committed after the restart, and the next request must
show the new verdict.
"""

import os
import subprocess
import sys
import urllib.request

import psycopg
import pytest

from tests.servers import ROOT, PrivatePostgres, gunicorn

pytestmark = pytest.mark.drill


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env={**os.environ, **env}, check=True)


@pytest.fixture(scope="module")
def site_database():
    server = PrivatePostgres()
    with psycopg.connect(server.url(), autocommit=True) as connection:
        connection.execute("CREATE DATABASE newsroom")
    env = {"DATABASE_URL": server.url("newsroom"), "DEBUG": "1"}
    manage(env, "migrate", "--no-input", "--verbosity=0")
    manage(env, "load_demo", "--verbosity=0")
    yield server, env
    server.close()


def read(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def snapshot(database_url):
    with psycopg.connect(database_url, autocommit=True) as connection:  # reads only: uses no transaction id
        return connection.execute("SELECT pg_current_snapshot()::text").fetchone()[0]


@pytest.mark.parametrize("crash", ["postmaster", "backend"])
def test_a_correction_committed_after_a_crash_shows_at_once(site_database, crash):
    server, env = site_database
    database_url = env["DATABASE_URL"]
    with psycopg.connect(database_url) as connection:
        claim_id, verdict = connection.execute(
            "SELECT c.id, r.name FROM claims_claim c JOIN claims_rating r ON r.id = c.rating_id "
            "WHERE c.status = 'published' AND r.slug <> 'false' ORDER BY c.id LIMIT 1"
        ).fetchone()
    with gunicorn(env) as site:
        page = f"{site}/claims/{claim_id}/"  # redirects to the page
        # A save refused after locking the claim: a transaction id handed out, never committed.
        with psycopg.connect(database_url) as editor:
            editor.execute("SELECT 1 FROM claims_claim WHERE id = %s FOR UPDATE", [claim_id])
            editor.rollback()
        assert f'<span class="verdict">{verdict}</span>' in read(page)
        assert f'<span class="verdict">{verdict}</span>' in read(page)  # the reader's copy, now cached
        before_crash = snapshot(database_url)

        server.crash(crash)
        manage(
            env,
            "shell",
            "-c",
            f"from claims.models import Claim, Rating; claim = Claim.objects.get(pk={claim_id}); "
            "claim.rating = Rating.objects.get(slug='false'); claim.correct('The figure was wrong.')",
        )

        # The drill really replayed the reuse: the correction's commit recreated the snapshot from before the crash.
        assert snapshot(database_url) == before_crash
        shown = read(page)
        assert '<span class="verdict">False</span>' in shown
        assert "The figure was wrong." in shown
