import datetime
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from claims.models import Claim
from quotes.models import Match, Quote
from speakers.models import Speaker
from stories.models import Story

pytestmark = pytest.mark.django_db

PRESS_CONFERENCE_DAY = datetime.date(2017, 4, 21)


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    """Every row of every table, updated_at included."""
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


def quotes_in(outlet):
    return Quote.objects.filter(story__outlet__slug=outlet).select_related("speaker", "reported_via")


@pytest.fixture
def demo(db):
    load_demo()


def test_it_loads_both_articles_as_stories_with_their_text(demo):
    newsmax = Story.objects.get(outlet__name="Newsmax")
    gothamist = Story.objects.get(outlet__name="Gothamist")

    assert newsmax.url == (
        "https://newsmax.com/amp/politics/bill-de-blasio-challenges-trump-administration/2017/04/21/id/785768"
    )
    assert newsmax.published_on == PRESS_CONFERENCE_DAY
    assert gothamist.published_on is None
    for story, file in [(newsmax, "newsmax-2017-04-21.txt"), (gothamist, "gothamist-2017-04-21.txt")]:
        assert story.text == (settings.BASE_DIR / "demo" / file).read_bytes().decode("utf-8")
        assert story.text_retrieved_on is not None
        assert story.headline == ""
        assert story.headline_stand_in_source == "URL slug"
    assert gothamist.display_headline == (
        "De Blasio challenges Sessions to come to New York and tell NYPD officers they're soft on crime"
    )


def test_it_attributes_every_quote_to_the_right_speaker(demo):
    in_order = {
        outlet: [quote.speaker.slug for quote in quotes_in(outlet).order_by("position")]
        for outlet in ("newsmax", "gothamist")
    }

    dblasio, oneill, doj = "bill-de-blasio", "james-oneill", "us-department-of-justice"
    assert in_order["newsmax"] == [dblasio, doj, dblasio, dblasio, doj, oneill, oneill, oneill, oneill]
    assert in_order["gothamist"] == [
        doj,
        *[dblasio] * 5,
        *[oneill] * 6,
        "melissa-mark-viverito",
        "preet-bharara",
        "dan-donovan",
        "ed-mullins",
        "ed-mullins",
    ]
    assert Counter(Quote.objects.values_list("story__outlet__slug", "speaker__slug")) == {
        ("newsmax", dblasio): 3,
        ("newsmax", doj): 2,
        ("newsmax", oneill): 4,
        ("gothamist", doj): 1,
        ("gothamist", dblasio): 5,
        ("gothamist", oneill): 6,
        ("gothamist", "melissa-mark-viverito"): 1,
        ("gothamist", "preet-bharara"): 1,
        ("gothamist", "dan-donovan"): 1,
        ("gothamist", "ed-mullins"): 2,
    }


def test_it_prints_quotes_exactly_as_the_story_does_between_its_quotation_marks(demo):
    quoted = Quote.objects.exclude(extent=Quote.Extent.PARAPHRASE).select_related("story")

    assert quoted.count() == 24
    for quote in quoted:
        text = quote.story.text
        between_quotation_marks = f'"{quote.text}"' in text
        block_quotation = f"\n\n{quote.text}\n\n" in text
        assert between_quotation_marks or block_quotation, quote.text


def test_every_quote_is_found_verbatim_in_its_own_story_where_the_story_quotes_it(demo):
    quotes = Quote.objects.select_related("story")

    assert quotes.count() == 26
    for quote in quotes:
        text = quote.story.text
        assert (quote.source_match, quote.source_match_score) == (Match.VERBATIM, 1.0)
        assert text[quote.source_start : quote.source_end] == quote.text, quote.text
        assert quote.source_prefix == text[max(0, quote.source_start - 32) : quote.source_start]
        assert quote.source_suffix == text[quote.source_end : quote.source_end + 32]
        assert quote.source_link.startswith(quote.story.url + "#:~:text=")
    # De Blasio's "an insult" is found in his quotation, not in the reporter's "Both men called the statement an
    # insult" earlier in the story.
    insult = quotes_in("gothamist").get(text="an insult")
    assert insult.source_prefix.endswith('also called the statement "')
    assert insult.source_link.endswith(":~:text=statement%20%22-,an%20insult")


