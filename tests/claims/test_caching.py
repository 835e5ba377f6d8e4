"""Public pages are cached and answer conditional GETs, keyed on the site's content version: a repeat visit
costs one query, a browser that has the page gets a 304, and a changed verdict reaches every page at once."""

import contextlib
import random
import socket
import string
import time

import psycopg
import pytest
from django.core.cache import cache
from django.core.signals import request_started
from django.db import OperationalError, connection, transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from claims.models import Rating
from newsroom.settings import redis_cache
from publishing.caching import PublicPageCache, page_cache, public_page, site_version
from tests.factories import make_claim, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


# Corrections reach readers when the editor's save commits: these tests commit, as a real save does.
committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def claim():
    speaker = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    quote = make_quote(story=make_story(), speaker=speaker, text="Murder is down 82 percent since 1993.")
    return make_claim(quotes=[quote], text="Murder in New York is down 82 percent since 1993")


def urls(claim):
    quote = claim.quotes.get()
    return {
        "home": "/",
        "quote list": "/quotes/",
        "quote search": "/quotes/?q=murder",
        "claim list": "/claims/",
        "claim search": "/claims/?q=murder",
        "quote page": quote.get_absolute_url(),
        "claim page": claim.get_absolute_url(),
        "speaker page": "/speakers/bill-de-blasio/",
        "story page": quote.story.get_absolute_url(),
        "outlet page": quote.story.outlet.get_absolute_url(),
        "methodology": "/methodology/",
        "feed": "/claims/feed/",
        "sitemap": "/sitemap.xml",
    }


CACHED_PAGES = [
    "home",
    "quote list",
    "quote search",
    "claim list",
    "claim search",
    "quote page",
    "claim page",
    "speaker page",
    "story page",
    "outlet page",
    "methodology",
    "feed",
    "sitemap",
]
DETAIL_PAGES = ["quote page", "claim page", "speaker page", "story page", "outlet page"]
# The pages that show the claim's verdict.
VERDICT_PAGES = [
    "home",
    "quote list",
    "quote search",
    "claim list",
    "claim search",
    "quote page",
    "claim page",
    "speaker page",
]


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_a_repeat_visit_is_served_from_the_cache_with_one_query(client, claim, django_assert_num_queries, name):
    url = urls(claim)[name]
    first = client.get(url)
    assert first.status_code == 200

    # Only the site version, to know the cached page is current.
    with django_assert_num_queries(1):
        again = client.get(url)

    assert again.status_code == 200
    assert again.content == first.content
    assert again.templates == []  # nothing was rendered
    # Byte for byte the page the view made, with every header the middleware gave it.
    assert dict(again.items()) == dict(first.items())


def test_a_cached_page_is_not_served_under_another_host(client, claim):
    url = claim.get_absolute_url()
    client.get(url, headers={"host": "localhost"})

    response = client.get(url, headers={"host": "127.0.0.1"})

    assert f'<link rel="canonical" href="http://127.0.0.1{url}">' in response.text


def test_a_cached_page_is_not_served_to_a_host_outside_allowed_hosts(client, claim):
    url = claim.get_absolute_url()
    assert client.get(url).status_code == 200

    assert client.get(url, headers={"host": "attacker.example"}).status_code == 400


PERSONAL = {
    "sets a cookie": lambda response: response.set_cookie("sessionid", "for-one-reader"),
    "sets a cookie by header": lambda response: response.headers.__setitem__("Set-Cookie", "sessionid=1"),
    "varies by header": lambda response: response.headers.__setitem__("Vary", "Cookie"),
    "is private": lambda response: response.headers.__setitem__("Cache-Control", "private"),
    "is not to be stored": lambda response: response.headers.__setitem__("Cache-Control", "no-store"),
    "meant for everyone": lambda response: None,
}


@pytest.mark.parametrize("kind", PERSONAL)
def test_only_a_page_meant_for_every_reader_is_kept_and_shared(kind):
    """However a public view changes later, a page meant for one reader never reaches the next one."""
    renders = 0

    def view(request):
        nonlocal renders
        renders += 1
        response = HttpResponse(f"page {renders}")
        PERSONAL[kind](response)
        return response

    site = PublicPageCache(public_page(view))
    site(RequestFactory().get("/claims/"))
    second = site(RequestFactory().get("/claims/"))

    assert second.content == (b"page 1" if kind == "meant for everyone" else b"page 2")


def test_a_streamed_page_is_served_and_not_kept():
    site = PublicPageCache(public_page(lambda request: StreamingHttpResponse(iter([b"a ", b"stream"]))))

    for _ in range(2):
        response = site(RequestFactory().get("/claims/"))
        assert b"".join(response.streaming_content) == b"a stream"


def test_two_searches_never_share_a_copy(client, claim):
    """'?q=é' sent raw and '?q=%C3%83%C2%A9' (a search for 'Ã©') are different pages, though Django's
    absolute URI spells them alike."""
    raw = client.get("/quotes/", QUERY_STRING="q=\u00e9".encode().decode("latin-1"))
    encoded = client.get("/quotes/", QUERY_STRING="q=%C3%83%C2%A9")

    assert "matching “é”" in raw.text
    assert "matching “Ã©”" in encoded.text
    assert encoded.templates  # rendered, not served the other search's copy


