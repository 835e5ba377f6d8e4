"""Drill: Redis freezes (SIGSTOP) while readers load the site, as gunicorn serves it in production.

A frozen Redis accepts connections and never answers: without timeouts every page waited on it. The promise is
that a failing cache costs speed, never a page: no 5xx, and no request waits 2 s or more. bench/cache_freeze.py
measures the same with more readers and prints the figures.
"""

import urllib.request

import pytest
import redis
from django.core.management import call_command

from tests.servers import PrivateRedis, database_url, gunicorn, load

pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGES = ["/", "/claims/", "/quotes/", "/quotes/?speaker=bill-de-blasio", "/methodology/", "/corrections/"]


@pytest.fixture
def private_redis(tmp_path):
    server = PrivateRedis(str(tmp_path))
    yield server
    server.stop()


def test_a_frozen_redis_under_load_costs_no_page_and_no_request_waits_2_s(private_redis):
    call_command("load_demo", verbosity=0)
    # A short break, so that the drill also sees the cache tried again and used once Redis thaws.
    env = {"DATABASE_URL": database_url(), "REDIS_URL": private_redis.url, "CACHE_BREAK_SECONDS": "1"}
    stats = redis.Redis.from_url(private_redis.url)
    with gunicorn(env, workers=2, threads=4) as site:
        for page in PAGES:  # rendered once and kept
            urllib.request.urlopen(site + page, timeout=10).read()
        assert stats.dbsize() >= len(PAGES)

        requests = load(site, PAGES, seconds=8, readers=8, at=[(2, private_redis.freeze), (5, private_redis.thaw)])
        hits_after_thaw = stats.info("stats")["keyspace_hits"]
        load(site, PAGES, seconds=1, readers=2)
        assert stats.info("stats")["keyspace_hits"] > hits_after_thaw, "the cache is used again once Redis answers"

    frozen = [r for r in requests if 2 <= r[0] < 5]
    assert len(frozen) > 50, "the readers were served while Redis was frozen"
    assert [r for r in requests if r[2] is None or r[2] >= 500] == []
    assert max(r[3] for r in requests) < 2
