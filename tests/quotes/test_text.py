"""The text primitives the quote tools share: quotation marks, apostrophes, folding, words and word boundaries."""

import pytest

from quotes.text import (
    APOSTROPHES,
    QUOTE_MARKS,
    WORD,
    bounded,
    find_bounded,
    fold,
    is_word_character,
    straighten_apostrophes,
    strip_quotation,
)


def test_every_apostrophe_is_also_a_quotation_mark():
    # A quote's trimmed ends and the locator's normaliser treat an apostrophe like any other quotation mark.
    assert set(APOSTROPHES) <= set(QUOTE_MARKS)


@pytest.mark.parametrize(
    "quoted",
    [
        '"soft on crime"',
        "“soft on crime”",
        "„soft on crime“",
        "«soft on crime»",
        "‘soft on crime’",
        "「soft on crime」",
    ],
)
def test_strip_quotation_takes_the_marks_and_spaces_off_both_ends(quoted):
    assert strip_quotation(f"  {quoted}\n") == "soft on crime"


def test_strip_quotation_keeps_marks_and_punctuation_inside_the_words():
    assert strip_quotation("“It’s ‘absurd,’ he said.”") == "It’s ‘absurd,’ he said."


def test_straighten_apostrophes_makes_curly_and_typed_apostrophes_alike():
    assert straighten_apostrophes("we’re O‘Neill’s donʼt can`t") == "we're O'Neill's don't can't"


@pytest.mark.parametrize(
    ("printed", "typed"),
    [
        ("Café", "cafe"),
        ("NAÏVE", "naive"),
        ("ﬁnal", "final"),
        ("…", "..."),
        ("Straße", "strasse"),
        ("İstanbul", "istanbul"),
    ],
)
def test_fold_ignores_case_accents_and_compatibility_forms(printed, typed):
    assert fold(printed) == fold(typed) == typed


def test_fold_keeps_apostrophes_and_punctuation():
    assert fold("It’s, OK") == "it’s, ok"


def test_letters_and_digits_of_spaced_scripts_are_word_characters():
    assert all(is_word_character(char) for char in "aZé9ßж")
    assert not any(is_word_character(char) for char in " _-’,.\u0301")


def test_every_character_of_an_unspaced_script_is_a_word_of_its_own():
    assert not is_word_character("中")
    assert bounded("他说中国很大", 2, 4)


def test_bounded_is_false_inside_a_word():
    text = "the crime rate, crimes"
    assert bounded(text, 4, 9)  # crime
    assert not bounded(text, 16, 21)  # the start of "crimes"
    assert not bounded(text, 5, 9)  # the end of "crime"
    assert bounded(text, 9, 15)  # " rate," starts and ends beside punctuation or spaces


def test_find_bounded_finds_whole_word_occurrences_only():
    text = "crime, crimes, decriminalise, crime"
    assert list(find_bounded(text, "crime")) == [0, 30]
    assert list(find_bounded(text, "crime", 1)) == [30]


def test_find_bounded_finds_overlapping_occurrences():
    assert list(find_bounded("no, no, no", "no, no")) == [0, 4]


def test_words_are_runs_of_letters_and_digits():
    assert WORD.findall("O’Neill said: “1,000 take-downs_now”") == [
        "O",
        "Neill",
        "said",
        "1",
        "000",
        "take",
        "downs",
        "now",
    ]
