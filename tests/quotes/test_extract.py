"""The quotation extractor on short made-up paragraphs: each way a story prints and attributes a quotation."""

import time

import pytest

from quotes.extract import KnownSpeaker, extract_quotes

DE_BLASIO = KnownSpeaker(
    "Bill de Blasio", "bill-de-blasio", title="Mayor of New York City", aliases=("the mayor", "de Blasio")
)
ONEILL = KnownSpeaker("James O'Neill", "james-oneill", title="NYPD Police Commissioner")
DOJ = KnownSpeaker(
    "U.S. Department of Justice",
    "us-department-of-justice",
    aliases=("Justice Department", "Department of Justice", "DOJ"),
    is_organisation=True,
)
KNOWN = [DE_BLASIO, ONEILL, DOJ]


def only(text, known=KNOWN):
    (proposal,) = extract_quotes(text, known)
    return proposal


def speakers(text, known=KNOWN):
    return [(p.text, p.speaker_slug or p.speaker) for p in extract_quotes(text, known)]


# Where the speaker is named.


def test_it_attributes_a_quotation_to_the_speaker_named_after_it():
    proposal = only('"Crime is down again," de Blasio said on Friday.')

    assert (proposal.text, proposal.speaker_slug, proposal.extent) == ("Crime is down again,", "bill-de-blasio", "full")
    assert proposal.confidence >= 0.9


def test_it_reads_the_verb_before_the_speaker():
    proposal = only("“We will not back down,” said Police Commissioner James O'Neill.")

    assert (proposal.speaker_slug, proposal.speaker_title) == ("james-oneill", "Police Commissioner")


def test_it_reads_the_speaker_before_the_quotation():
    assert only('Mayor Bill de Blasio told reporters: "The numbers speak for themselves."').speaker_slug == (
        "bill-de-blasio"
    )


def test_it_reads_according_to():
    assert speakers('"Arrests rose by a third," according to Sheriff Ana Ruiz.') == [
        ("Arrests rose by a third,", "Ana Ruiz")
    ]
    assert speakers('According to Sheriff Ana Ruiz, "arrests rose by a third."') == [
        ("arrests rose by a third.", "Ana Ruiz")
    ]


def test_according_to_an_organisations_statement_attributes_the_quotation_to_the_organisation():
    text = 'Ridership "will not recover before 2030," according to a Transit Authority report released Monday.'

    assert speakers(text, known=[]) == [("will not recover before 2030,", "Transit Authority")]
    assert speakers('Albany "must pay its share," according to the Port Authority\'s letter.', known=[]) == [
        ("must pay its share,", "Port Authority")
    ]


@pytest.mark.parametrize("verb", ["told reporters", "wrote", "tweeted", "asked", "explained", "noted", "argued"])
def test_it_knows_verbs_beyond_said(verb):
    assert only(f'"It is a matter of record," Senator Lisa Cho {verb}.').speaker == "Lisa Cho"


@pytest.mark.parametrize("verb", ["cracked", "fumed", "scoffed", "snapped", "railed", "blasted", "quipped"])
def test_tabloid_speech_verbs_after_the_quotation_name_the_speaker(verb):
    assert only(f'"Bring a bigger umbrella next time," Senator Lisa Cho {verb}.').speaker == "Lisa Cho"


@pytest.mark.parametrize("verb", ["branded", "labeled", "dubbed", "termed", "called", "dared"])
def test_a_verb_characterising_something_before_the_quotation_names_its_subject(verb):
    assert only(f'Senator Lisa Cho {verb} the budget "a fiscal fantasy."').speaker == "Lisa Cho"


def test_a_new_speaker_is_proposed_when_no_known_speaker_matches():
    proposal = only('"We are ready," said Fire Commissioner Daniel Nigro.')

    assert (proposal.speaker, proposal.speaker_slug, proposal.speaker_title) == (
        "Daniel Nigro",
        None,
        "Fire Commissioner",
    )


def test_it_matches_a_known_speaker_by_surname_even_with_a_particle_or_apostrophe():
    text = 'De Blasio spoke first. "It is an insult," de Blasio said. "It is ludicrous," O\'Neill added.'

    assert speakers(text) == [("It is an insult,", "bill-de-blasio"), ("It is ludicrous,", "james-oneill")]