def test_it_keeps_curly_quotes_dashes_and_garbled_endings_as_printed(demo):
    mullins_statement = quotes_in("gothamist").get(speaker__slug="ed-mullins", medium=Quote.Medium.WRITTEN)
    de_blasio_challenge = quotes_in("newsmax").get(position=4)
    mullins_interview = quotes_in("gothamist").get(speaker__slug="ed-mullins", medium=Quote.Medium.INTERVIEW)

    assert mullins_statement.text.startswith("[T]he City’s intransigence")
    assert "so-called ‘sanctuary policies.’ I just hope" in mullins_statement.text
    assert "Sessions — if you believe" in de_blasio_challenge.text
    assert de_blasio_challenge.text.endswith("See how that feels,")
    assert mullins_interview.text.endswith(
        "They want to cooperate with ICE said that his members want to work with ICE to deport undocumented immigrants."
    )


def test_it_numbers_quotes_in_the_order_the_story_prints_them(demo):
    for story in Story.objects.all():
        quotes = list(story.quotes.order_by("position"))
        assert [quote.position for quote in quotes] == list(range(1, len(quotes) + 1))
        cursor = 0
        for quote in quotes:
            if quote.extent == Quote.Extent.PARAPHRASE:  # the story's own words: need not be findable
                continue
            found = story.text.find(quote.text, cursor)
            assert found >= 0, f"{quote.position}: {quote.text}"
            cursor = found + len(quote.text)


def test_it_tells_full_quotes_from_fragments_and_paraphrases_and_how_they_were_made(demo):
    def positions(outlet, **filters):
        return set(quotes_in(outlet).filter(**filters).values_list("position", flat=True))

    assert positions("newsmax", extent=Quote.Extent.FRAGMENT) == {1, 2}
    assert positions("newsmax", extent=Quote.Extent.PARAPHRASE) == {6}
    assert positions("newsmax", medium=Quote.Medium.WRITTEN) == {2, 5}
    assert positions("gothamist", extent=Quote.Extent.FRAGMENT) == {1, 2, 3, 4, 7, 11, 12, 13, 14, 17}
    assert positions("gothamist", extent=Quote.Extent.PARAPHRASE) == {15}
    assert positions("gothamist", medium=Quote.Medium.WRITTEN) == {1, 15, 16}
    assert positions("gothamist", medium=Quote.Medium.SOCIAL) == {13, 14}
    assert positions("gothamist", medium=Quote.Medium.INTERVIEW) == {17}


def test_it_credits_politico_for_the_de_blasio_quotes_newsmax_took_from_it(demo):
    credited = Quote.objects.filter(reported_via__isnull=False).select_related("story__outlet", "speaker")

    assert {(q.story.outlet.slug, q.speaker.slug, q.position, q.reported_via.name) for q in credited} == {
        ("newsmax", "bill-de-blasio", 1, "Politico"),
        ("newsmax", "bill-de-blasio", 3, "Politico"),
        ("newsmax", "bill-de-blasio", 4, "Politico"),
    }
    assert quotes_in("newsmax").filter(speaker__slug="bill-de-blasio").count() == 3


def test_it_dates_press_conference_quotes_and_leaves_unknown_dates_empty(demo):
    o_neill_at_the_podium = quotes_in("gothamist").get(text="my blood began to boil")
    mullins_on_the_radio = quotes_in("gothamist").get(medium=Quote.Medium.INTERVIEW)
    bharara_tweet = quotes_in("gothamist").get(speaker__slug="preet-bharara")

    assert o_neill_at_the_podium.said_on == PRESS_CONFERENCE_DAY
    assert o_neill_at_the_podium.speaker_title == "NYPD Commissioner"
    assert mullins_on_the_radio.said_on is None
    assert mullins_on_the_radio.said_when == "Earlier this year"
    assert mullins_on_the_radio.occasion == "John Catsimatidis's radio show"
    assert bharara_tweet.medium == Quote.Medium.SOCIAL
    assert bharara_tweet.said_on is None
    assert quotes_in("newsmax").get(position=3).said_on == PRESS_CONFERENCE_DAY


