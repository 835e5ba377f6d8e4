"""Only published and retracted items reach readers, in every public output: pages, lists, search, filters,
counts, the scorecard, the feed, the sitemap and the JSON-LD. Drafts and items in review answer 404 (never
403, which would confirm they exist); a published quote in an unpublished story stays hidden with its story.

Every hidden row below carries the word "zebra", so one search of each output's bytes proves it leaks nothing.
"""

import re

import pytest
from django.utils import timezone

from publishing.models import Status
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

HIDDEN = "zebra"


@pytest.fixture
def newsroom():
    planet = make_outlet(name="Daily Planet", slug="daily-planet")
    hidden_outlet = make_outlet(name="Zebra Gazette", slug="zebra-gazette")
    story = make_story(outlet=planet, headline="Mayor answers his critics")
    draft_story = make_story(
        outlet=hidden_outlet, headline="Zebra scoop", url="https://news.example/zebra-scoop", status=Status.DRAFT
    )
    review_story = make_story(
        outlet=planet,
        headline="Zebra story in review",
        url="https://news.example/zebra-review",
        status=Status.IN_REVIEW,
    )
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    unpublished_person = make_speaker(name="Zelda Zebra", slug="zelda-zebra")
    person_in_draft_story = make_speaker(name="Quentin Zebra", slug="quentin-zebra")

    quotes = {
        "public": make_quote(story=story, speaker=mayor, text="Murder is down 82 percent since 1993."),
        "draft": make_quote(story=story, speaker=mayor, text="Zebra draft words on crime.", status=Status.DRAFT),
        "in review": make_quote(
            story=story, speaker=mayor, text="Zebra words in review on crime.", status=Status.IN_REVIEW
        ),
        "in draft story": make_quote(story=draft_story, speaker=mayor, text="Zebra words in a draft story on crime."),
        "in story in review": make_quote(story=review_story, speaker=mayor, text="Zebra words, story in review."),
        "retracted": make_quote(story=story, speaker=mayor, text="Crime is up 5 percent this year."),
        "unpublished person": make_quote(
            story=story, speaker=unpublished_person, text="Zebra person on crime.", status=Status.DRAFT
        ),
        "person in draft story": make_quote(story=draft_story, speaker=person_in_draft_story, text="Zebra on crime."),
    }
    quotes["retracted"].retract("Misattributed: the deputy mayor said it.")

    claims = {
        "public": make_claim(
            quotes=[quotes["public"], quotes["draft"], quotes["in draft story"], quotes["in story in review"]],
            text="Murder in New York is down 82 percent since 1993",
        ),
        "draft": make_claim(
            quotes=[quotes["public"]], text="Zebra draft claim on crime", rating=rating("false"), status=Status.DRAFT
        ),
        "in review": make_claim(
            quotes=[quotes["public"]],
            text="Zebra claim in review on crime",
            rating=rating("pants-on-fire"),
            status=Status.IN_REVIEW,
        ),
        "retracted": make_claim(
            quotes=[quotes["retracted"]], text="Crime rose 5 percent last year", rating=rating("mostly-false")
        ),
        "unpublished person": make_claim(
            quotes=[quotes["unpublished person"]], text="Zebra person claim", status=Status.DRAFT
        ),
    }
    claims["retracted"].retract("We checked the wrong year's figures.")
    return {
        "planet": planet,
        "hidden_outlet": hidden_outlet,
        "story": story,
        "draft_story": draft_story,
        "review_story": review_story,
        "mayor": mayor,
        "unpublished_person": unpublished_person,
        "person_in_draft_story": person_in_draft_story,
        "quotes": quotes,
        "claims": claims,
    }


def public_outputs(newsroom):
    return {
        "home": "/",
        "quote list": "/quotes/",
        "quote search": "/quotes/?q=crime",
        "claim list": "/claims/",
        "claim search": "/claims/?q=crime",
        "quote page": newsroom["quotes"]["public"].get_absolute_url(),
        "retracted quote page": newsroom["quotes"]["retracted"].get_absolute_url(),
        "claim page": newsroom["claims"]["public"].get_absolute_url(),
        "retracted claim page": newsroom["claims"]["retracted"].get_absolute_url(),
        "speaker page": "/speakers/bill-de-blasio/",
        "story page": newsroom["story"].get_absolute_url(),
        "outlet page": "/outlets/daily-planet/",
        "methodology": "/methodology/",
        "feed": "/claims/feed/",
        "sitemap": "/sitemap.xml",
        **{f"sitemap of {section}": f"/sitemap-{section}.xml" for section in SITEMAP_SECTIONS},
    }


