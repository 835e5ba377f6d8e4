"""Text-fragment links: a link to the source article opens it at the quoted words, highlighted."""

from typing import NamedTuple
from urllib.parse import unquote

import pytest

from quotes.fragments import EDGE_WORDS, LONG_QUOTE_WORDS, text_fragment_url

NEWSMAX_URL = "https://newsmax.com/amp/politics/bill-de-blasio-challenges-trump-administration/2017/04/21/id/785768"
GOTHAMIST_URL = (
    "https://gothamist.com/news/de-blasio-challenges-sessions-to-come-to-new-york-and-tell-nypd-officers-theyre-"
    "soft-on-crime"
)

# Paragraphs of the seed articles, copied (one line per paragraph, as the articles were retrieved).
NEWSMAX_TEXT = (
    "New York City Mayor Bill de Blasio responded to President Donald Trump and Attorney General Jeff Sessions, "
    'challenging them to "look our police officers in the eye" after a report the Justice Department issued '
    'Friday describing the city as "soft on crime."\n'
    "\"It's an unacceptable statement that denigrates the people of New York City and the men and women of the "
    "NYPD. It is an outrageous statement, and it's absurd on its face. It ignores a quarter century of progress "
    'in this city bringing down crime," de Blasio told reporters Friday, Politico reported.\n'
    '"I would say to President Trump and to Attorney General Sessions — if you believe this statement is '
    "accurate, come here to New York City, look our police officers in the eye and tell them that you believe "
    'they are soft on crime. See how that feels," de Blasio added.\n'
    "The mayor made the statement outside police headquarters with NYPD Commissioner James O'Neill at his side.\n"
    '"When I heard that statement, my blood began to boil," O\'Neill told reporters. "To say we are soft on crime '
    "is absolutely ludicrous. In 2016, we locked up over 1,000 people in 100 gang take downs — most of them are "
    'still awaiting sentences or in jail. Maybe we should ask them if they think we are soft on crime."\n'
    '"I find this statement to be absolutely outrageous," he added.\n'
)

GOTHAMIST_TEXT = (
    'Calling the statement from the DOJ press office "outrageous" and characterizing it as a statement on behalf '
    'of both Attorney General Jeff Sessions and President Trump, the mayor said that the "soft on crime" language '
    '"denigrates the people of New York City and the men and women of the NYPD."\n'
    "\n"
    "O'Neill ended his remarks by echoing de Blasio's comment that the statement was \"outrageous.\"\n"
    "\n"
    "Other city and state officials also took offense at the DOJ language. City Council Speaker Melissa "
    "Mark-Viverito released a statement through the City Council, and also took to her own Twitter account to "
    'call Sessions "a JOKE."\n'
    "\n"
    "[T]he City’s intransigence has placed in jeopardy millions in U.S. Department of Justice grant funds that we "
    "count on to help protect our communities. Attorney General Sessions is absolutely correct to hold New York "
    "and other jurisdictions accountable for their so-called ‘sanctuary policies.’ I just hope the Mayor will "
    "finally come to his senses and stop ignoring and harboring violent criminals before it is too late.\n"
)


class Directive(NamedTuple):
    """The decoded terms of a ``#:~:text=[prefix-,]textStart[,textEnd][,-suffix]`` directive."""

    prefix: str
    start: str
    end: str
    suffix: str
    raw_terms: list[str]


def directive(url: str) -> Directive:
    _, separator, value = url.partition(":~:text=")
    assert separator, f"no text directive in {url}"
    raw_terms = value.split(",")
    terms = list(raw_terms)
    prefix = unquote(terms.pop(0)[:-1]) if terms[0].endswith("-") else ""
    suffix = unquote(terms.pop()[1:]) if terms[-1].startswith("-") else ""
    assert len(terms) in (1, 2), f"expected textStart[,textEnd] in {url}"
    end = unquote(terms[1]) if len(terms) == 2 else ""
    return Directive(prefix, unquote(terms[0]), end, suffix, raw_terms)


def words(text: str) -> list[str]:
    return text.split()


# The directive and its encoding.


def test_it_appends_a_text_directive_for_a_short_quote():
    url = text_fragment_url(NEWSMAX_URL, "soft on crime")

    assert url == f"{NEWSMAX_URL}#:~:text=soft%20on%20crime"


@pytest.mark.parametrize("quote", ["", "   \n ", "“ ”"])
def test_an_empty_quote_leaves_the_url_unchanged(quote):
    assert text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT) == NEWSMAX_URL


