"""Finding a quote in its story's text: verbatim, as a typographic variant, as a close variant, or not at all."""

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quotes.locate import CLOSE_THRESHOLD, Grade, locate, normalise

ARTICLE = (
    "New York City Mayor Bill de Blasio responded to President Donald Trump, challenging them to "
    '"look our police officers in the eye" after a report described the city as "soft on crime."\n'
    "\"It's an unacceptable statement that denigrates the people of New York City and the men and women of the "
    'NYPD. It ignores a quarter century of progress in this city bringing down crime," de Blasio said.\n'
    'Both men called the statement an insult. De Blasio also called it "an insult" and said it was wrong.\n'
    "[T]he City’s intransigence has placed in jeopardy millions in grant funds, Mullins wrote.\n"
)


def span(location, article=ARTICLE):
    return article[location.start : location.end]


# The normaliser.


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("It’s “soft on crime”", 'It\'s "soft on crime"'),
        ("‘sanctuary policies’", "'sanctuary policies'"),
        ("«soft on crime»", "„soft on crime“"),
        ("Sessions — if you", "Sessions--if you"),
        ("Sessions – if you", "Sessions - if you"),
        ("Mark‑Viverito", "Mark-Viverito"),
        ("soft\u00a0on\n\ncrime", "soft on  crime"),
        ("SOFT ON CRIME", "soft on crime"),
        ("[T]he City", "The City"),
        ("and then…", "and then..."),
        ("Café", "cafe"),
        ("ofﬁcers", "officers"),
        ("take\u00addowns", "takedowns"),
    ],
)
def test_the_normaliser_folds_what_typography_changes(printed, typed):
    assert normalise(printed).text == normalise(typed).text


@pytest.mark.parametrize(
    ("one", "other"),
    [("take downs", "takedowns"), ("100 gang", "over 100 gang"), ("we are", "we're"), ("crime,", "crime")],
)
def test_the_normaliser_keeps_differences_of_wording_and_punctuation(one, other):
    assert normalise(one).text != normalise(other).text


def test_each_normalised_character_maps_back_to_the_character_it_came_from():
    original = "“It’s  Sessions — [T]he CAFÉ”"

    folded = normalise(original)

    assert folded.text == "'it's sessions-the cafe'"
    assert [original[at] for at in folded.offsets[:6]] == ["“", "I", "t", "’", "s", " "]
    assert original[folded.offsets[folded.text.index("the")]] == "T"
    assert original[folded.offsets[folded.text.index("cafe") + 3]] == "É"


@given(st.text(alphabet=st.sampled_from("aZ é’“”-—–  \n\t[]…ﬁ.,İß"), max_size=60))
def test_the_offset_map_is_in_order_and_inside_the_original(original):
    folded = normalise(original)

    assert len(folded.offsets) == len(folded.text)
    assert list(folded.offsets) == sorted(folded.offsets)
    assert all(0 <= at < len(original) for at in folded.offsets)


# Verbatim.


def test_a_quote_printed_exactly_is_verbatim_with_offsets_into_the_article():
    location = locate("look our police officers in the eye", ARTICLE)

    assert location.grade == Grade.VERBATIM
    assert location.score == 1.0
    assert span(location) == "look our police officers in the eye"
    assert ARTICLE[location.start - 1] == '"'


def test_quotation_marks_and_spaces_around_the_typed_quote_are_not_part_of_the_span():
    location = locate("  “bringing down crime,” ", ARTICLE)

    assert location.grade == Grade.VERBATIM
    assert span(location) == "bringing down crime,"


def test_offsets_count_characters_not_bytes():
    article = "🚓 Café owners say “soft on crime” is wrong."

    location = locate("soft on crime", article)

    assert (location.start, location.end) == (19, 32)  # in UTF-8 bytes it would start at 25


def test_words_inside_a_longer_word_are_not_the_quote():
    location = locate("insult", "It was insulting.")

    assert location.grade != Grade.VERBATIM


# Typographic variants.


@pytest.mark.parametrize(
    ("typed", "printed"),
    [
        ("It’s an unacceptable statement", "It's an unacceptable statement"),
        ("THE PEOPLE OF NEW YORK CITY", "the people of New York City"),
        ("The City's intransigence", "[T]he City’s intransigence"),
        ("the NYPD.  It ignores", "the NYPD. It ignores"),
        ("bringing down crime.", "bringing down crime"),
        ("…a quarter century of progress…", "a quarter century of progress"),
    ],
)
def test_a_quote_that_differs_only_in_typography_is_a_typographic_variant(typed, printed):
    location = locate(typed, ARTICLE)

    assert location.grade == Grade.TYPOGRAPHIC
    assert location.score == 1.0
    assert span(location) == printed


def test_a_typed_editorial_bracket_finds_the_plain_word_in_the_article():
    location = locate("[t]he people of New York City", ARTICLE)

    assert location.grade == Grade.TYPOGRAPHIC
    assert span(location) == "the people of New York City"


def test_a_typographic_span_runs_across_a_line_break():
    location = locate("de Blasio said. Both men called", ARTICLE)

    assert location.grade == Grade.TYPOGRAPHIC
    assert span(location) == "de Blasio said.\nBoth men called"


