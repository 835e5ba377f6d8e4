"""The fact-check list (filters) and a claim's page: the claim, who made it, in which quotes and stories,
the verdict, the ruling and the evidence."""

import datetime

import pytest

from claims.models import Claim, Evidence
from speakers.models import Alias, Speaker
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story, make_user, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


def published_on(claim, when):
    Claim.objects.filter(pk=claim.pk).update(first_published_at=when)


# The fact-check list and its filters.


@pytest.fixture
def archive():
    """Fact checks of a person and an organisation, made in two outlets, published on different days."""
    gothamist = make_outlet(name="Gothamist", slug="gothamist")
    post = make_outlet(name="New York Post", slug="new-york-post")
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", kind=Speaker.Kind.PERSON)
    Alias.objects.create(speaker=mayor, name="The Mayor")
    union = make_speaker(name="Sergeants Benevolent Association", slug="sba", kind=Speaker.Kind.ORGANISATION)
    gothamist_story = make_story(outlet=gothamist)
    post_story = make_story(outlet=post)
    claims = {
        "mayor in gothamist": make_claim(
            quotes=[make_quote(story=gothamist_story, speaker=mayor)], rating=rating("mostly-true")
        ),
        "mayor in the post": make_claim(quotes=[make_quote(story=post_story, speaker=mayor)], rating=rating("false")),
        "union in the post": make_claim(quotes=[make_quote(story=post_story, speaker=union)], rating=rating("false")),
    }
    # 15:00 UTC is 11:00 in New York, the newsroom's time zone: the same calendar day.
    published_on(claims["mayor in gothamist"], datetime.datetime(2017, 4, 24, 15, tzinfo=datetime.UTC))
    published_on(claims["mayor in the post"], datetime.datetime(2017, 4, 25, 15, tzinfo=datetime.UTC))
    published_on(claims["union in the post"], datetime.datetime(2017, 4, 26, 15, tzinfo=datetime.UTC))
    return {"claims": claims, "gothamist_story": gothamist_story, "post_story": post_story}


def listed(client, **filters):
    return set(get_page(client, "/claims/", filters).ids_linked("/claims/"))


def ids(archive, *names):
    return {archive["claims"][name].pk for name in names}


@pytest.mark.parametrize("speaker", ["Bill de Blasio", "BILL DE BLASIO", "bill-de-blasio", "the mayor"])
def test_the_fact_check_list_filters_by_speaker_name_slug_or_alternative_name(client, archive, speaker):
    assert listed(client, speaker=speaker) == ids(archive, "mayor in gothamist", "mayor in the post")


def test_the_fact_check_list_filters_by_the_outlet_that_printed_the_claim(client, archive):
    assert listed(client, outlet="new-york-post") == ids(archive, "mayor in the post", "union in the post")
    assert listed(client, outlet="gothamist") == ids(archive, "mayor in gothamist")


def test_the_fact_check_list_filters_by_story(client, archive):
    assert listed(client, story=archive["post_story"].pk) == ids(archive, "mayor in the post", "union in the post")


def test_the_fact_check_list_filters_by_the_day_of_publication_in_the_newsrooms_time_zone(client, archive):
    assert listed(client, checked_after="2017-04-25") == ids(archive, "mayor in the post", "union in the post")
    assert listed(client, checked_before="2017-04-25") == ids(archive, "mayor in gothamist", "mayor in the post")
    assert listed(client, checked_after="2017-04-25", checked_before="2017-04-25") == ids(archive, "mayor in the post")


def test_the_fact_check_list_filters_by_verdict(client, archive):
    assert listed(client, verdict="false") == ids(archive, "mayor in the post", "union in the post")
    assert listed(client, verdict="mostly-true") == ids(archive, "mayor in gothamist")
    assert listed(client, verdict="unproven") == set()


def test_the_fact_check_list_filters_by_kind_of_speaker(client, archive):
    assert listed(client, kind="organisation") == ids(archive, "union in the post")
    assert listed(client, kind="person") == ids(archive, "mayor in gothamist", "mayor in the post")


@pytest.mark.parametrize(
    "filters",
    [{"checked_after": "2017-13-01"}, {"story": "-4"}, {"verdict": "meh"}, {"kind": "robot"}, {"q": "x" * 201}],
)
def test_an_invalid_filter_shows_a_message_instead_of_results_or_an_error(client, archive, filters):
    page = get_page(client, "/claims/", filters)

    assert "filters are not valid" in page.text
    assert page.ids_linked("/claims/") == []


