"""Text matching for statements: the same words as printed by different outlets, and how their versions differ."""

import pytest

from quotes.utterances import PROPOSE_AT, compare, matches, overlap, tokenise

NEWSMAX = (
    "To say we are soft on crime is absolutely ludicrous. In 2016, we locked up over 1,000 people in 100 gang take "
    "downs — most of them are still awaiting sentences or in jail. Maybe we should ask them if they think we are "
    "soft on crime."
)
GOTHAMIST = (
    "To say we're soft on crime is absolutely ludicrous. In 2016 we locked up over 1,000 people in over 100 gang "
    "takedowns. Most of them are still awaiting sentences or are still in jail, maybe we should ask them we're soft "
    "on crime,"
)


def words(text):
    return [token.word for token in tokenise(text)]


def changes(this, other):
    segments = compare(this, other)
    return [(segment.kind, segment.this, segment.other.strip()) for segment in segments if segment.is_change]


# Words, folded.


def test_case_accents_and_curly_apostrophes_do_not_matter():
    assert words("O’Neill’s CAFÉ") == words("o'neill's cafe")


def test_contractions_are_spelled_out():
    assert words("we're") == ["we", "are"]
    assert words("didn’t") == ["did", "not"]
    assert words("It's") == ["it", "is"]
    assert words("can't") == words("cannot") == ["can", "not"]


def test_numbers_lose_thousands_separators_and_percent_signs_become_words():
    assert words("over 1,000 people") == ["over", "1000", "people"]
    assert words("down 82%") == words("down 82 percent")


def test_dashes_and_hyphens_separate_words_and_editorial_brackets_vanish():
    assert words("take-downs — most") == ["take", "downs", "most"]
    assert words("[T]he City") == ["the", "city"]


# Overlap.


def test_two_versions_of_one_sentence_overlap_far_above_the_proposal_threshold():
    assert overlap(NEWSMAX, GOTHAMIST) > 0.8 > PROPOSE_AT


def test_a_fragment_inside_a_longer_quote_is_contained():
    assert overlap("my blood began to boil", "When I heard that statement, my blood began to boil,") == 1.0
    assert overlap("When I heard that statement, my blood began to boil,", "my blood began to boil") == 1.0


def test_words_split_by_one_outlet_and_joined_by_the_other_still_match():
    assert overlap("in 100 gang take downs last year", "in 100 gang takedowns last year") == 1.0


def test_different_sentences_that_share_a_phrase_stay_below_the_threshold():
    one = "To say we're soft on crime is absolutely ludicrous."
    other = "Come here and tell them you believe they're soft on crime, see how that feels."
    assert overlap(one, other) < PROPOSE_AT


@pytest.mark.parametrize(
    "other",
    [
        "If you live by the bay, you have to get in your car and drive inland.",  # longer where it differs
        "If you live by the bay, go.",  # shorter where it differs
    ],
)
def test_two_sentences_that_open_alike_and_then_say_different_things_do_not_match(other):
    assert overlap("If you live by the bay, you have to leave tonight.", other) == 0.0


def test_a_version_retouched_in_a_few_words_still_matches():
    assert (
        overlap("Do not wait for this storm to come to your door.", "Do not wait for [Hector] to come to your door.")
        > 0.8
    )


def test_a_distinctive_word_or_two_printed_inside_another_quote_is_a_fragment_of_it():
    assert overlap("outrageous", "I find this statement to be absolutely outrageous,") == 1.0
    assert overlap("insulting", "It is insulting to every officer") == 1.0
    assert overlap("a JOKE", "a joke.") == 1.0  # two outlets print the same two words


def test_a_common_word_or_two_in_common_is_no_match_even_when_contained():
    assert overlap("no way", "There is no way we will let that stand") == 0.0
    assert overlap("of course", "Of course we will answer the attorney general") == 0.0
    assert overlap("an insult", "It is an insult to every officer") == 0.0
    assert overlap("crime", "Crime is down in every borough") == 0.0
    assert overlap("outrage", "It is outrageous") == 0.0  # whole words only


def test_among_a_speakers_quotes_only_the_other_version_of_the_sentence_matches():
    candidates = [
        ("other sentence", "Look at this city in 2017, it didn't happen by accident."),
        ("same sentence", GOTHAMIST),
        ("shares a phrase", "We are not soft on crime, and the numbers show it."),
    ]

    assert [(found.score, found.key) for found in matches(NEWSMAX, candidates)] == [
        (overlap(NEWSMAX, GOTHAMIST), "same sentence")
    ]


def test_no_match_below_the_threshold():
    assert list(matches(NEWSMAX, [("phrase", "We are not soft on crime, and the numbers show it.")])) == []


# The diff.


def test_the_other_version_is_cut_into_segments_that_rebuild_it_exactly():
    assert "".join(segment.other for segment in compare(NEWSMAX, GOTHAMIST)) == GOTHAMIST


def test_over_100_against_100_is_significant():
    assert ("significant", "", "over") in changes(NEWSMAX, GOTHAMIST)


@pytest.mark.parametrize(
    ("this", "other"),
    [("1,000 people", "more than 1,000 people"), ("more than 1,000 people", "1,000 people")],
)
def test_a_qualifier_on_a_number_is_significant_on_either_side(this, other):
    assert [kind for kind, _, _ in changes(this, other)] == ["significant"]


@pytest.mark.parametrize(
    ("this", "other", "expected"),
    [
        ("about 300 officers", "300 officers", "about"),
        ("we did not cut the budget", "we did cut the budget", "not"),
        ("down 76 percent overall", "down 67 percent overall", "67"),
        ("two thousand officers", "three thousand officers", "three"),
    ],
)
def test_numbers_number_words_qualifiers_and_negations_are_significant(this, other, expected):
    [(kind, mine, theirs)] = changes(this, other)
    assert kind == "significant"
    assert expected in (mine, theirs)


def test_take_downs_against_takedowns_is_minor():
    assert ("minor", "take downs —", "takedowns.") in changes(NEWSMAX, GOTHAMIST)


def test_we_are_against_were_is_minor():
    assert ("minor", "we are", "we're") in changes(NEWSMAX, GOTHAMIST)
    assert changes("They’re soft on crime", "they are soft on crime") == [("minor", "They’re", "they are")]


def test_spelling_variants_are_minor_and_other_words_are_changes():
    assert changes("in our neighbourhoods today", "in our neighborhoods today") == [
        ("minor", "neighbourhoods", "neighborhoods")
    ]
    assert changes("look our police officers in the eye", "look our officers in the eye") == [("changed", "police", "")]


def test_quote_mark_style_and_capitals_are_not_differences():
    assert changes("Come here to the city’s ‘heart’", "come here to the city's 'heart'") == []


def test_words_beyond_the_shared_span_are_outside_not_changes():
    segments = compare("my blood began to boil", "When I heard that statement, my blood began to boil,")
    assert [segment.kind for segment in segments] == ["outside", "same"]
    assert segments[0].other == "When I heard that statement, "