# Close variants and quotes not found.


def test_a_quote_with_a_word_dropped_is_a_close_variant_spanning_the_articles_words():
    location = locate("look our officers in the eye", ARTICLE)

    assert location.grade == Grade.CLOSE
    assert CLOSE_THRESHOLD <= location.score < 1
    assert span(location) == "look our police officers in the eye"


def test_a_misspelt_word_is_a_close_variant():
    location = locate("intransigance", ARTICLE)

    assert location.grade == Grade.CLOSE
    assert span(location) == "intransigence"


def test_a_changed_number_in_a_long_quote_is_a_close_variant_not_verbatim():
    quote = "It ignores a quarter century of progress in this city bringing down crime by 90 percent"

    location = locate(quote, ARTICLE)

    assert location.grade == Grade.CLOSE
    assert span(location).startswith("It ignores a quarter century of progress")


@pytest.mark.parametrize(
    "typed",
    [
        "Crime fell by ninety-nine percent overnight",
        "my blood ran cold",
        "The mayor is wrong about everything",
        "soft on terror",
    ],
)
def test_words_the_article_does_not_print_are_not_found(typed):
    location = locate(typed, ARTICLE)

    assert location.grade == Grade.NOT_FOUND
    assert (location.start, location.end, location.score) == (None, None, None)


# Repeated words: the occurrence that is quoted.


def test_a_repeated_fragment_is_found_where_the_article_quotes_it_not_in_the_reporters_words():
    location = locate("an insult", ARTICLE)

    assert location.start == ARTICLE.index('"an insult"') + 1
    assert location.start > ARTICLE.index("an insult")


def test_a_fragment_in_quotation_marks_beats_the_same_words_inside_a_longer_quotation():
    article = 'He said "we are soft on crime, they say" and then: "soft on crime" is a slogan.'

    assert locate("soft on crime", article).start == article.index('"soft on crime"') + 1


def test_inside_a_quotation_beats_the_reporters_own_words():
    article = 'Critics call it soft on crime. The mayor said: "Nobody here is soft on crime, nobody".'

    assert locate("soft on crime", article).start == article.rindex("soft on crime")


def test_among_equally_quoted_occurrences_the_first_wins():
    article = 'He called it "outrageous". She called it "outrageous" too.'

    assert locate("outrageous", article).start == article.index("outrageous")


def test_a_repeated_typographic_variant_also_prefers_the_quoted_occurrence():
    article = "It was an INSULT, he said. Then he called it “an insult” again."

    location = locate("An Insult", article)

    assert location.grade == Grade.TYPOGRAPHIC
    assert location.start == article.index("“an insult”") + 1


# Hostile text.


@pytest.mark.parametrize(
    ("quote", "article"),
    [("", ARTICLE), ("   \n", ARTICLE), ("“ ”", ARTICLE), ("— …", ARTICLE), ("soft on crime", ""), ("", "")],
)
def test_empty_quotes_and_empty_articles_are_not_found(quote, article):
    assert locate(quote, article).grade == Grade.NOT_FOUND


def test_a_quote_longer_than_the_article_is_not_found():
    article = "Crime is down."

    assert locate("Crime is down. " * 3, article).grade == Grade.NOT_FOUND


def test_a_quote_that_runs_past_the_end_of_a_short_article_is_at_best_close():
    article = "Crime is down 82 percent since 1993, the commissioner said."

    location = locate("Crime is down 82 percent since 1993, the commissioner said, and more", article)

    assert location.grade == Grade.CLOSE
    assert (location.start, location.end) == (0, len(article) - 1)


def test_a_phrase_repeated_all_through_a_megabyte_article_is_found_at_its_first_occurrence_quickly():
    article = "They said we are soft on crime. " * 32_000
    assert len(article) > 1_000_000

    started = time.perf_counter()
    location = locate("we are soft on crime", article)

    assert time.perf_counter() - started < 2
    assert (location.grade, location.start) == (Grade.VERBATIM, article.index("we are soft on crime"))


def test_a_quote_at_the_end_of_a_megabyte_article_is_found_there():
    article = ARTICLE * 2_000 + "Finally, the mayor called it “a total disgrace” and left."
    assert len(article) > 1_000_000

    started = time.perf_counter()
    location = locate('"A total disgrace"', article)

    assert time.perf_counter() - started < 3
    assert location.grade == Grade.TYPOGRAPHIC
    assert span(location, article) == "a total disgrace"


@pytest.mark.parametrize(
    "quote",
    ["Crime fell by ninety-nine percent overnight", "the words " * 1_000, "x" * 10_000],
    ids=["short", "10,000 characters of words", "one 10,000-character word"],
)
def test_a_quote_missing_from_a_megabyte_article_is_not_found_in_bounded_time(quote):
    article = ARTICLE * 2_000

    started = time.perf_counter()
    location = locate(quote, article)

    assert time.perf_counter() - started < 10
    assert location.grade == Grade.NOT_FOUND


def test_an_article_of_nothing_but_quotation_marks_and_dashes_finds_nothing():
    article = "“”‘’—–" * 100_000

    assert locate("soft on crime", article).grade == Grade.NOT_FOUND