def test_it_encodes_hyphens_commas_and_ampersands_inside_a_term():
    url = text_fragment_url(GOTHAMIST_URL, "Mark-Viverito, Sessions & O'Neill")
    _, _, value = url.partition(":~:text=")

    assert value == "Mark%2DViverito%2C%20Sessions%20%26%20O%27Neill"
    assert not set("-,& +") & set(value)


def test_it_keeps_curly_apostrophes_and_quotes_inside_the_quote():
    url = text_fragment_url(GOTHAMIST_URL, "their so-called ‘sanctuary policies.’ I just hope", GOTHAMIST_TEXT)

    assert url.endswith("#:~:text=their%20so%2Dcalled%20%E2%80%98sanctuary%20policies.%E2%80%99%20I%20just%20hope")
    assert directive(url).start == "their so-called ‘sanctuary policies.’ I just hope"


def test_it_keeps_editorial_brackets_and_a_curly_apostrophe():
    url = text_fragment_url(GOTHAMIST_URL, "[T]he City’s intransigence", GOTHAMIST_TEXT)

    assert url.endswith("#:~:text=%5BT%5Dhe%20City%E2%80%99s%20intransigence")


def test_it_keeps_em_dashes():
    url = text_fragment_url(NEWSMAX_URL, "Attorney General Sessions — if you believe this statement", NEWSMAX_TEXT)

    assert "Sessions%20%E2%80%94%20if" in url
    assert directive(url).start == "Attorney General Sessions — if you believe this statement"


@pytest.mark.parametrize(
    ("quote", "encoded"),
    [
        ("café", "caf%C3%A9"),
        ("Mark-Viverito", "Mark%2DViverito"),
        ("纽约市长白思豪", "%E7%BA%BD%E7%BA%A6%E5%B8%82%E9%95%BF%E7%99%BD%E6%80%9D%E8%B1%AA"),
        ("soft on crime 🚓", "soft%20on%20crime%20%F0%9F%9A%93"),
    ],
)
def test_it_encodes_non_ascii_text_as_utf8_percent_escapes(quote, encoded):
    assert text_fragment_url(GOTHAMIST_URL, quote) == f"{GOTHAMIST_URL}#:~:text={encoded}"


def test_it_trims_quotation_marks_and_whitespace_around_the_quote():
    url = text_fragment_url(NEWSMAX_URL, "  “I find this statement to be absolutely outrageous,” ", NEWSMAX_TEXT)

    assert directive(url).start == "I find this statement to be absolutely outrageous,"


def test_it_keeps_a_trailing_comma_that_the_article_prints():
    quote = "bringing down crime,"

    assert directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT)).start == "bringing down crime,"


def test_it_collapses_whitespace_runs_inside_a_paragraph():
    url = text_fragment_url(NEWSMAX_URL, "my blood \t began   to\u00a0boil")

    assert url.endswith("#:~:text=my%20blood%20began%20to%20boil")


@pytest.mark.parametrize(
    "quote",
    [
        "Mark-Viverito, Sessions & O'Neill",
        "their so-called ‘sanctuary policies.’ I just hope",
        "Sessions — if you believe this statement is accurate",
        "It is an outrageous statement, and it's absurd on its face.",
        "café 纽约 🚓 100% #1 a+b=c ~_.",
    ],
)
def test_decoding_each_term_gives_back_the_original_words(quote):
    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    if found.end:
        assert quote.startswith(found.start)
        assert quote.endswith(found.end)
    else:
        assert found.start == quote


# Long quotes and paragraphs: textStart,textEnd.


def test_a_quote_of_up_to_ten_words_is_a_single_term():
    quote = "It is an outrageous statement, and it's absurd on its"
    assert len(words(quote)) == LONG_QUOTE_WORDS

    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    assert (found.start, found.end) == (quote, "")


def test_a_quote_of_eleven_words_uses_a_start_and_an_end():
    quote = "It is an outrageous statement, and it's absurd on its face."
    assert len(words(quote)) == LONG_QUOTE_WORDS + 1

    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    assert (found.start, found.end) == ("It is an outrageous statement,", "it's absurd on its face.")


