"""Full-text search on the quote and fact-check lists: websearch syntax, best match first, accents folded,
English word forms, and highlighting that cannot inject markup."""

import pytest
from django.test.html import parse_html

import publishing.pagination
from tests.factories import make_claim, make_quote, make_speaker, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def say():
    """say(text) makes a public quote by one speaker in one story."""
    story, speaker = make_story(), make_speaker()

    def say(text):
        return make_quote(story=story, speaker=speaker, text=text)

    return say


def found(client, q, path="/quotes/"):
    return get_page(client, path, {"q": q}).ids_linked(path)


def test_a_phrase_in_double_quotes_matches_those_words_together(client, say):
    together = say("To say we are soft on crime is to ignore the facts.")
    say("Crime is soft in some districts, on the whole.")

    assert found(client, '"soft on crime"') == [together.pk]


def test_or_finds_either_word(client, say):
    murder, robbery = say("Murder is down 82 percent."), say("Robbery is down 20 percent.")
    say("Burglary is flat.")

    assert sorted(found(client, "murder or robbery")) == sorted([murder.pk, robbery.pk])


def test_a_minus_excludes_a_word(client, say):
    crime_only = say("Crime is down across the city.")
    say("Crime and murder are both down.")

    assert found(client, "crime -murder") == [crime_only.pk]


def test_words_are_found_in_their_other_english_forms(client, say):
    murders = say("Murders fell to record lows.")

    assert found(client, "murder") == [murders.pk]
    assert found(client, "low") == [murders.pk]
    assert found(client, "recording") == [murders.pk]


def test_a_better_match_ranks_first_even_when_older(client, say):
    better = say("Crime, crime, crime: crime is all they talk about.")
    newer = say("The mayor spoke about schools, housing, parks and, briefly, crime.")

    assert found(client, "crime") == [better.pk, newer.pk]


def test_without_a_search_the_newest_come_first(client, say):
    older, newer = say("Crime, crime, crime."), say("Briefly, crime.")

    assert get_page(client, "/quotes/").ids_linked("/quotes/") == [newer.pk, older.pk]


@pytest.mark.parametrize(("printed", "searched"), [("café", "cafe"), ("cafe", "café"), ("Señor Núñez", "senor nunez")])
def test_accents_are_folded_both_ways(client, say, printed, searched):
    quote = say(f"We met at the {printed} on Fifth Avenue.")

    assert found(client, searched) == [quote.pk]


def test_the_fact_check_search_looks_in_the_claim_and_its_short_ruling(client):
    in_text = make_claim(text="Murder is down 82 percent since 1993")
    in_summary = make_claim(text="Crime is at record lows", summary="Murder fell, but robbery rose.")
    make_claim(text="Robbery is flat")

    assert sorted(found(client, "murder", "/claims/")) == sorted([in_text.pk, in_summary.pk])


def test_search_combines_with_filters(client, say):
    mine = say("Crime is down.")
    make_quote(speaker=make_speaker(slug="someone-else"), text="Crime is down too.")

    page = get_page(client, "/quotes/", {"q": "crime", "speaker": mine.speaker.slug})

    assert page.ids_linked("/quotes/") == [mine.pk]


def test_the_searched_words_are_highlighted(client, say):
    say("Since 1993, murders are down 82 percent.")

    page = get_page(client, "/quotes/", {"q": "murder"})

    assert parse_html("<mark>murders</mark>") in parse_html(page.html)
    assert "Quotes matching “murder”" in page.title


def test_highlighting_escapes_markup_in_a_quote_and_keeps_its_own(client, say):
    say("Crime is <script>alert(1)</script> down & <b>falling</b>.")

    page = get_page(client, "/quotes/", {"q": "crime"})

    assert "<script>alert(1)</script>" not in page.html
    assert "<b>falling</b>" not in page.html
    assert (
        "<mark>Crime</mark> is &lt;script&gt;alert(1)&lt;/script&gt; down &amp; &lt;b&gt;falling&lt;/b&gt;."
        in page.html
    )


def test_highlighting_the_word_script_itself_stays_escaped(client, say):
    say("Read the <script>alert(1)</script> script.")

    page = get_page(client, "/quotes/", {"q": "script"})

    assert "<script>" not in page.html
    assert "&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;" in page.html


def test_a_search_for_markup_is_shown_as_text(client, say):
    page = get_page(client, "/quotes/", {"q": '"><script>alert(1)</script>'})

    assert "<script>alert(1)" not in page.html


def test_a_search_of_operators_only_finds_nothing_and_does_not_fail(client, say):
    say("Crime is down.")

    for q in ['"', "-", "or", "-crime", "!!!", "&|:*"]:
        assert found(client, q) == [], q


def test_only_the_newest_matches_are_ranked(client, say, monkeypatch):
    monkeypatch.setattr(publishing.pagination, "MAX_RANKED", 3)
    oldest_best = say("Crime, crime, crime, crime.")
    older = say("Crime is down.")
    newest = [say(f"In district {n}, crime is down.") for n in range(3)]

    results = found(client, "crime")

    assert sorted(results) == sorted(quote.pk for quote in newest)
    assert oldest_best.pk not in results
    assert older.pk not in results


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("path", ["/quotes/", "/claims/"])
def test_a_search_runs_the_same_queries_for_1_or_50_matches(client, django_assert_num_queries, path, rows):
    story, speaker = make_story(), make_speaker()
    for _ in range(rows):
        make_claim(quotes=[make_quote(story=story, speaker=speaker, text="Crime is down.")], text="Crime is down")

    # site version, the ids of the ranked page, its rows, (for quotes) their claims, the verdict choices
    with django_assert_num_queries(5 if path == "/quotes/" else 4):
        page = get_page(client, path, {"q": "crime"})

    assert len(page.ids_linked(path)) == min(rows, 20)
