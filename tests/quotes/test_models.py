"""Quotes: the database keeps their text and their order in a story honest."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from quotes.models import MAX_QUOTE_LENGTH, Quote
from tests.factories import make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_the_database_refuses_an_empty_or_blank_quote(text):
    story, speaker = make_story(), make_speaker()

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.create(story=story, speaker=speaker, text=text)


def test_the_database_refuses_a_quote_over_ten_thousand_characters():
    quote = make_quote()

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(text="x" * (MAX_QUOTE_LENGTH + 1))


def test_the_database_accepts_a_quote_of_exactly_ten_thousand_characters():
    quote = make_quote(text="x" * MAX_QUOTE_LENGTH)

    quote.refresh_from_db()
    assert len(quote.text) == MAX_QUOTE_LENGTH


def test_the_database_refuses_two_quotes_at_the_same_position_in_a_story():
    story, speaker = make_story(), make_speaker()
    make_quote(story=story, speaker=speaker, position=1)

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.bulk_create([Quote(story=story, speaker=speaker, text="Another thing.", position=1)])


def test_two_stories_can_each_have_a_first_quote():
    make_quote(story=make_story(), position=1)
    make_quote(story=make_story(), position=1)

    assert Quote.objects.filter(position=1).count() == 2


def test_the_database_refuses_position_zero():
    quote = make_quote()

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(position=0)


def test_full_clean_explains_an_overlong_quote():
    quote = Quote(story=make_story(), speaker=make_speaker(), text="x" * (MAX_QUOTE_LENGTH + 1))

    with pytest.raises(ValidationError) as error:
        quote.full_clean()

    assert "text" in error.value.message_dict


def test_a_quote_reads_as_speaker_and_words():
    quote = make_quote(speaker=make_speaker(name="Bill de Blasio"), text="Crime is down.")

    assert str(quote) == "Bill de Blasio: “Crime is down.”"


def test_a_long_quote_is_shortened_with_an_ellipsis():
    quote = make_quote(speaker=make_speaker(name="Bill de Blasio"), text="word " * 40)

    assert str(quote) == f"Bill de Blasio: “{('word ' * 40)[:79]}…”"


def test_a_saved_quote_keeps_the_link_that_opens_its_story_at_the_words():
    story = make_story(url="https://example.com/news", text="Intro.\nCrime is down, the mayor said.")
    quote = make_quote(story=story, text="Crime is down")

    quote.refresh_from_db()
    assert quote.source_link == "https://example.com/news#:~:text=Crime%20is%20down"


def test_relocating_a_storys_quotes_follows_its_new_address():
    story = make_story(url="https://example.com/old", text="Crime is down.")
    quote = make_quote(story=story, text="Crime is down")
    story.url = "https://example.com/new"
    story.save()

    story.quotes.locate_in_story()

    quote.refresh_from_db()
    assert quote.source_link.startswith("https://example.com/new#:~:text=")
