"""The quote list (filters) and a quote's page: the words, who said them, where they were printed,
a link that opens the source at the quoted words, and the claims checked in them."""

import datetime

import pytest

from publishing.models import Status
from quotes.models import Quote
from speakers.models import Alias, Speaker
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

STORY_TEXT = (
    "NEW YORK — The mayor answered the Justice Department on Friday.\n"
    "“To say we’re soft on crime is to ignore the facts,” de Blasio said at police headquarters. "
    "He added that crime is falling.\n"
    "Later he said crime is falling again."
)


# The quote list and its filters.


@pytest.fixture
def archive():
    """Quotes by two speakers in two outlets, of different kinds and dates, with and without verdicts."""
    gothamist = make_outlet(name="Gothamist", slug="gothamist")
    post = make_outlet(name="New York Post", slug="new-york-post")
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", kind=Speaker.Kind.PERSON)
    Alias.objects.create(speaker=mayor, name="The Mayor")
    union = make_speaker(name="Sergeants Benevolent Association", slug="sba", kind=Speaker.Kind.ORGANISATION)
    gothamist_story = make_story(outlet=gothamist)
    post_story = make_story(outlet=post)
    quotes = {
        "mayor early": make_quote(
            story=gothamist_story, speaker=mayor, said_on=datetime.date(2017, 4, 20), extent=Quote.Extent.FULL
        ),
        "mayor late": make_quote(
            story=post_story, speaker=mayor, said_on=datetime.date(2017, 4, 22), extent=Quote.Extent.FRAGMENT
        ),
        "union": make_quote(
            story=post_story, speaker=union, said_on=datetime.date(2017, 4, 21), extent=Quote.Extent.PARAPHRASE
        ),
    }
    make_claim(quotes=[quotes["mayor early"]], rating=rating("false"))
    make_claim(quotes=[quotes["union"]], rating=rating("true"))
    make_claim(quotes=[quotes["mayor late"]], rating=rating("false"), status=Status.DRAFT)
    return {"quotes": quotes, "gothamist_story": gothamist_story, "post_story": post_story}


def listed(client, **filters):
    """Which of the archive's quotes the list shows for these filters, by id."""
    return set(get_page(client, "/quotes/", filters).ids_linked("/quotes/"))


def ids(archive, *names):
    return {archive["quotes"][name].pk for name in names}


@pytest.mark.parametrize("speaker", ["Bill de Blasio", "bill DE blasio", "bill-de-blasio", "the mayor", " The Mayor "])
def test_the_quote_list_filters_by_speaker_name_slug_or_alternative_name(client, archive, speaker):
    assert listed(client, speaker=speaker) == ids(archive, "mayor early", "mayor late")


def test_the_quote_list_filters_by_outlet(client, archive):
    assert listed(client, outlet="new-york-post") == ids(archive, "mayor late", "union")


def test_the_quote_list_filters_by_story(client, archive):
    assert listed(client, story=archive["gothamist_story"].pk) == ids(archive, "mayor early")


def test_the_quote_list_filters_by_the_date_said(client, archive):
    assert listed(client, said_after="2017-04-21") == ids(archive, "mayor late", "union")
    assert listed(client, said_before="2017-04-21") == ids(archive, "mayor early", "union")
    assert listed(client, said_after="2017-04-21", said_before="2017-04-21") == ids(archive, "union")


def test_the_quote_list_filters_by_a_published_verdict_on_a_claim_in_the_quote(client, archive):
    # "mayor late" carries a claim rated False too, but that claim is still a draft.
    assert listed(client, verdict="false") == ids(archive, "mayor early")
    assert listed(client, verdict="true") == ids(archive, "union")


def test_the_quote_list_filters_by_kind_of_quote(client, archive):
    assert listed(client, kind="fragment") == ids(archive, "mayor late")
    assert listed(client, kind="paraphrase") == ids(archive, "union")


def test_filters_combine(client, archive):
    assert listed(client, speaker="bill-de-blasio", outlet="new-york-post") == ids(archive, "mayor late")


@pytest.mark.parametrize(
    "filters",
    [
        {"said_after": "2017-02-30"},
        {"said_before": "yesterday"},
        {"story": "abc"},
        {"story": "99999999999999999999999"},
        {"verdict": "sort-of-true"},
        {"kind": "poem"},
        {"speaker": "x" * 201},
        {"q": "crime\x00"},
    ],
)
def test_an_invalid_filter_shows_a_message_instead_of_results_or_an_error(client, archive, filters):
    page = get_page(client, "/quotes/", filters)

    assert "filters are not valid" in page.text
    assert page.ids_linked("/quotes/") == []