def test_a_reader_whose_copy_is_current_gets_a_304_from_the_cache(client, claim, django_assert_num_queries):
    url = claim.get_absolute_url()
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(1):
        response = client.get(url, headers={"if-none-match": f'"other", W/{etag}'})

    assert response.status_code == 304
    assert response.templates == []
    assert (response["ETag"], response["Cache-Control"]) == (etag, "public, max-age=0, must-revalidate")


@pytest.mark.parametrize("cached", [True, False], ids=["cached page", "page to render"])
@pytest.mark.parametrize(
    "header", [{"if-unmodified-since": "Sat, 22 Apr 2017 10:00:00 GMT"}, {"if-match": '"x"'}, {"if-none-match": "*"}]
)
def test_other_preconditions_are_ignored_rather_than_answered_412(client, claim, cached, header):
    url = claim.get_absolute_url()
    if cached:
        client.get(url)

    response = client.get(url, headers=header)

    assert response.status_code == 200
    assert client.get("/claims/999999/nothing-here/", headers=header).status_code == 404


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_public_pages_carry_an_etag_and_ask_browsers_to_revalidate(client, claim, name):
    response = client.get(urls(claim)[name])

    assert response["ETag"].startswith('"')
    assert "must-revalidate" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_a_browser_that_has_the_page_gets_a_304_without_rendering(client, claim, django_assert_max_num_queries, name):
    url = urls(claim)[name]
    etag = client.get(url)["ETag"]
    cache.clear()  # a 304 must not depend on a cached copy

    with django_assert_max_num_queries(2):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""
    assert response.templates == []


@pytest.mark.parametrize("name", DETAIL_PAGES)
def test_a_browser_with_another_version_gets_the_full_page(client, claim, name):
    response = client.get(urls(claim)[name], headers={"if-none-match": '"something-else"'})

    assert response.status_code == 200
    assert response.content


def change_verdict(claim, slug):
    claim.rating = Rating.objects.get(slug=slug)
    claim.correct("We misread the department's figures.")


@committed
def test_changing_a_verdict_changes_the_etag_of_every_page_that_shows_it(client, claim):
    pages = urls(claim)
    before = {name: client.get(pages[name])["ETag"] for name in VERDICT_PAGES}

    change_verdict(claim, "pants-on-fire")

    for name in VERDICT_PAGES:
        response = client.get(pages[name], headers={"if-none-match": before[name]})
        assert response.status_code == 200, name
        assert response["ETag"] != before[name], name


@committed
@pytest.mark.parametrize("name", VERDICT_PAGES)
def test_a_reader_never_sees_a_stale_verdict_after_a_correction(client, claim, name):
    url = urls(claim)[name]
    assert "True" in get_page(client, url).verdicts()  # now cached

    change_verdict(claim, "pants-on-fire")

    verdicts = get_page(client, url).verdicts()
    assert "Pants on fire" in verdicts
    assert "True" not in verdicts


@committed
def test_a_reader_sees_a_renamed_verdict_at_once(client, claim):
    url = claim.get_absolute_url()
    get_page(client, url)
    true = Rating.objects.get(slug="true")
    true.name = "Accurate"
    true.save()

    assert get_page(client, url).verdicts() == ["Accurate"]


@committed
def test_a_reader_sees_a_retraction_at_once(client, claim):
    url = claim.get_absolute_url()
    assert get_page(client, url).json_ld()

    claim.retract("We misread the figures.")

    page = get_page(client, url)
    assert "We misread the figures." in page.text
    assert page.json_ld() == []


@pytest.fixture
def drop_the_sites_connection():
    """Have the server end the connection the site kept from its last request, as a restart would."""

    def drop():
        with psycopg.connect(**connection.get_connection_params()) as admin:
            admin.execute("SELECT pg_terminate_backend(%s, 5000)", [connection.connection.info.backend_pid])

    yield drop
    connection.close()  # whatever the test left, the next one starts on a fresh connection


@committed
@pytest.mark.parametrize("cached", [True, False], ids=["cached page", "page to render"])
def test_a_reader_still_gets_the_page_after_the_database_dropped_the_sites_connection(
    client, claim, cached, drop_the_sites_connection
):
    url = claim.get_absolute_url()
    if cached:
        client.get(url)
    drop_the_sites_connection()

    response = client.get(url)

    assert response.status_code == 200
    assert "Murder in New York is down 82 percent since 1993" in response.text


@committed
def test_inside_a_transaction_a_dropped_connection_is_an_error_not_a_silent_reconnect(drop_the_sites_connection):
    site_version()  # the connection is open
    with pytest.raises(OperationalError), transaction.atomic():
        drop_the_sites_connection()
        site_version()