def test_the_fact_check_list_shows_each_claim_with_its_verdict_and_speaker(client):
    claim = make_claim(
        speaker=make_speaker(name="Jeff Sessions"), text="New York is soft on crime", rating=rating("pants-on-fire")
    )

    page = get_page(client, "/claims/")

    assert page.ids_linked("/claims/") == [claim.pk]
    assert page.verdicts() == ["Pants on fire"]
    assert "New York is soft on crime" in page.text
    assert "Jeff Sessions" in page.text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_fact_check_list_runs_the_same_queries_for_1_or_50_claims(client, django_assert_num_queries, rows):
    speaker = make_speaker()
    for _ in range(rows):
        make_claim(speaker=speaker)

    # site version, the page of claims with speakers and verdicts, the verdict choices
    with django_assert_num_queries(3):
        page = get_page(client, "/claims/")

    assert len(page.ids_linked("/claims/")) == min(rows, 20)


# A claim's page.


@pytest.fixture
def claim():
    speaker = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", title="Mayor")
    gothamist = make_story(outlet=make_outlet(name="Gothamist"), headline="De Blasio answers Sessions")
    post = make_story(outlet=make_outlet(name="New York Post"), headline="Mayor fires back")
    quotes = [
        make_quote(story=gothamist, speaker=speaker, text="Murder is down 82 percent since 1993."),
        make_quote(story=post, speaker=speaker, text="Murders are down over 80 percent."),
    ]
    claim = make_claim(
        quotes=quotes,
        evidence=0,
        text="Since 1993, murder in New York City is down 82 percent",
        rating=rating("mostly-true"),
        summary="The drop is real, but the 1993 baseline flatters it.",
        ruling="NYPD figures show 1,927 murders in 1990 and 335 in 2016.\n\nThe mayor picked a later baseline.",
        fact_checker=make_user("fred", first_name="Fred", last_name="Checker"),
    )
    Evidence.objects.create(
        claim=claim,
        position=1,
        title="CompStat 2016",
        publisher="NYPD",
        url="https://www1.nyc.gov/site/nypd/stats/crime-statistics/compstat.page",
        accessed_on=datetime.date(2017, 4, 22),
    )
    Evidence.objects.create(claim=claim, position=2, title="Interview with a criminologist", publisher="")
    return claim


def test_a_claim_page_shows_the_claim_who_made_it_and_the_verdict(client, claim):
    page = get_page(client, claim.get_absolute_url())

    assert "Since 1993, murder in New York City is down 82 percent" in page.text
    assert "/speakers/bill-de-blasio/" in page.hrefs()
    assert page.verdicts() == ["Mostly true"]
    assert "The drop is real, but the 1993 baseline flatters it." in page.text


def test_a_claim_page_shows_the_ruling_and_who_wrote_it(client, claim):
    page = get_page(client, claim.get_absolute_url())

    assert "NYPD figures show 1,927 murders in 1990 and 335 in 2016." in page.text
    assert "The mayor picked a later baseline." in page.text
    assert "Fred Checker" in page.text


def test_a_claim_page_lists_the_quotes_and_stories_it_was_made_in(client, claim):
    page = get_page(client, claim.get_absolute_url())

    gothamist_quote, post_quote = claim.quotes.order_by("id")
    assert sorted(page.ids_linked("/quotes/")) == [gothamist_quote.pk, post_quote.pk]
    assert sorted(page.ids_linked("/stories/")) == [gothamist_quote.story_id, post_quote.story_id]
    assert "Murder is down 82 percent since 1993." in page.text
    assert "Murders are down over 80 percent." in page.text
    assert page.link("De Blasio answers Sessions") == gothamist_quote.story.get_absolute_url()
    assert "New York Post" in page.text


def test_a_claim_page_lists_the_evidence_with_links_to_the_sources(client, claim):
    page = get_page(client, claim.get_absolute_url())

    assert page.link("CompStat 2016") == "https://www1.nyc.gov/site/nypd/stats/crime-statistics/compstat.page"
    assert "NYPD" in page.text
    assert "April 22, 2017" in page.text
    assert "Interview with a criminologist" in page.text
    assert "Interview with a criminologist" not in [link["text"] for link in page.links]


@pytest.mark.parametrize("rows", [1, 50])
def test_a_claim_page_runs_the_same_queries_for_1_or_50_quotes_sources_and_corrections(
    client, django_assert_num_queries, rows
):
    speaker = make_speaker()
    claim = make_claim(quotes=[make_quote(speaker=speaker) for _ in range(rows)], evidence=rows)
    for n in range(rows):
        claim.correct(f"Correction number {n}.")

    # site version, the claim with speaker and verdict, its quotes with stories and outlets, its evidence,
    # its corrections with their verdicts, the ends of the rating scale (for ClaimReview)
    with django_assert_num_queries(6):
        page = get_page(client, claim.get_absolute_url())

    assert len(page.ids_linked("/quotes/")) == rows
    assert len([link for link in page.links if link["text"].startswith("Source ")]) == rows
    assert page.text.count("Correction number") == rows
