"""A quote's page lists the other outlets' versions of the same statement, each with a word-level diff; a claim's
page and its ClaimReview name every article that carries the claim."""

import pytest

from publishing.models import Status
from quotes.models import Quote, Utterance
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

NEWSMAX = "In 2016, we locked up over 1,000 people in 100 gang take downs — most of them are still in jail."
GOTHAMIST = "In 2016 we locked up over 1,000 people in over 100 gang takedowns. Most of them are still in jail,"


@pytest.fixture
def speaker():
    return make_speaker(name="James O'Neill")


@pytest.fixture
def statement(speaker):
    return Utterance.objects.create(speaker=speaker)


def version(statement, outlet, text, **fields):
    story = make_story(outlet=make_outlet(name=outlet), **fields.pop("story", {}))
    return make_quote(story=story, speaker=statement.speaker, text=text, utterance=statement, **fields)


def test_a_quote_page_lists_another_outlets_version_with_its_differences_marked(client, statement):
    newsmax = version(statement, "Newsmax", NEWSMAX)
    gothamist = version(statement, "Gothamist", GOTHAMIST)

    page = get_page(client, newsmax.get_absolute_url())

    assert "Other versions of this statement" in page.text
    assert page.link("Gothamist's version") == gothamist.get_absolute_url()
    assert page.by_class["significant"] == ["[Gothamist: over ]"]
    assert "[this version: take downs —][Gothamist: takedowns. ] (minor)" in page.text
    assert "(significant: number or qualifier differs)" in page.text
    assert "1 significant difference: a number or qualifier differs." in page.text


def test_a_version_in_other_words_is_not_called_the_same_words(client, statement):
    mine = version(statement, "Newsmax", "Crime is down in every borough of the city this year")
    version(statement, "Gothamist", "Crime is up in every borough of the city this year")

    page = get_page(client, mine.get_absolute_url())

    assert "1 other change of words." in page.text
    assert "The same words" not in page.text


def test_an_excerpt_with_the_same_words_is_called_one(client, statement):
    mine = version(statement, "Newsmax", "I felt my blood began to boil when I heard it, he said")
    version(statement, "Gothamist", "my blood began to boil")

    page = get_page(client, mine.get_absolute_url())

    assert "The same words, one an excerpt of the other." in page.text


def test_the_diff_reads_from_the_other_versions_side_too(client, statement):
    newsmax = version(statement, "Newsmax", NEWSMAX)
    gothamist = version(statement, "Gothamist", GOTHAMIST)

    page = get_page(client, gothamist.get_absolute_url())

    assert page.link("Newsmax's version") == newsmax.get_absolute_url()
    assert page.by_class["significant"] == ["[this version: over]"]


def test_a_quote_without_other_versions_shows_no_versions_section(client, speaker):
    page = get_page(client, make_quote(speaker=speaker, text=NEWSMAX).get_absolute_url())

    assert "Other versions" not in page.text


@pytest.mark.parametrize("hidden", [{"status": Status.DRAFT}, {"story": {"status": Status.DRAFT}}])
def test_a_version_that_is_not_public_is_not_shown(client, statement, hidden):
    newsmax = version(statement, "Newsmax", NEWSMAX)
    version(statement, "Gothamist", GOTHAMIST, **hidden)

    page = get_page(client, newsmax.get_absolute_url())

    assert "Gothamist" not in page.text
    assert "Other versions" not in page.text


def test_a_versions_words_are_escaped(client, statement):
    newsmax = version(statement, "Newsmax", NEWSMAX)
    version(statement, "Gothamist", NEWSMAX.replace("most of them", "<script>alert(1)</script> most of them"))

    html = get_page(client, newsmax.get_absolute_url()).html

    assert "<script>alert(1)" not in html
    assert "script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("rows", [1, 50])
def test_a_quote_page_runs_the_same_queries_for_1_or_50_versions(client, django_assert_num_queries, statement, rows):
    newsmax = version(statement, "Newsmax", NEWSMAX)
    story = make_story(outlet=make_outlet(name="Gothamist"))
    for _ in range(rows):
        make_quote(story=story, speaker=statement.speaker, text=GOTHAMIST, utterance=statement)

    # site version, the quote with its speaker, story and outlets, its claims, the other versions
    with django_assert_num_queries(4):
        page = get_page(client, newsmax.get_absolute_url())

    assert len(page.by_class["significant"]) == rows


# The claim's page.


def test_a_claims_page_and_its_claimreview_name_every_article_carrying_it(client, statement):
    newsmax = version(statement, "Newsmax", NEWSMAX, story={"url": "https://www.newsmax.com/oneill"})
    gothamist = version(statement, "Gothamist", GOTHAMIST, story={"url": "https://gothamist.com/oneill"})
    version(statement, "Daily Draft", GOTHAMIST, story={"url": "https://draft.example/oneill", "status": "draft"})
    claim = make_claim(quotes=[newsmax], text="In 2016, the NYPD locked up over 1,000 people in 100 gang takedowns")

    page = get_page(client, claim.get_absolute_url())

    [review] = page.json_ld()
    appearances = {article["url"] for article in review["itemReviewed"]["appearance"]}
    assert appearances == {"https://www.newsmax.com/oneill", "https://gothamist.com/oneill"}
    assert gothamist.get_absolute_url() in page.hrefs()


@pytest.mark.parametrize("rows", [1, 50])
def test_a_claim_page_runs_the_same_queries_for_1_or_50_versions(client, django_assert_num_queries, statement, rows):
    claim = make_claim(quotes=[version(statement, "Newsmax", NEWSMAX)])
    for n in range(rows):
        version(statement, f"Outlet {n}", GOTHAMIST)

    # site version, the claim, its quotes, its evidence, its corrections, the scale's ends, the other versions
    with django_assert_num_queries(7):
        page = get_page(client, claim.get_absolute_url())

    assert len(page.json_ld()[0]["itemReviewed"]["appearance"]) == rows + 1
    assert Quote.objects.filter(utterance=statement).count() == rows + 1