def test_an_honorific_and_a_curly_apostrophe_still_match_the_known_speaker():
    assert only("“It’s insulting,” Mr. O’Neill said at Police Headquarters.").speaker_slug == "james-oneill"


def test_a_middle_initial_stays_part_of_a_new_speakers_name():
    text = "The statement was issued by a spokesman, Devin M. O'Malley. \"We stand by it,\" O'Malley said."

    assert only(text, known=[]).speaker == "Devin M. O'Malley"


# Roles and pronouns.


def test_a_role_refers_to_the_person_the_story_gave_that_title():
    text = 'Police Commissioner Keechant Sewell spoke after the mayor. "We are hiring," the commissioner said.'

    assert only(text, known=[]).speaker == "Keechant Sewell"


def test_a_role_matches_a_known_speakers_alternative_name_or_title():
    assert only('"We will see," the mayor said.').speaker_slug == "bill-de-blasio"
    assert only('"We will see," the police commissioner said.').speaker_slug == "james-oneill"


def test_hizzoner_is_the_mayor():
    text = 'Mayor Eric Adams toured the Bronx. Hizzoner then vowed to "fix every pothole by June."'

    assert only(text, known=[]).speaker == "Eric Adams"
    assert only('Hizzoner dared the council to "vote it down."').speaker_slug == "bill-de-blasio"


def test_the_department_refers_to_the_organisation_last_named_with_that_noun():
    text = (
        "The Parks Department closed three pools on Monday.\n\n"
        'In a statement, the department said: "Repairs will take the whole summer."'
    )

    assert speakers(text, known=[]) == [("Repairs will take the whole summer.", "Parks Department")]


def test_the_department_is_no_speaker_when_no_department_was_named():
    assert speakers('In a statement, the department said: "Repairs will take the whole summer."', known=[]) == [
        ("Repairs will take the whole summer.", None)
    ]


def test_a_role_at_an_organisation_matches_the_known_speaker_there_by_its_initials():
    mullins = KnownSpeaker("Ed Mullins", "ed-mullins", "President", "Sergeants Benevolent Association")

    assert only('"Sessions is right," the SBA president said.', known=[*KNOWN, mullins]).speaker_slug == "ed-mullins"


def test_a_spokesperson_speaks_for_their_organisation():
    assert only('"We stand by the letter," a DOJ spokesperson said.').speaker_slug == "us-department-of-justice"
    assert only('"No comment," said a spokesperson for the Justice Department.').speaker_slug == (
        "us-department-of-justice"
    )


def test_an_unknown_organisations_spokesperson_proposes_the_organisation():
    assert only('"We are reviewing it," a Treasury spokesperson said.', known=[]).speaker == "Treasury"


def test_she_added_refers_back_to_the_last_named_speaker():
    text = (
        'Governor Kathy Hochul said the plan was sound. "It will work," Hochul said.\n'
        'Reporters asked about the cost. "It is paid for," she added.'
    )

    assert speakers(text, known=[]) == [("It will work,", "Kathy Hochul"), ("It is paid for,", "Kathy Hochul")]


def test_a_pronoun_skips_people_who_were_only_spoken_to():
    text = 'Mayor Eric Adams met Senator Chuck Schumer on Monday. "We agree on the money," he said.'

    assert only(text, known=[]).speaker == "Eric Adams"


def test_a_second_verb_after_and_shares_the_sentences_subject_not_the_names_listed_before_it():
    text = (
        "Mayor Ana Ruiz visited the scene on Sunday.\n\n"
        "She read out the names of the victims, among them Maria Lopez and John Park, and said the attack was "
        '"an act of cowardice."'
    )

    assert speakers(text, known=[]) == [("an act of cowardice.", "Ana Ruiz")]


def test_he_called_someones_words_a_name_attributes_to_the_pronouns_speaker():
    text = (
        "Fire Commissioner Laura Kavanagh spoke after the blaze.\n\n"
        'She called the landlord\'s words "shameful" and left.'
    )

    assert speakers(text, known=[]) == [("shameful", "Laura Kavanagh")]
    # "the words" with no owner still quotes words as words
    assert speakers('Laura Kavanagh wrote the words "never again" on the wall.', known=[]) == [("never again", None)]


