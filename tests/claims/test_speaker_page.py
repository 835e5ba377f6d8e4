"""A speaker's page: their quotes, the claims checked and a scorecard of verdicts, drawn as an SVG chart
that screen readers can read, with the same counts in a table."""

import re
import xml.etree.ElementTree as ET

import pytest

from claims.models import Rating
from claims.views import SPEAKER_PAGE_ITEMS
from tests.factories import make_claim, make_quote, make_speaker, make_story, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def speaker():
    speaker = make_speaker(name="Jeff Sessions", slug="jeff-sessions", title="Attorney General")
    story = make_story()
    for text, verdict in [
        ("Crime is rising in New York", "false"),
        ("Sanctuary cities cause crime", "false"),
        ("Gang violence is a national problem", "true"),
        ("Most gang members came in illegally", "unproven"),
    ]:
        make_claim(
            quotes=[make_quote(story=story, speaker=speaker, text=f"{text}, he said.")],
            text=text,
            rating=rating(verdict),
        )
    return speaker


def scorecard(page):
    return ET.fromstring(re.search(r"<svg\b.*?</svg>", page.html, re.DOTALL)[0])


def test_a_speaker_page_lists_their_quotes_and_the_claims_checked(client, speaker):
    page = get_page(client, "/speakers/jeff-sessions/")

    assert "Jeff Sessions" in page.title
    assert "Attorney General" in page.text
    assert sorted(page.ids_linked("/quotes/")) == sorted(speaker.quotes.values_list("pk", flat=True))
    assert sorted(page.ids_linked("/claims/")) == sorted(speaker.claims.values_list("pk", flat=True))
    assert "Crime is rising in New York, he said." in page.text
    assert "Sanctuary cities cause crime" in page.text


def test_the_scorecard_table_counts_claims_per_verdict_in_scale_order(client, speaker):
    page = get_page(client, "/speakers/jeff-sessions/")

    assert page.table_rows == [
        ["Verdict", "Claims"],
        ["True", "1"],
        ["Mostly true", "0"],
        ["Half true", "0"],
        ["Mostly false", "0"],
        ["False", "2"],
        ["Pants on fire", "0"],
        ["Unproven", "1"],
    ]


def test_the_scorecard_chart_is_an_image_with_a_title_and_a_description_that_give_every_count(client, speaker):
    svg = scorecard(get_page(client, "/speakers/jeff-sessions/"))

    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text == "Verdicts on this speaker's claims"
    assert desc.text == (
        "True: 1; Mostly true: 0; Half true: 0; Mostly false: 0; False: 2; Pants on fire: 0; Unproven: 1"
    )


def test_the_scorecard_draws_one_bar_per_verdict_the_longest_for_the_most_claims(client, speaker):
    svg = scorecard(get_page(client, "/speakers/jeff-sessions/"))

    bars = {group.find(f"{SVG}text").text: int(group.find(f"{SVG}rect").get("width")) for group in svg.iter(f"{SVG}g")}
    assert list(bars) == [rating.name for rating in Rating.objects.all()]
    assert max(bars, key=bars.get) == "False"
    assert bars["True"] == bars["Unproven"] == bars["False"] / 2
    assert bars["Half true"] == 0


def test_the_scorecard_follows_a_renamed_verdict(client, speaker):
    false = rating("false")
    false.name = "Wrong"
    false.save()

    page = get_page(client, "/speakers/jeff-sessions/")

    assert ["Wrong", "2"] in page.table_rows
    assert "Wrong: 2" in scorecard(page).find(f"{SVG}desc").text


def test_a_speaker_without_quotes_or_claims_has_no_page(client):
    make_speaker(slug="nobody-quoted")

    assert client.get("/speakers/nobody-quoted/").status_code == 404
    assert client.get("/speakers/no-such-speaker/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_a_speaker_page_runs_the_same_queries_for_1_or_50_quotes_and_claims(client, django_assert_num_queries, rows):
    speaker, story = make_speaker(slug="busy"), make_story()
    for _ in range(rows):
        make_claim(quotes=[make_quote(story=story, speaker=speaker)])

    # site version, the speaker, their quotes, the quotes' claims, their claims, the counts per verdict, the scale
    with django_assert_num_queries(7):
        page = get_page(client, "/speakers/busy/")

    assert ["True", str(rows)] in page.table_rows
    assert len(page.ids_linked("/quotes/")) == min(rows, SPEAKER_PAGE_ITEMS)