def test_a_long_quote_uses_its_first_and_last_five_whole_words():
    quote = (
        "It's an unacceptable statement that denigrates the people of New York City and the men and women of "
        "the NYPD. It is an outrageous statement, and it's absurd on its face."
    )

    url = text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT)
    found = directive(url)

    assert len(found.raw_terms) == 2
    assert words(found.start) == words(quote)[:EDGE_WORDS]
    assert words(found.end) == words(quote)[-EDGE_WORDS:]
    assert quote.startswith(found.start)
    assert quote.endswith(found.end)
    assert len(found.start) + len(found.end) < len(quote)
    assert found.start in NEWSMAX_TEXT
    assert found.end in NEWSMAX_TEXT


def test_a_long_quote_does_not_count_a_spaced_em_dash_as_a_word():
    quote = "Sessions — if you believe this statement is accurate, come here to New York City"

    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    assert found.start == "Sessions — if you believe this"
    assert found.end == "here to New York City"


def test_a_quote_spanning_two_paragraphs_takes_its_start_and_end_from_different_paragraphs():
    quote = (
        "denigrates the people of New York City and the men and women of the NYPD.\n\n"
        "O'Neill ended his remarks by echoing de Blasio's comment"
    )

    found = directive(text_fragment_url(GOTHAMIST_URL, quote, GOTHAMIST_TEXT))

    assert found.start == "denigrates the people of New"
    assert found.end == "by echoing de Blasio's comment"
    assert "\n" not in found.start + found.end
    assert found.start in GOTHAMIST_TEXT.splitlines()[0]
    assert found.end in GOTHAMIST_TEXT.splitlines()[2]


def test_a_short_quote_spanning_two_paragraphs_still_splits_at_the_break():
    quote = 'See how that feels,"\nThe mayor made the statement'

    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    assert (found.start, found.end) == ('See how that feels,"', "The mayor made the statement")


def test_the_end_grows_when_its_words_also_occur_earlier_in_the_quote():
    # The browser looks for textEnd from where textStart ends, and takes the first match.
    quote = "The mayor said that we are not soft on crime, and the commissioner said we are not soft on crime"

    found = directive(text_fragment_url(NEWSMAX_URL, quote))

    assert found.start == "The mayor said that we"
    assert found.end == "we are not soft on crime"
    assert quote.lower().find(found.end.lower(), len(found.start)) == len(quote) - len(found.end)


# Repeated words: prefix and suffix from the article.


def test_a_repeated_word_gets_a_prefix_from_the_paragraph_of_its_first_occurrence():
    article = "The mayor called it outrageous. Then he left.\nThe commissioner said it was outrageous."

    found = directive(text_fragment_url(NEWSMAX_URL, "outrageous", article))

    assert (found.prefix, found.start, found.suffix) == ("it", "outrageous", "")
    assert f"{found.prefix} {found.start}" in article.splitlines()[0]


def test_a_prefix_is_whole_words_directly_before_the_match_in_a_seed_article():
    url = text_fragment_url(GOTHAMIST_URL, "outrageous", GOTHAMIST_TEXT)
    found = directive(url)

    assert url == f"{GOTHAMIST_URL}#:~:text=office%20%22-,outrageous"
    assert found.prefix == 'office "'
    first_paragraph = GOTHAMIST_TEXT.splitlines()[0]
    assert first_paragraph.index(found.prefix + found.start) == first_paragraph.index("office")


def test_a_prefix_grows_to_three_words_until_the_match_is_unique():
    article = "The mayor called it outrageous.\nThe commissioner called it outrageous too."

    found = directive(text_fragment_url(NEWSMAX_URL, "outrageous", article))

    assert found.prefix == "mayor called it"
    assert found.suffix == ""


def test_an_occurrence_at_the_start_of_a_paragraph_gets_a_suffix_instead():
    article = "Outrageous, the mayor said.\nHe called it outrageous."

    url = text_fragment_url(NEWSMAX_URL, "outrageous", article)

    assert url.endswith("#:~:text=outrageous,-%2C%20the")
    assert directive(url).suffix == ", the"


def test_a_repeated_word_gets_its_prefix_from_the_occurrence_the_quote_was_located_at():
    article = (
        "Both men called the statement an insult, but the DOJ did not back down.\n\n"
        'De Blasio also called the  statement "an insult" and said that he had never met such an officer.'
    )
    quoted = article.index('"an insult"') + 1

    url = text_fragment_url(GOTHAMIST_URL, "an insult", article, at=quoted)

    assert directive(url) == Directive('statement "', "an insult", "", "", ["statement%20%22-", "an%20insult"])


