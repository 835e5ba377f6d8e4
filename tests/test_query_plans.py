"""The named indexes serve the queries they were made for (EXPLAIN on about 10,000 quotes).

Timings live in bench/; this only checks that PostgreSQL's plans use the intended indexes, so a
refactor that defeats an index fails CI.

Each test asserts how the big table is read (through which index, in which direction), not the whole
plan: join order and the like may change with costs without costing readers anything. Statistics are
gathered right before each EXPLAIN, and cursors are ids of the archive's own quotes, since earlier tests
have moved the id sequence by a varying amount.
"""

import datetime
import json
from dataclasses import dataclass

import pytest
from django.db import connection
from django.utils import timezone

from claims.views import quote_cards
from publishing.models import Status
from publishing.pagination import best_match_first, newest_first
from publishing.search import search_query
from quotes.models import Quote
from speakers.models import Speaker
from stories.models import Story
from tests.factories import make_outlet, make_speaker

QUOTES = 10_000
SPEAKERS = 50
OUTLETS = 40
# What the queries below read.
TABLES = ["quotes_quote", "stories_story", "stories_outlet", "speakers_speaker"]


@dataclass
class Archive:
    speakers: list[Speaker]
    quotes: list[Quote]  # in id order


@pytest.fixture
def archive(db):
    outlets = [make_outlet() for _ in range(OUTLETS)]
    speakers = [make_speaker() for _ in range(SPEAKERS)]
    now = timezone.now()
    stories = Story.objects.bulk_create(
        Story(
            outlet=outlets[i % OUTLETS],
            headline=f"Story {i}",
            url=f"https://news.example/{i}",
            published_on=datetime.date(2017, 1, 1) + datetime.timedelta(days=i % 365),
            status=Status.PUBLISHED,
            first_published_at=now,
        )
        for i in range(QUOTES // 10)
    )
    words = ["crime", "budget", "schools", "housing", "police", "transit", "taxes", "parks", "jobs", "health"]
    quotes = Quote.objects.bulk_create(
        Quote(
            story=stories[i // 10],
            position=i % 10 + 1,
            speaker=speakers[(i * 7) % SPEAKERS],
            text=f"We will talk about {words[i % 10]} and {words[(i // 10) % 10]} number {i}"
            + (" zygomorphic" if i == 4321 else ""),
            status=Status.PUBLISHED,
            first_published_at=now,
            story_public=True,
        )
        for i in range(QUOTES)
    )
    with connection.cursor() as cursor:
        # What autovacuum does after a bulk load: merge the GIN index's pending entries (plan() gathers statistics).
        cursor.execute("SELECT gin_clean_pending_list('quote_search_idx'::regclass)")
    return Archive(speakers, quotes)


def plan(queryset):
    """PostgreSQL's plan for queryset (EXPLAIN as JSON), on statistics gathered from the tables just before.

    ANALYZE here reads every row of these small tables, so the statistics are exact whatever ran before.
    """
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(TABLES)}")
    return json.loads(queryset.explain(format="json"))[0]["Plan"]


def scans(node, table):
    """The plan's nodes that read table's rows."""
    found = [node] if node.get("Relation Name") == table else []
    return found + [scan for child in node.get("Plans", []) for scan in scans(child, table)]


def indexes(scan):
    """The indexes a scan goes through: none for a sequential scan, those under a bitmap scan."""
    if "Index Name" in scan:
        return {scan["Index Name"]}
    return {name for child in scan.get("Plans", []) for name in indexes(child)}


def test_the_quote_list_filtered_by_speaker_walks_the_speaker_index(archive):
    speaker, cursor = archive.speakers[3], archive.quotes[9000].id
    page = newest_first(quote_cards().filter(speaker=speaker), cursor=str(cursor))
    assert len(page.items) == 20

    [scan] = scans(plan(quote_cards().filter(speaker=speaker, id__lt=cursor).order_by("-id")[:21]), "quotes_quote")
    assert indexes(scan) == {"quote_speaker_newest_idx"}


def test_the_unfiltered_quote_list_walks_the_primary_key_backwards(archive):
    cursor = archive.quotes[5000].id

    [scan] = scans(plan(quote_cards().filter(id__lt=cursor).order_by("-id")[:21]), "quotes_quote")
    assert (scan["Node Type"], scan["Index Name"], scan["Scan Direction"]) == (
        "Index Scan",
        "quotes_quote_pkey",
        "Backward",
    )


def test_search_for_a_rare_word_uses_the_search_index(archive):
    page = best_match_first(quote_cards(), "zygomorphic")
    assert [quote.text.endswith("zygomorphic") for quote in page.items] == [True]

    [scan] = scans(
        plan(Quote.objects.filter(search=search_query("zygomorphic")).order_by("-id")[:1000]), "quotes_quote"
    )
    assert indexes(scan) == {"quote_search_idx"}


def test_the_newest_public_matches_are_found_without_reading_stories(archive):
    newest_matches = Quote.objects.public().filter(search=search_query("crime")).order_by("-id").values("id")[:1000]

    assert scans(plan(newest_matches), "stories_story") == []


def test_a_storys_quotes_come_from_the_position_index(archive):
    story = archive.quotes[500].story

    [scan] = scans(plan(Quote.objects.filter(story=story).order_by("position")), "quotes_quote")
    assert indexes(scan) == {"quote_position_unique_in_story"}


def test_an_outlets_stories_come_from_the_outlet_date_index(archive):
    outlet = archive.quotes[0].story.outlet

    [scan] = scans(plan(Story.objects.public().filter(outlet=outlet)[:100]), "stories_story")
    assert indexes(scan) == {"story_outlet_date_idx"}
