"""The named indexes serve the queries they were made for (EXPLAIN on about 10,000 quotes).

Timings live in bench/; this only checks that PostgreSQL's plans use the intended indexes, so a
refactor that defeats an index fails CI.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from claims.views import quote_cards
from publishing.models import Status
from publishing.pagination import best_match_first, newest_first
from publishing.search import search_query
from quotes.models import Quote
from stories.models import Story
from tests.factories import make_outlet, make_speaker

QUOTES = 10_000
SPEAKERS = 50
OUTLETS = 40


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
    Quote.objects.bulk_create(
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
        # What autovacuum does after a bulk load: merge the GIN index's pending entries, gather statistics.
        cursor.execute("SELECT gin_clean_pending_list('quote_search_idx'::regclass)")
        cursor.execute("ANALYZE")
    return speakers


def plan(queryset):
    return queryset.explain()


def test_the_quote_list_filtered_by_speaker_walks_the_speaker_index(archive):
    page = newest_first(quote_cards().filter(speaker=archive[3]), cursor="9000")
    assert len(page.items) == 20
    assert "quote_speaker_newest_idx" in plan(
        quote_cards().filter(speaker=archive[3], id__lt=9000).order_by("-id")[:21]
    )


def test_the_unfiltered_quote_list_walks_the_primary_key_backwards(archive):
    assert "Index Scan Backward using quotes_quote_pkey" in plan(quote_cards().filter(id__lt=5000).order_by("-id")[:21])


def test_search_for_a_rare_word_uses_the_search_index(archive):
    page = best_match_first(quote_cards(), "zygomorphic")
    assert [quote.text.endswith("zygomorphic") for quote in page.items] == [True]
    assert "quote_search_idx" in plan(Quote.objects.filter(search=search_query("zygomorphic")).order_by("-id")[:1000])


def test_the_newest_public_matches_are_found_without_reading_stories(archive):
    newest_matches = Quote.objects.public().filter(search=search_query("crime")).order_by("-id").values("id")[:1000]

    assert "stories_story" not in plan(newest_matches)


def test_a_storys_quotes_come_from_the_position_index(archive):
    story = Story.objects.order_by("id")[50]
    assert "quote_position_unique_in_story" in plan(Quote.objects.filter(story=story).order_by("position"))


def test_an_outlets_stories_come_from_the_outlet_date_index(archive):
    outlet = Story.objects.first().outlet
    stories = Story.objects.public().filter(outlet=outlet)[:100]
    assert "story_outlet_date_idx" in plan(stories)