def test_without_the_located_offset_the_first_occurrence_is_taken():
    article = "Both men called it an insult.\nDe Blasio also called it “an insult” and left."

    assert directive(text_fragment_url(GOTHAMIST_URL, "an insult", article)).prefix == "it"


def test_a_located_occurrence_at_the_start_of_a_paragraph_gets_a_suffix():
    article = "The mayor called it outrageous, twice.\n\n   Outrageous, the commissioner said."

    url = text_fragment_url(NEWSMAX_URL, "Outrageous", article, at=article.index("Outrageous"))

    assert (directive(url).prefix, directive(url).suffix) == ("", ", the")


def test_a_long_quote_takes_its_prefix_from_the_located_occurrence():
    article = (
        "He said: we are soft on crime and nothing else will ever change it.\n"
        "Later: we are soft on crime and nothing else will ever change it."
    )
    quote = "we are soft on crime and nothing else will ever change it."

    found = directive(text_fragment_url(NEWSMAX_URL, quote, article, at=article.rindex(quote)))

    assert found.prefix == "Later:"
    assert f"{found.prefix} {quote}" in article


def test_repeated_words_are_found_case_insensitively_and_across_whitespace():
    article = "They said SOFT ON\tCRIME.\nWe are soft  on crime, he said."

    found = directive(text_fragment_url(NEWSMAX_URL, "soft on crime", article))

    assert found.prefix == "said"


def test_a_word_inside_a_longer_word_is_not_another_occurrence():
    article = "It was outrageously late.\nHe called it outrageous."

    assert text_fragment_url(NEWSMAX_URL, "outrageous", article) == f"{NEWSMAX_URL}#:~:text=outrageous"


def test_a_quote_found_once_gets_no_prefix_or_suffix():
    url = text_fragment_url(NEWSMAX_URL, "my blood began to boil", NEWSMAX_TEXT)

    assert url == f"{NEWSMAX_URL}#:~:text=my%20blood%20began%20to%20boil"


def test_without_article_text_there_is_no_prefix_or_suffix():
    assert text_fragment_url(NEWSMAX_URL, "outrageous") == f"{NEWSMAX_URL}#:~:text=outrageous"


def test_a_long_quote_whose_start_repeats_gets_a_prefix():
    quote = "we are soft on crime is absolutely ludicrous. In 2016, we locked up"

    found = directive(text_fragment_url(NEWSMAX_URL, quote, NEWSMAX_TEXT))

    assert (found.prefix, found.start, found.suffix) == ("say", "we are soft on crime", "")
    assert f"{found.prefix} {quote}" in NEWSMAX_TEXT


def test_a_long_quote_takes_its_prefix_where_the_whole_quote_is_found():
    article = "They are soft on crime, he said.\nHe said: they are soft on crime and nothing else will ever change it."
    quote = "they are soft on crime and nothing else will ever change it."

    found = directive(text_fragment_url(NEWSMAX_URL, quote, article))

    assert found.prefix == "said:"
    assert f"{found.prefix} {quote}" in article


def test_a_long_quote_at_the_start_of_a_paragraph_lengthens_its_start_instead_of_a_suffix():
    article = "They are soft on crime.\nThey are soft on crime and nothing else will ever change that."
    quote = "They are soft on crime and nothing else will ever change that."

    found = directive(text_fragment_url(NEWSMAX_URL, quote, article))

    assert (found.prefix, found.suffix) == ("", "")
    assert found.start == "They are soft on crime and"
    assert found.end == "else will ever change that."


# The article URL.


def test_an_existing_fragment_is_kept_before_the_directive():
    url = text_fragment_url(f"{GOTHAMIST_URL}#comments", "a JOKE.")

    assert url == f"{GOTHAMIST_URL}#comments:~:text=a%20JOKE."


def test_an_empty_fragment_gets_the_directive():
    assert text_fragment_url(f"{GOTHAMIST_URL}#", "a JOKE.") == f"{GOTHAMIST_URL}#:~:text=a%20JOKE."


def test_an_existing_text_directive_is_replaced_and_its_fragment_kept():
    url = text_fragment_url(f"{GOTHAMIST_URL}#top:~:text=old%20words", "a JOKE.")

    assert url == f"{GOTHAMIST_URL}#top:~:text=a%20JOKE."


def test_a_query_string_is_kept():
    article_url = "https://www.politico.com/states/new-york/story?id=785768&page=2"

    url = text_fragment_url(article_url, "soft on crime")

    assert url == f"{article_url}#:~:text=soft%20on%20crime"