SITEMAP_SECTIONS = ["claims", "quotes", "speakers", "stories", "outlets"]
OUTPUTS = [
    "home",
    "quote list",
    "quote search",
    "claim list",
    "claim search",
    "quote page",
    "retracted quote page",
    "claim page",
    "retracted claim page",
    "speaker page",
    "story page",
    "outlet page",
    "methodology",
    "feed",
    "sitemap",
    *(f"sitemap of {section}" for section in SITEMAP_SECTIONS),
]


@pytest.mark.parametrize("output", OUTPUTS)
def test_no_public_output_shows_a_draft_an_item_in_review_or_a_quote_from_an_unpublished_story(
    client, newsroom, output
):
    response = client.get(public_outputs(newsroom)[output])

    assert response.status_code == 200
    assert HIDDEN not in response.content.decode().lower()


@pytest.mark.parametrize(
    "item",
    [
        ("claims", "draft"),
        ("claims", "in review"),
        ("claims", "unpublished person"),
        ("quotes", "draft"),
        ("quotes", "in review"),
        ("quotes", "in draft story"),
        ("quotes", "in story in review"),
        ("quotes", "person in draft story"),
        "draft_story",
        "review_story",
        "unpublished_person",
        "person_in_draft_story",
        "hidden_outlet",
    ],
)
def test_an_unpublished_items_address_answers_404_not_403(client, newsroom, item):
    obj = newsroom[item[0]][item[1]] if isinstance(item, tuple) else newsroom[item]

    assert client.get(obj.get_absolute_url()).status_code == 404