def test_a_quotation_standing_as_its_own_sentence_continues_its_paragraphs_speaker():
    text = 'Commissioner O\'Neill defended the department. "We did our job. We will keep doing it."'

    assert only(text).speaker_slug == "james-oneill"


def test_words_inside_a_named_claim_belong_to_its_author():
    text = 'The mayor called the Justice Department\'s claim that the city is "soft on crime" an insult.'

    assert only(text).speaker_slug == "us-department-of-justice"


def test_a_participle_clause_after_a_claim_is_not_its_attribution():
    text = (
        'Governor Kathy Hochul dismissed a Treasury claim that Albany is "broke beyond repair," '
        "challenging Senator Lisa Cho to show her figures."
    )

    assert speakers(text, known=[]) == [("broke beyond repair,", "Treasury")]


def test_a_speaker_named_after_said_is_the_subject_of_a_following_who_clause():
    text = '"We will not be bullied," said Speaker Ana Ruiz, who called the senator "a joke" on Twitter.'

    assert speakers(text, known=[]) == [("We will not be bullied,", "Ana Ruiz"), ("a joke", "Ana Ruiz")]


def test_names_in_a_relative_clause_between_subject_and_verb_are_not_the_speaker():
    text = (
        "Ana Ruiz, the former schools chancellor, whom Governor Kathy Hochul replaced in May, "
        'wrote on Facebook that the budget "shortchanges every child."'
    )

    assert speakers(text, known=[]) == [("shortchanges every child.", "Ana Ruiz")]
    text = 'After meeting Senator Lisa Cho, Ana Ruiz, who chairs the board, said the plan was "a good start."'
    assert speakers(text, known=[]) == [("a good start.", "Ana Ruiz")]


def test_a_short_sentence_after_an_attributed_one_continues_its_speaker():
    text = '"This is what happens when you play politics," Rich Azzopardi said. "New Yorkers deserve better."'

    assert [speaker for _, speaker in speakers(text, known=[])] == ["Rich Azzopardi", "Rich Azzopardi"]


def test_a_quoted_paragraph_after_an_introduction_ending_in_a_colon_is_its_authors():
    text = (
        'Governor Kathy Hochul released a statement Friday night:\n\n"Our officers have driven crime to record lows."'
    )

    assert only(text, known=[]).speaker == "Kathy Hochul"


def test_the_statement_said_refers_to_whoever_issued_it():
    text = (
        "The Justice Department sent letters to nine cities on Friday.\n\n"
        '"The city\'s policies are the problem," the statement said.'
    )

    assert only(text).speaker_slug == "us-department-of-justice"


# How the quotation is printed.


def test_offsets_index_the_quoted_words_without_their_marks():
    text = 'First line.\n"Crime is down," de Blasio said.'
    proposal = only(text)

    assert text[proposal.start : proposal.end] == proposal.text == "Crime is down,"


def test_a_quotation_can_span_paragraphs_when_reopened():
    text = (
        "O'Neill said: \"We started in March with new teams in every precinct.\n\n"
        '"We will finish by June, and the numbers will show it."\n\n'
        "The department did not give figures."
    )
    proposal = only(text)

    assert proposal.text == (
        "We started in March with new teams in every precinct.\nWe will finish by June, and the numbers will show it."
    )
    assert proposal.speaker_slug == "james-oneill"
    assert len(proposal.segments) == 2
    assert [text[a:b] for a, b in proposal.segments] == proposal.text.split("\n")


def test_a_quote_nested_inside_a_quotation_stays_part_of_it():
    text = "“They called our city ‘soft on crime,’ and that is false,” de Blasio said."

    assert speakers(text) == [("They called our city ‘soft on crime,’ and that is false,", "bill-de-blasio")]


def test_a_nested_straight_single_quote_stays_part_of_it_too():
    text = "\"They called our city 'soft on crime,' and that is false,\" de Blasio said."

    assert only(text).text == "They called our city 'soft on crime,' and that is false,"


def test_a_written_statement_printed_as_a_block_is_one_quotation():
    text = (
        "Governor Kathy Hochul said in a statement:\n\n"
        "We will not let Washington dictate how New York keeps its people safe, and our police know it.\n\n"
        "The White House did not respond."
    )
    proposal = only(text, known=[])

    assert proposal.text.startswith("We will not let Washington")
    assert (proposal.speaker, proposal.extent) == ("Kathy Hochul", "full")


