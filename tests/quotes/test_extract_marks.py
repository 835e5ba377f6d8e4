"""The quotation extractor on quotations printed without double marks: in single marks (headlines, British style)
and as blocks set off after an introduction (reproduced statements and posts). Short made-up paragraphs, one
house style each."""

import time

import pytest

from quotes.extract import KnownSpeaker, extract_quotes

DE_BLASIO = KnownSpeaker("Bill de Blasio", "bill-de-blasio", title="Mayor of New York City", aliases=("de Blasio",))


def found(text, known=()):
    return [(p.text, p.speaker, p.extent, p.format) for p in extract_quotes(text, known)]


# Single marks as the outer marks.


@pytest.mark.parametrize(
    "headline",
    [
        "Mayor: 'We will not back down'",  # the speaker's role, a colon, the words
        "De Blasio: 'We will not back down'",
        "Mayor: ‘We will not back down’",
    ],
)
def test_a_us_headline_in_single_marks_is_the_speakers_named_before_the_colon(headline):
    assert found(headline, [DE_BLASIO]) == [("We will not back down", "Bill de Blasio", "full", "single")]


def test_a_headline_naming_the_speaker_after_the_quotation_is_theirs():
    assert found("'We will not back down,' says Sheriff Ana Ruiz") == [
        ("We will not back down,", "Ana Ruiz", "full", "single")
    ]


def test_a_few_words_in_single_marks_inside_a_headline_are_a_fragment():
    assert found("Sheriff Ana Ruiz calls budget 'a war on workers' as cuts pass") == [
        ("a war on workers", "Ana Ruiz", "fragment", "single")
    ]


def test_a_so_called_word_in_single_marks_in_a_headline_is_a_scare_quote():
    assert found("Justice Department targets so-called 'sanctuary' cities") == [
        ("sanctuary", None, "fragment", "single")
    ]


def test_british_body_text_in_curly_single_marks_is_attributed_like_double_marks():
    text = (
        "‘We will not be lectured by ministers on this,’ said Ana Ruiz, the council’s leader. "
        "‘The people of Leeds deserve better.’"
    )

    assert found(text) == [
        ("We will not be lectured by ministers on this,", "Ana Ruiz", "full", "single"),
        ("The people of Leeds deserve better.", "Ana Ruiz", "full", "single"),
    ]


def test_british_straight_single_marks_with_double_marks_inside_are_one_quotation():
    text = "'They called our plan \"a disgrace\", and they were wrong,' Ana Ruiz said."

    assert found(text) == [('They called our plan "a disgrace", and they were wrong,', "Ana Ruiz", "full", "single")]


def test_apostrophes_inside_a_single_mark_quotation_do_not_end_it():
    text = "‘The players’ union won’t back down, and the ’90s are long gone,’ Ana Ruiz said."

    assert found(text) == [
        ("The players’ union won’t back down, and the ’90s are long gone,", "Ana Ruiz", "full", "single")
    ]


def test_a_tabloid_quotation_in_single_marks_after_a_colon_is_the_subjects():
    text = "Ana Ruiz fumed: 'It's a joke, and the fans' patience has run out.'"

    assert found(text) == [("It's a joke, and the fans' patience has run out.", "Ana Ruiz", "full", "single")]


def test_a_single_mark_quotation_reopened_at_the_next_paragraphs_start_continues():
    text = "‘We started in March with new teams in every ward.\n\n‘We will finish by June,’ said Ana Ruiz."
    (proposal,) = extract_quotes(text)

    assert proposal.text == "We started in March with new teams in every ward.\nWe will finish by June,"
    assert (proposal.speaker, len(proposal.segments)) == ("Ana Ruiz", 2)


def test_a_single_mark_never_closed_proposes_nothing():
    assert extract_quotes("Ana Ruiz said: 'We will keep going\n\nThe meeting ended.") == []


def test_double_marks_stay_the_outer_marks_when_they_enclose_single_ones():
    text = "\"They called it 'a mess', and it is one,\" Ana Ruiz said."

    assert [(text, format) for text, _, _, format in found(text)] == [
        ("They called it 'a mess', and it is one,", "double")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Rock 'n' roll was born in the '50s, and the band's fans' hopes rose with every tour.",
        "’Tis the season: Mullins’ remarks on the players’ union didn’t land in the ’90s.",
        "The Joneses' dog and James' cat ran 'round the block 'til dawn, the neighbours' report said.",
        "Fans of the 'burbs say they'd take 'em all, and the Smiths' shop won't close.",
        "The ‘90s misprint in O‘Neill’s column was fixed by the editors’ desk.",
        "Guns N' Roses and Dunkin' Donuts: the sponsors' list for the '24 season.",
    ],
)
def test_apostrophes_are_not_read_as_quotation_marks(text):
    assert extract_quotes(text) == []


def test_double_mark_quotations_report_their_format():
    assert found('"Crime is down," Ana Ruiz said.') == [("Crime is down,", "Ana Ruiz", "full", "double")]


@pytest.mark.parametrize(
    "text",
    ["'" * 1_000_000, "‘a" * 300_000 + "’" * 300_000, "x 'Soft on crime,' he said. 'We are fine.' \"a\" " * 5_000],
    ids=["straight single marks", "curly single marks", "one long paragraph of single and double marks"],
)
def test_hostile_paragraphs_of_single_marks_are_read_in_reasonable_time(text):
    started = time.perf_counter()
    extract_quotes(text)

    assert time.perf_counter() - started < 20
