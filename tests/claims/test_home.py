"""The home page: the latest fact checks and the latest quotes, with their verdicts."""

import pytest

from claims.models import Rating
from tests.factories import make_claim, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


def test_the_home_page_shows_the_latest_fact_checks_and_quotes_newest_first(client):
    speaker = make_speaker(name="Bill de Blasio")
    older_quote = make_quote(speaker=speaker, text="We are not soft on crime.")
    newer_quote = make_quote(speaker=speaker, text="Crime keeps falling.")
    older_claim = make_claim(quotes=[older_quote], text="New York is not soft on crime")
    newer_claim = make_claim(
        quotes=[newer_quote], text="Crime keeps falling in New York", rating=Rating.objects.get(slug="mostly-true")
    )

    page = get_page(client, "/")

    assert page.ids_linked("/claims/") == [newer_claim.pk, older_claim.pk]
    assert page.ids_linked("/quotes/") == [newer_quote.pk, older_quote.pk]
    assert "Crime keeps falling." in page.text
    assert "Bill de Blasio" in page.text
    # Each fact check with its verdict, and each quote with the verdicts on its claims.
    assert sorted(page.verdicts()) == ["Mostly true", "Mostly true", "True", "True"]


def test_the_home_page_shows_the_eight_newest_of_each(client):
    story, speaker = make_story(), make_speaker()
    claims = [make_claim(quotes=[make_quote(story=story, speaker=speaker)]) for _ in range(10)]

    page = get_page(client, "/")

    assert page.ids_linked("/claims/") == [claim.pk for claim in reversed(claims)][:8]
    assert len(page.ids_linked("/quotes/")) == 8
    assert page.link("All fact checks") == "/claims/"
    assert page.link("All quotes") == "/quotes/"


def test_an_empty_newsroom_still_has_a_home_page(client):
    page = get_page(client, "/")

    assert "No fact checks yet." in page.text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_home_page_runs_the_same_queries_for_1_or_50_items(client, django_assert_num_queries, rows):
    story, speaker = make_story(), make_speaker()
    for _ in range(rows):
        quote = make_quote(story=story, speaker=speaker)
        make_claim(quotes=[quote])
        make_claim(quotes=[quote])

    # site version, the latest claims, the latest quotes, the quotes' claims
    with django_assert_num_queries(4):
        page = get_page(client, "/")

    assert len(page.ids_linked("/quotes/")) == min(rows, 8)