def test_it_names_speakers_with_their_aliases_and_only_verified_wikidata_ids(demo):
    justice_department = Speaker.objects.get(slug="us-department-of-justice")
    de_blasio = Speaker.objects.get(slug="bill-de-blasio")

    assert justice_department.kind == Speaker.Kind.ORGANISATION
    assert {"DOJ", "a DOJ spokesperson", "Justice Department"} <= set(
        justice_department.aliases.values_list("name", flat=True)
    )
    assert {"the mayor", "Mayor de Blasio", "De Blasio"} <= set(de_blasio.aliases.values_list("name", flat=True))
    assert "Commissioner O'Neill" in Speaker.objects.get(slug="james-oneill").aliases.values_list("name", flat=True)
    assert dict(Speaker.objects.exclude(wikidata_id="").values_list("slug", "wikidata_id")) == {
        "bill-de-blasio": "Q4911497",
        "donald-trump": "Q22686",
    }


def test_it_rates_each_claim_and_links_it_to_the_quotes_that_carry_it(demo):
    claims = {
        claim.text: (claim.rating.slug, {(q.story.outlet.slug, q.position) for q in claim.quotes.all()})
        for claim in Claim.objects.select_related("rating").prefetch_related("quotes__story__outlet")
    }

    assert claims == {
        "Since 1993, murder in New York City is down 82 percent": ("true", {("newsmax", 6)}),
        "Since 1993, shootings in New York City are down 81 percent": ("true", {("newsmax", 6)}),
        "Since 1993, overall crime in New York City is down 76 percent": ("mostly-true", {("newsmax", 6)}),
        "In 2016, the NYPD locked up over 1,000 people in 100 gang takedowns": (
            "unproven",
            {("newsmax", 8), ("gothamist", 8)},
        ),
    }
    assert quotes_in("newsmax").get(position=6).extent == Quote.Extent.PARAPHRASE
    assert "100 gang take downs" in quotes_in("newsmax").get(position=8).text
    assert "over 100 gang takedowns" in quotes_in("gothamist").get(position=8).text


def test_the_gang_takedown_ruling_notes_that_the_outlets_printed_the_number_differently(demo):
    ruling = Claim.objects.get(text__contains="gang takedowns").ruling

    assert "“100 gang take downs”" in ruling
    assert "“over 100 gang takedowns”" in ruling


def test_every_claim_has_a_ruling_dated_evidence_and_the_demo_fact_checker(demo):
    fact_checker = get_user_model().objects.get(username="fact-desk")

    assert fact_checker.is_staff
    assert not fact_checker.has_usable_password()
    assert list(fact_checker.groups.values_list("name", flat=True)) == ["Fact-checkers"]
    for claim in Claim.objects.prefetch_related("evidence"):
        assert claim.fact_checker == fact_checker
        assert claim.summary
        assert "historical crime data" in claim.ruling
        evidence = list(claim.evidence.all())
        assert [item.position for item in evidence] == list(range(1, len(evidence) + 1))
        assert evidence[0].url == "https://www.nyc.gov/site/nypd/stats/crime-statistics/historical.page"
        assert all(item.publisher and item.url for item in evidence)
        assert not any(item.accessed_on for item in evidence), "demo sources were not read: no access date"


def test_everything_it_loads_is_public(demo):
    assert Story.objects.public().count() == Story.objects.count() == 2
    assert Quote.objects.public().count() == Quote.objects.count() == 26
    assert Claim.objects.public().count() == Claim.objects.count() == 4
    assert not Quote.objects.filter(first_published_at__isnull=True).exists()


def test_running_it_twice_changes_nothing(demo):
    before = snapshot()

    output = load_demo()

    assert snapshot() == before
    assert "quotes: 0 created, 26 already present" in output
    assert "claims: 0 created, 4 already present" in output


def test_a_dry_run_writes_nothing_but_reports_what_it_would_load(db):
    before = snapshot()

    output = load_demo("--dry-run")

    assert snapshot() == before
    assert Quote.objects.count() == 0
    assert "quotes: 26 created, 0 already present" in output
    assert "Dry run" in output