def test_an_editor_signed_in_also_gets_404_for_a_draft_on_the_public_site(editor_client, newsroom):
    assert editor_client.get(newsroom["claims"]["draft"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("path", ["/quotes/", "/claims/"])
def test_searching_for_words_only_in_unpublished_items_finds_nothing(client, newsroom, path):
    page = get_page(client, path, {"q": HIDDEN})

    assert page.ids_linked(path) == []


def test_searching_shows_the_public_and_retracted_matches_only(client, newsroom):
    quotes, claims = newsroom["quotes"], newsroom["claims"]

    assert get_page(client, "/quotes/", {"q": "crime"}).ids_linked("/quotes/") == [quotes["retracted"].pk]
    assert get_page(client, "/claims/", {"q": "crime"}).ids_linked("/claims/") == [claims["retracted"].pk]


def test_the_lists_show_public_and_retracted_items_only(client, newsroom):
    quotes, claims = newsroom["quotes"], newsroom["claims"]

    assert get_page(client, "/quotes/").ids_linked("/quotes/") == [quotes["retracted"].pk, quotes["public"].pk]
    assert get_page(client, "/claims/").ids_linked("/claims/") == [claims["retracted"].pk, claims["public"].pk]


@pytest.mark.parametrize(
    ("path", "filters"),
    [
        ("/quotes/", {"verdict": "false"}),
        ("/quotes/", {"verdict": "pants-on-fire"}),
        ("/claims/", {"verdict": "false"}),
        ("/quotes/", {"speaker": "zelda-zebra"}),
        ("/claims/", {"speaker": "zelda-zebra"}),
        ("/quotes/", {"outlet": "zebra-gazette"}),
        ("/claims/", {"outlet": "zebra-gazette"}),
        ("/quotes/", {"story": "draft_story"}),
        ("/claims/", {"story": "draft_story"}),
        ("/claims/", {"story": "review_story"}),
    ],
)
def test_filtering_by_something_unpublished_finds_nothing(client, newsroom, path, filters):
    """A published claim made in a draft story must not reveal, through a filter, that the story exists."""
    filters = {key: newsroom[value].pk if value in newsroom else value for key, value in filters.items()}

    assert get_page(client, path, filters).ids_linked(path) == []


def test_a_published_claims_page_lists_only_its_public_quotes(client, newsroom):
    page = get_page(client, newsroom["claims"]["public"].get_absolute_url())

    assert page.ids_linked("/quotes/") == [newsroom["quotes"]["public"].pk]
    assert page.ids_linked("/stories/") == [newsroom["story"].pk]


def test_the_claimreview_names_only_public_stories_as_appearances(client, newsroom):
    (review,) = get_page(client, newsroom["claims"]["public"].get_absolute_url()).json_ld()

    assert [article["url"] for article in review["itemReviewed"]["appearance"]] == [newsroom["story"].url]


def test_a_quote_page_lists_only_public_claims(client, newsroom):
    page = get_page(client, newsroom["quotes"]["public"].get_absolute_url())

    assert page.ids_linked("/claims/") == [newsroom["claims"]["public"].pk]
    assert page.verdicts() == ["True"]


def test_a_retracted_claim_keeps_its_page_with_a_dated_notice_and_no_claimreview(client, newsroom):
    claim = newsroom["claims"]["retracted"]

    page = get_page(client, claim.get_absolute_url())

    retracted_at = timezone.localtime(claim.retracted_at)
    assert f"Retracted on {retracted_at:%B} {retracted_at.day}, {retracted_at.year}." in page.text
    assert "We checked the wrong year's figures." in page.text
    assert "Crime rose 5 percent last year" in page.text
    assert page.json_ld() == []
    assert "ClaimReview" not in page.html


def test_a_retracted_quote_keeps_its_page_with_a_dated_notice(client, newsroom):
    page = get_page(client, newsroom["quotes"]["retracted"].get_absolute_url())

    assert "Retracted on" in page.text
    assert "Misattributed: the deputy mayor said it." in page.text


def test_the_speaker_page_lists_public_and_retracted_items_only(client, newsroom):
    quotes, claims = newsroom["quotes"], newsroom["claims"]

    page = get_page(client, "/speakers/bill-de-blasio/")

    assert sorted(page.ids_linked("/quotes/")) == sorted([quotes["public"].pk, quotes["retracted"].pk])
    assert sorted(page.ids_linked("/claims/")) == sorted([claims["public"].pk, claims["retracted"].pk])


def test_the_scorecard_counts_only_verdicts_the_newsroom_stands_by(client, newsroom):
    """Drafts and claims in review are not verdicts yet; a retracted verdict was withdrawn."""
    page = get_page(client, "/speakers/bill-de-blasio/")

    counts = dict(row for row in page.table_rows if row != ["Verdict", "Claims"])
    assert counts == {
        "True": "1",
        "Mostly true": "0",
        "Half true": "0",
        "Mostly false": "0",
        "False": "0",
        "Pants on fire": "0",
        "Unproven": "0",
    }
    assert "True: 1; Mostly true: 0; Half true: 0; Mostly false: 0; False: 0; Pants on fire: 0;" in page.html


def test_the_feed_carries_published_and_retracted_fact_checks_only(client, newsroom):
    claims = newsroom["claims"]

    feed = client.get("/claims/feed/").content.decode()

    assert feed.count("<entry>") == 2
    assert f"http://testserver{claims['public'].get_absolute_url()}" in feed
    assert f"<title>Retracted: Bill de Blasio: “{claims['retracted'].text}”" in feed


def test_the_sitemap_lists_exactly_the_public_pages(client, newsroom):
    quotes, claims = newsroom["quotes"], newsroom["claims"]

    def locations(section):
        xml = client.get(f"/sitemap-{section}.xml").content.decode()
        return sorted(re.findall(r"<loc>http://testserver(.*?)</loc>", xml))

    assert locations("claims") == sorted(claim.get_absolute_url() for claim in [claims["public"], claims["retracted"]])
    assert locations("quotes") == sorted(quote.get_absolute_url() for quote in [quotes["public"], quotes["retracted"]])
    assert locations("stories") == [newsroom["story"].get_absolute_url()]
    assert locations("speakers") == ["/speakers/bill-de-blasio/"]
    assert locations("outlets") == ["/outlets/daily-planet/"]
