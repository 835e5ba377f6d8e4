"""A story's page: what was printed where and when, and the quotes it carries in the order they appear."""

import datetime

import pytest

from tests.factories import make_outlet, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def story():
    return make_story(
        outlet=make_outlet(name="Gothamist", slug="gothamist"),
        headline="De Blasio, O'Neill push back on Sessions",
        url="https://gothamist.com/news/de-blasio-sessions",
        published_on=datetime.date(2017, 4, 21),
        byline="Jen Chung",
    )


def test_a_story_page_says_who_printed_it_when_and_links_to_the_original(client, story):
    page = get_page(client, story.get_absolute_url())

    assert "De Blasio, O'Neill push back on Sessions" in page.title
    assert page.link("Gothamist") == "/outlets/gothamist/"
    assert "April 21, 2017" in page.text
    assert "Jen Chung" in page.text
    assert "https://gothamist.com/news/de-blasio-sessions" in page.hrefs()


def test_a_story_page_lists_its_quotes_in_the_order_they_appear_with_the_titles_printed(client, story):
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", title="Former mayor")
    commissioner = make_speaker(name="James O'Neill", slug="james-oneill")
    third = make_quote(story=story, speaker=mayor, position=3, text="Look our officers in the eye.")
    first = make_quote(
        story=story, speaker=mayor, position=1, speaker_title="Mayor", text="To say we're soft on crime…"
    )
    second = make_quote(story=story, speaker=commissioner, position=2, text="We took down 100 gangs.")

    page = get_page(client, story.get_absolute_url())

    assert page.ids_linked("/quotes/") == [first.pk, second.pk, third.pk]
    assert "Bill de Blasio, Mayor" in page.text
    assert "Former mayor" not in page.text
    assert "/speakers/james-oneill/" in page.hrefs()
    assert "We took down 100 gangs." in page.text


def test_a_story_without_a_recorded_headline_says_where_its_stand_in_came_from(client):
    story = make_story(
        headline="",
        headline_stand_in="De Blasio sessions soft on crime",
        headline_stand_in_source="URL slug",
        published_on=None,
    )

    page = get_page(client, story.get_absolute_url())

    assert story.get_absolute_url() == f"/stories/{story.pk}/de-blasio-sessions-soft-on-crime/"
    assert "De Blasio sessions soft on crime" in page.title
    assert "URL slug" in page.text
    assert "Date not recorded" in page.text


@pytest.mark.parametrize("rows", [1, 50])
def test_a_story_page_runs_the_same_queries_for_1_or_50_quotes(client, django_assert_num_queries, story, rows):
    for _ in range(rows):
        make_quote(story=story)

    # site version, the story with its outlet, its quotes with their speakers
    with django_assert_num_queries(3):
        page = get_page(client, story.get_absolute_url())

    assert len(page.ids_linked("/quotes/")) == rows


def test_a_retracted_quote_is_marked_on_its_storys_page(client):
    story = make_story()
    quote = make_quote(story=story, text="Words later withdrawn.")
    quote.retract("The outlet corrected its transcript.")

    page = client.get(story.get_absolute_url()).content.decode()

    assert "Words later withdrawn." in page
    assert "<strong>Retracted</strong>" in page
