"""schema.org markup, as fact-check tools (Fact Check Explorer, research databases) read it: ClaimReview on a
claim's page, Quotation on a quote's page. Parsed from the page and checked field by field."""

import datetime

import pytest
from django.utils import timezone

from claims.models import Claim
from speakers.models import Speaker
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

BREAKOUT = "</script><script>alert(1)</script><!--"


@pytest.fixture
def speaker():
    return make_speaker(name="Bill de Blasio", title="Mayor of New York City", wikidata_id="Q4911497")


@pytest.fixture
def gothamist_story():
    return make_story(
        outlet=make_outlet(name="Gothamist"),
        headline="De Blasio, O'Neill push back on Sessions",
        url="https://gothamist.com/news/de-blasio-sessions",
        published_on=datetime.date(2017, 4, 21),
    )


@pytest.fixture
def post_story():
    return make_story(
        outlet=make_outlet(name="New York Post"),
        headline="Mayor fires back at AG",
        url="https://nypost.com/2017/04/20/mayor-fires-back",
        published_on=datetime.date(2017, 4, 20),
    )


@pytest.fixture
def claim(speaker, gothamist_story, post_story):
    """Made twice in Gothamist's story, once in the Post's, which printed it a day earlier."""
    return make_claim(
        quotes=[
            make_quote(story=gothamist_story, speaker=speaker, text="Murder is down 82 percent."),
            make_quote(story=gothamist_story, speaker=speaker, text="82 percent fewer murders since 1993."),
            make_quote(story=post_story, speaker=speaker, text="Murders are down over 80 percent."),
        ],
        text="Since 1993, murder in New York City is down 82 percent",
        rating=rating("mostly-true"),
    )


def claim_review(client, claim):
    """The page's one JSON-LD block, and the page."""
    page = get_page(client, claim.get_absolute_url())
    (review,) = page.json_ld()
    return review, page


def test_a_claim_page_carries_one_claimreview_for_this_claim_at_this_address(client, claim):
    review, page = claim_review(client, claim)

    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"] == "Since 1993, murder in New York City is down 82 percent"
    assert (
        review["url"] == f"http://testserver/claims/{claim.pk}/since-1993-murder-in-new-york-city-is-down-82-percent/"
    )
    assert review["url"] == page.meta["og:url"]


def test_the_claimreview_author_is_the_newsroom(client, claim, settings):
    settings.NEWSROOM_NAME = "City Fact Desk"
    settings.NEWSROOM_URL = "https://facts.example/"

    review, _ = claim_review(client, claim)

    assert review["author"] == {"@type": "Organization", "name": "City Fact Desk", "url": "https://facts.example/"}


def test_the_claimreview_is_dated_the_day_the_page_says_it_was_published(client, claim):
    # 02:30 UTC on April 22 is still April 21 in New York, where the newsroom publishes.
    Claim.objects.filter(pk=claim.pk).update(
        first_published_at=datetime.datetime(2017, 4, 22, 2, 30, tzinfo=datetime.UTC)
    )

    review, page = claim_review(client, claim)

    assert "Published April 21, 2017" in page.text
    assert review["datePublished"] == "2017-04-21"


def test_the_review_rating_gives_the_verdict_and_its_place_on_the_numeric_scale(client, claim):
    review, _ = claim_review(client, claim)

    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingValue": 5,
        "bestRating": 6,
        "worstRating": 1,
    }


def test_a_verdict_outside_the_numeric_scale_carries_no_rating_value(client, speaker):
    claim = make_claim(speaker=speaker, rating=rating("unproven"))

    review, _ = claim_review(client, claim)

    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Unproven"}


def test_the_review_rating_follows_the_verdict_as_an_editor_renamed_it(client, claim):
    mostly_true = rating("mostly-true")
    mostly_true.name = "Largely accurate"
    mostly_true.save()

    review, _ = claim_review(client, claim)

    assert review["reviewRating"]["alternateName"] == "Largely accurate"


def test_the_item_reviewed_is_the_claim_by_the_speaker_linked_to_wikidata(client, claim):
    review, _ = claim_review(client, claim)

    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["@type"] == "Person"
    assert item["author"]["name"] == "Bill de Blasio"
    assert item["author"]["sameAs"] == "https://www.wikidata.org/wiki/Q4911497"