def test_a_block_statement_after_released_a_statement_reads_in_the_first_person():
    text = (
        "Union president Pat Lynch released a statement on Friday.\n\n"
        "Our members deserve better than this, and we will say so every day.\n\n"
        "Lynch has led the union since 1999."
    )

    assert speakers(text, known=[]) == [
        ("Our members deserve better than this, and we will say so every day.", "Pat Lynch")
    ]


# Full quotations, fragments and scare quotes.


def test_a_few_quoted_words_inside_the_reporters_sentence_are_a_fragment():
    proposal = only('De Blasio called the report "an insult" on Friday.')

    assert (proposal.text, proposal.extent, proposal.speaker_slug) == ("an insult", "fragment", "bill-de-blasio")


def test_a_quotation_introduced_by_said_and_a_comma_is_full():
    assert only('The Justice Department said, "The city must comply."').extent == "full"


def test_said_that_introduces_a_fragment():
    assert only('O\'Neill said that "my blood began to boil" when he read it.').extent == "fragment"


@pytest.mark.parametrize(
    "text",
    [
        'The so-called "sanctuary city" rules were debated in Albany.',
        'Critics dislike the "soft on crime" label the department used.',
        'He is reading the book "The Art of the Deal" again.',
        'Some officers wore "thin blue line" pins.',
        'The plan was called "ambitious" by nobody in particular.',
    ],
)
def test_scare_quotes_and_titles_are_proposed_without_a_speaker(text):
    proposal = only(text)

    assert proposal.speaker is None and proposal.speaker_slug is None
    assert proposal.extent == "fragment"


def test_a_scare_quote_in_a_sentence_with_a_speaker_is_still_not_attributed():
    text = 'The mayor said the "soft on crime" language was wrong.'

    assert speakers(text) == [("soft on crime", None)]


def test_a_short_phrase_the_text_attributes_is_not_a_scare_quote():
    assert speakers('"Outrageous," the mayor said.') == [("Outrageous,", "bill-de-blasio")]


def test_names_inside_a_quotation_are_not_taken_for_its_speaker():
    text = '"President Trump said it, and Sessions repeated it," de Blasio said.'

    assert only(text).speaker_slug == "bill-de-blasio"


# Hostile input.


@pytest.mark.parametrize("text", ["", "   \n\n  ", "No quotations in this story at all."])
def test_a_text_without_quotations_gives_no_proposals(text):
    assert extract_quotes(text, KNOWN) == []


def test_an_unclosed_quotation_ends_with_its_paragraph_with_lower_confidence():
    text = 'De Blasio said, "We will keep going\n\nThe mayor left.'
    proposal = only(text)

    assert proposal.text == "We will keep going"
    assert proposal.confidence < 0.8
    assert "closing quote mark is missing" in proposal.reason


@pytest.mark.parametrize("text", ['"', '""', "” stray closing mark", "“ “ “", '"a" "b', "‘’’‘", '\x00\x00"\x00"'])
def test_unbalanced_marks_and_nul_bytes_do_not_break_it(text):
    for proposal in extract_quotes(text, KNOWN):
        assert 0 <= proposal.start <= proposal.end <= len(text)
        assert 0 <= proposal.confidence <= 1