@committed
def test_a_cached_page_spends_no_round_trip_on_a_separate_health_check(client, claim, monkeypatch):
    url = claim.get_absolute_url()
    client.get(url)
    checks = []
    is_usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or is_usable())

    request_started.send(sender=None)  # a new request: Django would health-check the kept connection
    response = client.get(url)

    assert response.status_code == 200
    assert checks == []
    assert connection.health_check_enabled  # the check is on; the version query stands in for it


@pytest.mark.parametrize("url", ["/claims/", "/methodology/", "/admin/login/"])
def test_an_unreachable_page_cache_costs_speed_not_pages(client, claim, settings, url):
    unreachable_redis(settings)

    for _ in range(2):
        assert client.get(url).status_code == 200


def test_junk_parameters_share_the_plain_pages_copy_and_add_no_cache_entries(client, claim):
    """Tracking tags and made-up parameters are not part of a page's address: 3,000 of them add nothing."""
    pages = ["/", "/quotes/", "/claims/?speaker=bill-de-blasio", claim.get_absolute_url()]
    for page in pages:
        client.get(page)
    kept = len(cache._cache)
    junk = random.Random(10)

    for n in range(3000):
        page = pages[n % len(pages)]
        name = junk.choice(["utm_source", "fbclid", "".join(junk.choices(string.ascii_lowercase, k=8))])
        value = "".join(junk.choices(string.ascii_letters + string.digits, k=12))
        response = client.get(f"{page}{'&' if '?' in page else '?'}{name}={value}")
        assert response.status_code == 200

    assert len(cache._cache) == kept  # each under its plain page's key


def test_a_page_prints_no_parameter_it_does_not_read(client, claim):
    response = client.get("/claims/?speaker=bill-de-blasio&utm_source=%3Cscript%3E&verdict=")

    assert "utm_source" not in response.text
    assert "speaker=bill-de-blasio" in response.text  # the parameters it reads stay in its links


def test_the_order_of_a_pages_parameters_does_not_make_another_copy(client, claim):
    client.get("/claims/?speaker=bill-de-blasio&q=murder")

    again = client.get("/claims/?q=murder&speaker=bill-de-blasio")

    assert again.templates == []


def unreachable_redis(settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:9/0")}  # nothing listens on port 9


def test_an_unreachable_cache_is_tried_once_then_skipped_and_its_traceback_logged_once(client, claim, settings, caplog):
    unreachable_redis(settings)
    url = claim.get_absolute_url()
    tries = []
    get = cache.get
    with caplog.at_level("WARNING", logger="publishing.caching"):
        cache_get = lambda *args: tries.append(1) or get(*args)  # noqa: E731
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(cache, "get", cache_get)
            for _ in range(5):
                assert client.get(url).status_code == 200

    assert len(tries) == 1
    assert [(record.levelname, bool(record.exc_info)) for record in caplog.records] == [("ERROR", True)]


def test_the_cache_is_tried_again_after_its_break_and_logs_one_line_while_still_down(client, claim, settings, caplog):
    unreachable_redis(settings)
    url = claim.get_absolute_url()
    client.get(url)
    page_cache.skip_until = 0  # the break is over
    caplog.clear()

    with caplog.at_level("WARNING", logger="publishing.caching"):
        assert client.get(url).status_code == 200

    assert [(record.levelname, bool(record.exc_info)) for record in caplog.records] == [("WARNING", False)]
    assert "still unavailable" in caplog.text


def test_a_hung_cache_costs_one_short_wait_then_nothing(client, claim, settings):
    """A Redis that accepts connections and never answers (frozen, or behind a broken network)."""
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(16)  # connections complete in the kernel's backlog; nothing ever answers them
        settings.CACHES = {"default": redis_cache(f"redis://127.0.0.1:{hung.getsockname()[1]}/0")}
        url = claim.get_absolute_url()

        started = time.monotonic()
        assert client.get(url).status_code == 200
        waited = time.monotonic() - started
        for _ in range(3):
            assert client.get(url).status_code == 200

        hung.setblocking(False)
        connections = []
        with contextlib.suppress(BlockingIOError):
            while True:
                connections.append(hung.accept()[0])
        for connection in connections:
            connection.close()

    assert waited < 2  # one read timeout (0.25 s), not the TCP stack's minutes
    assert len(connections) == 1  # then the breaker is open: the cache is not asked again


def test_a_cache_error_that_is_no_outage_costs_that_request_only(client, claim, caplog, monkeypatch):
    """A full Redis refusing a write, or a copy that no longer unpickles after an upgrade: the page is served, and
    the next request uses the cache again."""
    url = claim.get_absolute_url()
    client.get(url)
    with monkeypatch.context() as patch:
        patch.setattr(cache, "get", lambda *args: (_ for _ in ()).throw(ValueError("unpickling stack underflow")))
        assert client.get(url).status_code == 200
    again = client.get(url)

    assert again.templates == []  # served from the cache
    assert [(record.levelname, bool(record.exc_info)) for record in caplog.records] == [("WARNING", False)]