def test_a_claim_by_an_organisation_names_it_as_an_organization_without_wikidata_when_unknown(client):
    union = make_speaker(name="Sergeants Benevolent Association", kind=Speaker.Kind.ORGANISATION, wikidata_id="")
    claim = make_claim(speaker=union)

    review, _ = claim_review(client, claim)

    author = review["itemReviewed"]["author"]
    assert author["@type"] == "Organization"
    assert author["name"] == "Sergeants Benevolent Association"
    assert "sameAs" not in author


def test_each_source_article_is_one_appearance_however_many_quotes_it_printed(client, claim):
    review, _ = claim_review(client, claim)

    appearances = sorted(review["itemReviewed"]["appearance"], key=lambda article: article["url"])
    assert appearances == [
        {
            "@type": "NewsArticle",
            "url": "https://gothamist.com/news/de-blasio-sessions",
            "headline": "De Blasio, O'Neill push back on Sessions",
            "datePublished": "2017-04-21",
            "publisher": {"@type": "Organization", "name": "Gothamist"},
        },
        {
            "@type": "NewsArticle",
            "url": "https://nypost.com/2017/04/20/mayor-fires-back",
            "headline": "Mayor fires back at AG",
            "datePublished": "2017-04-20",
            "publisher": {"@type": "Organization", "name": "New York Post"},
        },
    ]


def test_the_first_appearance_is_the_earliest_article(client, claim):
    review, _ = claim_review(client, claim)

    item = review["itemReviewed"]
    assert item["firstAppearance"]["url"] == "https://nypost.com/2017/04/20/mayor-fires-back"
    assert item["datePublished"] == "2017-04-20"


def test_a_claim_text_cannot_break_out_of_the_json_ld_script(client, speaker):
    claim = make_claim(speaker=speaker, text=f"Crime is down {BREAKOUT}")

    review, page = claim_review(client, claim)

    assert page.html.count("<script") == 1
    assert review["claimReviewed"] == f"Crime is down {BREAKOUT}"


# A quote's page: Quotation.


@pytest.fixture
def quote(speaker, gothamist_story):
    return make_quote(
        story=gothamist_story,
        speaker=speaker,
        text="To say we're soft on crime is to ignore the facts.",
        said_on=datetime.date(2017, 4, 21),
    )


def test_a_quote_page_carries_a_quotation_by_the_speaker_based_on_the_article(client, quote):
    page = get_page(client, quote.get_absolute_url())

    (quotation,) = page.json_ld()
    assert quotation["@context"] == "https://schema.org"
    assert quotation["@type"] == "Quotation"
    assert quotation["url"] == page.meta["og:url"] == f"http://testserver{quote.get_absolute_url()}"
    assert quotation["text"] == "To say we're soft on crime is to ignore the facts."
    assert quotation["dateCreated"] == "2017-04-21"
    for role in ("creator", "spokenByCharacter"):
        assert quotation[role]["@type"] == "Person"
        assert quotation[role]["name"] == "Bill de Blasio"
        assert quotation[role]["sameAs"] == "https://www.wikidata.org/wiki/Q4911497"
    assert quotation["isBasedOn"]["url"] == "https://gothamist.com/news/de-blasio-sessions"
    assert quotation["isBasedOn"]["publisher"]["name"] == "Gothamist"


def test_a_quote_text_cannot_break_out_of_the_json_ld_script(client, speaker):
    quote = make_quote(speaker=speaker, text=BREAKOUT)

    page = get_page(client, quote.get_absolute_url())

    assert page.html.count("<script") == 1
    assert "<script>alert(1)" not in page.html
    (quotation,) = page.json_ld()
    assert quotation["text"] == BREAKOUT


def test_a_retracted_claim_carries_no_claimreview(client, claim):
    claim.retract("We misread the figures.")

    page = get_page(client, claim.get_absolute_url())

    assert page.json_ld() == []
    assert timezone.localtime(claim.retracted_at).strftime("%B") in page.text
