"""What machines read: the Atom feed of fact checks, the sitemap index and its sections, and robots.txt."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, Rating
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story, make_user
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def feed_entries(client):
    response = client.get("/claims/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return feed, feed.findall(f"{ATOM}entry")


def published_at(claim, when):
    Claim.objects.filter(pk=claim.pk).update(first_published_at=when)


# The Atom feed.


def test_the_feed_gives_each_fact_check_with_speaker_claim_verdict_and_ruling(client):
    claim = make_claim(
        speaker=make_speaker(name="Jeff Sessions"),
        text="New York is soft on crime",
        rating=Rating.objects.get(slug="pants-on-fire"),
        summary="Crime in New York is at record lows.",
        fact_checker=make_user("fred", first_name="Fred", last_name="Checker"),
    )

    feed, (entry,) = feed_entries(client)

    assert feed.find(f"{ATOM}title").text == "Fact checks"
    assert entry.find(f"{ATOM}title").text == "Jeff Sessions: “New York is soft on crime” — Pants on fire"
    assert entry.find(f"{ATOM}link").get("href") == f"http://testserver{claim.get_absolute_url()}"
    assert entry.find(f"{ATOM}summary").text == "Crime in New York is at record lows."
    assert entry.find(f"{ATOM}author/{ATOM}name").text == "Fred Checker"


def test_the_feed_lists_the_newest_fact_checks_first(client):
    older, newer = make_claim(text="Older check"), make_claim(text="Newer check")
    published_at(older, datetime.datetime(2017, 4, 22, tzinfo=datetime.UTC))
    published_at(newer, datetime.datetime(2017, 4, 23, tzinfo=datetime.UTC))

    _, entries = feed_entries(client)

    assert [entry.find(f"{ATOM}link").get("href") for entry in entries] == [
        f"http://testserver{newer.get_absolute_url()}",
        f"http://testserver{older.get_absolute_url()}",
    ]


def test_the_feed_stops_at_fifty_entries(client):
    speaker = make_speaker()
    for _ in range(51):
        make_claim(speaker=speaker, evidence=0)

    _, entries = feed_entries(client)

    assert len(entries) == 50


def test_a_retracted_fact_check_stays_in_the_feed_with_its_dated_notice(client):
    claim = make_claim(speaker=make_speaker(name="Jeff Sessions"), text="Crime rose 5 percent last year")
    claim.retract("We checked the wrong year's figures.")
    # 02:30 UTC on April 22 is April 21 in New York, the day the retraction page shows.
    Claim.objects.filter(pk=claim.pk).update(retracted_at=datetime.datetime(2017, 4, 22, 2, 30, tzinfo=datetime.UTC))

    _, (entry,) = feed_entries(client)

    assert entry.find(f"{ATOM}title").text.startswith("Retracted: Jeff Sessions")
    summary = entry.find(f"{ATOM}summary").text
    assert summary == "Retracted on April 21, 2017. We checked the wrong year's figures."
    assert "Retracted on April 21, 2017." in get_page(client, claim.get_absolute_url()).text


def test_a_corrected_fact_check_tells_subscribers_what_changed(client):
    claim = make_claim(text="Murder is down 82 percent", rating=Rating.objects.get(slug="true"), summary="Right.")
    claim.rating = Rating.objects.get(slug="mostly-true")
    claim.correct("The fall is 76 percent, not 82.")
    today = timezone.localdate().strftime("%B %-d, %Y")

    _, (entry,) = feed_entries(client)

    assert entry.find(f"{ATOM}title").text.endswith("— Mostly true")
    assert entry.find(f"{ATOM}summary").text == f"Verdict changed on {today}: The fall is 76 percent, not 82. Right."


@pytest.mark.parametrize("rows", [1, 50])
def test_the_feed_runs_the_same_queries_for_1_or_50_fact_checks(client, django_assert_num_queries, rows):
    speaker, fact_checker = make_speaker(), make_user("fred", first_name="Fred")
    for _ in range(rows):
        make_claim(speaker=speaker, fact_checker=fact_checker, evidence=0).correct("A correction.")

    # site version, the claims with speakers, verdicts and fact-checkers, their corrections
    with django_assert_num_queries(3):
        _, entries = feed_entries(client)

    assert len(entries) == rows


# The sitemap.


def test_the_sitemap_index_points_to_every_section(client):
    make_claim(quotes=[make_quote()])

    response = client.get("/sitemap.xml")

    index = ET.fromstring(response.content)
    assert [loc.text for loc in index.iter(f"{SITEMAP}loc")] == [
        f"http://testserver/sitemap-{section}.xml" for section in ["claims", "quotes", "speakers", "stories", "outlets"]
    ]


def test_each_sitemap_section_lists_the_permalinks_with_their_last_change(client):
    outlet = make_outlet(slug="gothamist")
    story = make_story(outlet=outlet)
    speaker = make_speaker(slug="bill-de-blasio")
    quote = make_quote(story=story, speaker=speaker)
    claim = make_claim(quotes=[quote])

    def entries(section):
        urlset = ET.fromstring(client.get(f"/sitemap-{section}.xml").content)
        return {
            url.find(f"{SITEMAP}loc").text.removeprefix("http://testserver"): getattr(
                url.find(f"{SITEMAP}lastmod"), "text", None
            )
            for url in urlset.findall(f"{SITEMAP}url")
        }

    assert entries("claims") == {claim.get_absolute_url(): timezone.localdate(claim.updated_at).isoformat()}
    assert entries("quotes") == {quote.get_absolute_url(): timezone.localdate(quote.updated_at).isoformat()}
    assert entries("stories") == {story.get_absolute_url(): timezone.localdate(story.updated_at).isoformat()}
    assert entries("speakers") == {"/speakers/bill-de-blasio/": timezone.localdate(speaker.updated_at).isoformat()}
    assert entries("outlets") == {"/outlets/gothamist/": timezone.localdate(outlet.updated_at).isoformat()}


def test_an_unknown_sitemap_section_is_not_found(client):
    assert client.get("/sitemap-admin.xml").status_code == 404


@pytest.mark.parametrize("section", ["claims", "quotes", "speakers", "stories", "outlets"])
@pytest.mark.parametrize("rows", [1, 50])
def test_each_sitemap_section_runs_the_same_queries_for_1_or_50_items(client, django_assert_num_queries, section, rows):
    for _ in range(rows):
        make_claim(quotes=[make_quote()], evidence=0)

    # site version; the count for the section's pages, the items
    with django_assert_num_queries(3):
        response = client.get(f"/sitemap-{section}.xml")

    assert response.content.decode().count("<url>") == rows
    # Sections run to 10,000 addresses (1.6 MB): a repeat is the cached copy, after the version alone.
    with django_assert_num_queries(1):
        again = client.get(f"/sitemap-{section}.xml", {"utm_source": "feed"})
    assert again.content == response.content


@pytest.mark.parametrize("rows", [1, 50])
def test_the_sitemap_index_runs_the_same_queries_for_1_or_50_items(client, django_assert_num_queries, rows):
    for _ in range(rows):
        make_claim(quotes=[make_quote()], evidence=0)

    # site version; per section, the count and the newest change (an aggregate, never the items)
    with django_assert_num_queries(11):
        response = client.get("/sitemap.xml")

    assert response.status_code == 200


# robots.txt


def test_robots_keep_crawlers_out_of_the_admin_and_point_to_the_sitemap(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert not [line for line in lines if re.fullmatch(r"Disallow:\s*/\s*", line)]


def test_a_speaker_whose_only_public_item_is_a_claim_is_in_the_sitemap(client):
    speaker = make_speaker(slug="claims-only")
    make_claim(speaker=speaker)

    urlset = ET.fromstring(client.get("/sitemap-speakers.xml").content)

    assert "http://testserver/speakers/claims-only/" in [loc.text for loc in urlset.iter(f"{SITEMAP}loc")]
    assert client.get("/speakers/claims-only/").status_code == 200


def test_the_sitemap_index_dates_each_section_without_loading_its_items(client):
    story = make_story()
    for _ in range(30):
        make_claim(quotes=[make_quote(story=story)], evidence=0)

    with CaptureQueriesContext(connection) as queries:
        index = ET.fromstring(client.get("/sitemap.xml").content)

    assert len(list(index.iter(f"{SITEMAP}lastmod"))) == 5
    # Each section is dated by one aggregate: no query reads the items themselves (a million quotes).
    assert not [q["sql"] for q in queries if '"quotes_quote"."text"' in q["sql"] or '"claims_claim"."text"' in q["sql"]]