def test_the_quote_list_shows_who_said_it_where_and_the_verdicts_on_its_claims(client):
    story = make_story(outlet=make_outlet(name="Gothamist"))
    quote = make_quote(
        story=story, speaker=make_speaker(name="Bill de Blasio"), text="To say we are soft on crime is wrong."
    )
    make_claim(quotes=[quote], rating=rating("mostly-false"), text="New York is not soft on crime")

    page = get_page(client, "/quotes/")

    assert "To say we are soft on crime is wrong." in page.text
    assert "Bill de Blasio" in page.text
    assert "Gothamist" in page.text
    assert page.verdicts() == ["Mostly false"]
    assert page.ids_linked("/quotes/") == [quote.pk]


@pytest.mark.parametrize("rows", [1, 50])
def test_the_quote_list_runs_the_same_queries_for_1_or_50_quotes(client, django_assert_num_queries, rows):
    story, speaker = make_story(), make_speaker()
    for _ in range(rows):
        make_claim(quotes=[make_quote(story=story, speaker=speaker)])

    # site version, the page of quotes, their claims, the verdict choices
    with django_assert_num_queries(4):
        page = get_page(client, "/quotes/")

    assert len(page.ids_linked("/quotes/")) == min(rows, 20)
    assert len(page.verdicts()) == min(rows, 20)


# A quote's page.


@pytest.fixture
def quote():
    story = make_story(
        outlet=make_outlet(name="Gothamist", slug="gothamist"),
        headline="De Blasio, O'Neill push back on Sessions",
        url="https://gothamist.com/news/de-blasio-sessions",
        published_on=datetime.date(2017, 4, 21),
        text=STORY_TEXT,
        text_retrieved_on=datetime.date(2017, 4, 22),
    )
    return make_quote(
        story=story,
        speaker=make_speaker(name="Bill de Blasio", title="Former mayor of New York City"),
        speaker_title="Mayor",
        text="crime is falling",
        said_on=datetime.date(2017, 4, 20),
        reported_via=make_outlet(name="Politico"),
    )


def test_a_quote_page_shows_the_words_the_speaker_with_the_title_the_story_gave_and_the_date_said(client, quote):
    page = get_page(client, quote.get_absolute_url())

    assert "crime is falling" in page.text
    assert "Bill de Blasio, Mayor" in page.text
    assert "Former mayor" not in page.text
    assert "April 20, 2017" in page.text


def test_a_quote_page_says_where_it_was_printed_and_through_whom(client, quote):
    page = get_page(client, quote.get_absolute_url())

    assert page.link("De Blasio, O'Neill push back on Sessions") == quote.story.get_absolute_url()
    assert page.link("Gothamist") == "/outlets/gothamist/"
    assert "April 21, 2017" in page.text
    assert "Reported via Politico" in page.text


def test_a_quote_page_without_a_crediting_outlet_does_not_mention_one(client):
    quote = make_quote()

    assert "Reported via" not in get_page(client, quote.get_absolute_url()).text


def test_a_quote_page_without_a_date_says_when_as_the_story_put_it(client):
    quote = make_quote(said_on=None, said_when="earlier this year")

    assert "earlier this year" in get_page(client, quote.get_absolute_url()).text


def test_a_quote_page_links_to_the_source_scrolled_to_the_quoted_words(client, quote):
    page = get_page(client, quote.get_absolute_url())

    (source_link,) = [href for href in page.hrefs() if href.startswith("https://gothamist.com/")]
    assert source_link == quote.source_link
    # The words occur twice in the article: the link names the words around the first one.
    assert source_link == "https://gothamist.com/news/de-blasio-sessions#:~:text=that-,crime%20is%20falling"


def test_a_quote_page_lists_the_claims_checked_in_it_with_their_verdicts(client, quote):
    first = make_claim(quotes=[quote], rating=rating("half-true"), text="Crime is falling in New York")
    second = make_claim(quotes=[quote], rating=rating("pants-on-fire"), text="Crime has never been lower")

    page = get_page(client, quote.get_absolute_url())

    assert page.ids_linked("/claims/") == [first.pk, second.pk]
    assert page.verdicts() == ["Half true", "Pants on fire"]


@pytest.mark.parametrize("rows", [1, 50])
def test_a_quote_page_runs_the_same_queries_for_1_or_50_claims(client, django_assert_num_queries, quote, rows):
    for _ in range(rows):
        make_claim(quotes=[quote], speaker=make_speaker())

    # site version, the quote with its speaker, story and outlets, its claims
    with django_assert_num_queries(3):
        page = get_page(client, quote.get_absolute_url())

    assert len(page.ids_linked("/claims/")) == rows
