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


# Blocks: quoted matter set off on its own lines after an introduction, without marks.


def blocks(text, known=()):
    return [(p.text, p.speaker, len(p.segments)) for p in extract_quotes(text, known) if p.format == "block"]


def test_a_reproduced_press_release_is_one_block_until_the_storys_voice_resumes():
    text = (
        "Acme Corp. said in a statement:\n\n"
        "We are proud of the people who work in our stores.\n\n"
        "We will keep every store open through the holidays, and our staff will be paid in full.\n\n"
        "Shares in the company fell 3 percent on Monday."
    )
    (proposal,) = extract_quotes(text)

    assert proposal.text == (
        "We are proud of the people who work in our stores.\n"
        "We will keep every store open through the holidays, and our staff will be paid in full."
    )
    assert (proposal.speaker, proposal.extent, proposal.format) == ("Acme Corp.", "full", "block")
    assert [text[a:b] for a, b in proposal.segments] == proposal.text.split("\n")


def test_the_storys_own_attribution_ends_a_block_even_in_the_first_person():
    text = (
        "Acme Corp. said in a statement:\n\n"
        "We are proud of our staff.\n\n"
        "We asked Acme whether staff would be paid, and a spokesman said they would."
    )

    assert blocks(text) == [("We are proud of our staff.", "Acme Corp.", 1)]


def test_a_quotation_in_marks_ends_a_block():
    text = (
        "Acme Corp. said in a statement:\n\n"
        "We are proud of our staff.\n\n"
        '"We will pay every worker," a spokesman for Acme Corp. said.'
    )

    assert blocks(text) == [("We are proud of our staff.", "Acme Corp.", 1)]
    assert len(extract_quotes(text)) == 2


def test_the_statement_reads_introduces_a_block_from_whoever_issued_the_statement():
    text = (
        "The Transit Workers Union issued a statement on Monday night. The statement reads:\n\n"
        "Our members kept this city moving through the storm. They deserve a contract, not a lecture.\n\n"
        "The union has been without a contract since March."
    )

    assert blocks(text) == [
        (
            "Our members kept this city moving through the storm. They deserve a contract, not a lecture.",
            "Transit Workers Union",
            1,
        )
    ]


def test_an_embedded_social_post_is_a_block_of_its_author():
    text = "Mayor Ana Ruiz wrote on X on Sunday:\n\nProud of our firefighters tonight. We're not done yet.\n\n"
    text += "The post drew 2,000 replies."

    assert blocks(text) == [("Proud of our firefighters tonight. We're not done yet.", "Ana Ruiz", 1)]


def test_a_post_of_several_paragraphs_is_one_block():
    text = (
        "Councillor Ana Ruiz, who rarely comments on her rivals, posted:\n\n"
        "I have known Tom for twenty years.\n\n"
        "He is wrong about this, and I will say so at the council on Monday.\n\n"
        "Tom Hale did not respond to a request for comment."
    )

    assert blocks(text) == [
        (
            "I have known Tom for twenty years.\nHe is wrong about this, and I will say so at the council on Monday.",
            "Ana Ruiz",
            2,
        )
    ]


def test_a_letter_in_british_style_keeps_its_quotes_in_single_marks_inside_the_block():
    text = (
        "In a letter to the council, Ana Ruiz wrote:\n\n"
        "My family has lived on this street for forty years. The plan calls it ‘surplus land’, and it is not.\n\n"
        "The council will vote on Thursday."
    )
    (proposal,) = extract_quotes(text)

    assert (proposal.speaker, proposal.format) == ("Ana Ruiz", "block")
    assert proposal.text.endswith("‘surplus land’, and it is not.")


@pytest.mark.parametrize(
    "text",
    [
        "The new rules are as follows:\n\nBuses will run every ten minutes.\n\nFares rise in May.",
        "Among those at the meeting:\n\nThe mayor, two councillors and our own reporter.",
        "Here is what we know:\n\nWe know the fire started at 2 a.m. in the kitchen.",
    ],
)
def test_a_colon_that_introduces_no_statement_or_post_proposes_no_block(text):
    assert extract_quotes(text) == []