def test_a_megabyte_of_text_is_read_in_reasonable_time():
    paragraph = (
        'Mayor Bill de Blasio spoke on Friday. "Crime is down, and we will keep it down," de Blasio said. '
        'The so-called "broken windows" policy was discussed, according to O\'Neill.\n\n'
    )
    text = paragraph * (1_000_000 // len(paragraph))

    started = time.perf_counter()
    proposals = extract_quotes(text, KNOWN)
    elapsed = time.perf_counter() - started

    assert len(proposals) == 2 * (1_000_000 // len(paragraph))
    assert elapsed < 20, f"took {elapsed:.1f} s"


@pytest.mark.parametrize(
    "text",
    [
        '"' * 1_000_000,
        "“" * 500_000 + "”" * 500_000,
        "Mr. Smith Jones Brown said " * 40_000,
        'x "Soft on crime," he said. "We are fine." ' * 5_000,
    ],
    ids=["straight marks", "curly marks", "one long name", "one long paragraph of quotations"],
)
def test_hostile_long_paragraphs_are_read_in_reasonable_time(text):
    started = time.perf_counter()
    extract_quotes(text, KNOWN)

    assert time.perf_counter() - started < 20


# Party labels, weekdays and places printed beside names are not names.


@pytest.mark.parametrize(
    "text",
    [
        '"It is a disgrace," Sen. Maria Lopez, D-Calif., told reporters.',  # wire: the label between commas
        'Rep. Maria Lopez (R) called the plan "a bailout for the few."',  # broadsheet: the party alone
        'Sen. Maria Lopez (D-N.Y.) said the bill "would gut the program."',
        '"We will not be lectured by ministers on this," Maria Lopez (Lab) told the Commons.',  # British
    ],
)
def test_a_party_label_after_a_name_is_neither_the_speaker_nor_a_break_before_the_verb(text):
    assert only(text, known=[]).speaker == "Maria Lopez"


def test_a_party_label_ending_the_sentence_keeps_its_full_stop():
    text = '"The bill is dead on arrival," said Rep. Tom Hall, R-N.Y. "It will never pass," Hall added.'

    assert speakers(text, known=[]) == [
        ("The bill is dead on arrival,", "Tom Hall"),
        ("It will never pass,", "Tom Hall"),
    ]


def test_a_weekday_before_a_name_is_not_part_of_it():
    assert only('On Friday Lopez told reporters: "We are still talking to them."', known=[]).speaker == "Lopez"


@pytest.mark.parametrize(
    "text",
    [
        'Across New York City, tenants said rents "have doubled in a decade."',
        'Tenants in Jackson Heights said rents "have doubled in a decade."',
    ],
)
def test_a_place_is_not_a_speaker(text):
    assert only(text, known=[]).speaker is None


# Statements, letters and releases speak for whoever issued them.


@pytest.mark.parametrize(
    "text",
    [
        'The Transit Workers Union wrote to the board on Monday. "We will not accept these cuts," read the letter.',
        'The Transit Workers Union wrote to the board. The statement read: "We will not accept these cuts."',
        '"We will not accept these cuts," the letter from the Transit Workers Union said.',
        'Acme Corp. answered within the hour. "We will not accept these cuts," a spokesperson said in a statement.',
        'The Transit Workers Union met on Sunday. "We will not accept these cuts," a union spokesman said.',
    ],
)
def test_a_document_or_an_unnamed_spokesperson_speaks_for_the_organisation_named_nearby(text):
    (speaker,) = {speaker for _, speaker in speakers(text, known=[])}
    assert speaker in {"Transit Workers Union", "Acme Corp."}


def test_a_document_with_no_organisation_named_is_its_signatorys():
    assert speakers('"We will strike," said the letter, signed by shop steward Ana Ruiz.', known=[]) == [
        ("We will strike,", "Ana Ruiz")
    ]
    assert speakers('A letter signed by Ana Ruiz said the nurses "will strike if they must."', known=[]) == [
        ("will strike if they must.", "Ana Ruiz")
    ]


# A pronoun refers back to the nearest sentence that names someone.


@pytest.mark.parametrize(
    "text",
    [
        # broadsheet: the speaker named two sentences back, before an aside
        'Maria Lopez has run the food bank for a decade. Donations fell by half this year. "We are turning '
        'families away," she said.',
        # wire: the speaker named as the object of a passive
        'The food bank is run by Maria Lopez. Donations fell by half. "We are turning families away," she said.',
        # tabloid: an age and a job between the name and its verb
        'Maria Lopez, 54, a nurse from Queens, was at the rally. "I came anyway," she said.',
        # someone else named earlier as a subject does not win over the nearer sentence
        'Mayor Tom Hall spoke first. Then came Maria Lopez, who runs the shelter. "We want answers," she said.',
    ],
)
def test_a_pronoun_refers_to_the_nearest_sentence_naming_someone(text):
    assert only(text, known=[]).speaker == "Maria Lopez"


def test_in_the_nearest_sentence_the_pronoun_is_its_subjects_not_the_person_it_mentions():
    text = 'Maria Lopez praised Mayor Tom Hall on Monday. "He has been a partner to us," she said.'

    assert only(text, known=[]).speaker == "Maria Lopez"
