"""Back-references with no speaker known: a role or a surname stands for the person the story named in full."""

import pytest

from quotes.extract import extract_quotes


def speaker_of(text):
    (proposal,) = extract_quotes(text, [])
    return proposal.speaker


# A role mention refers to the latest person the story named with that title, abbreviated or not.


@pytest.mark.parametrize(
    "text",
    [
        'Gov. Dana Whitfield toured the levee on Monday. "Stay off the roads," the governor said.',
        'Ohio Gov. Dana Whitfield toured the levee. "Stay off the roads," said the governor.',
        'Ohio Governor Dana Whitfield toured the levee. "Stay off the roads," the governor said.',
        'Sen. Omar Petty spoke first. Gov. Dana Whitfield followed. "Stay off the roads," the governor said.',
        'Gov. Dana Whitfield spoke at noon. "Stay off the roads," added the Ohio governor.',
    ],
)
def test_a_role_refers_to_the_latest_person_named_with_that_title(text):
    assert speaker_of(text) == "Dana Whitfield"


def test_an_abbreviated_senators_title_is_the_senator_too():
    assert speaker_of('Sen. Omar Petty voted no. The senator said the bill "guts the program."') == "Omar Petty"


# A surname, alone or after a title, refers to the latest full name ending with it, even one printed after a
# headline that used the surname alone.


@pytest.mark.parametrize(
    "text",
    [
        'Gov. Dana Whitfield toured the levee. "Stay off the roads," Whitfield said.',
        'Dana Whitfield toured the levee on Monday.\n\n"Stay off the roads," said Gov. Whitfield.',
        'Ms. Dana Whitfield toured the levee. Ms. Whitfield said, "Stay off the roads."',
        'Whitfield: Stay home\n\nGov. Dana Whitfield toured the levee. "Stay off the roads," Whitfield said.',
    ],
)
def test_a_surname_refers_to_the_latest_full_name_ending_with_it(text):
    (proposal,) = [p for p in extract_quotes(text, []) if p.text.startswith("Stay off")]
    assert proposal.speaker == "Dana Whitfield"


@pytest.mark.parametrize(
    "text",
    [
        "Ohio Gov. Whitfield: 'Stay off the roads'\n\nGov. Dana Whitfield toured the levee on Monday.",
        '"Stay off the roads," Gov. Whitfield says\n\nOhio Gov. Dana Whitfield toured the levee on Monday.',
    ],
)
def test_a_headline_surname_is_the_full_name_the_story_prints_after_it(text):
    assert speaker_of(text) == "Dana Whitfield"


def test_a_surname_goes_to_the_latest_of_two_people_sharing_it():
    text = 'Ana Ruiz chairs the board; her son Leo Ruiz runs the shop. "We open at nine," Ruiz said.'

    assert speaker_of(text) == "Leo Ruiz"


# Titles, places and crowds are no speakers: a title with no name (with or without a place before it), a
# demonym, a state's abbreviation.


@pytest.mark.parametrize(
    "text",
    [
        '"Stay off the roads," added the Ohio Governor.',
        '"Stay off the roads," the governor said.',
        'The commissioner said the plan "makes no sense."',
        'Ohioans told pollsters the roads "were never this empty."',
        'Models show the storm hugging the S.C. coast. "Stay off the roads," a spokeswoman said.',
        'Rain fell across Calif. and Ore. overnight. "Stay off the roads," a spokesman said.',
    ],
)
def test_a_title_a_place_or_a_crowd_alone_is_no_speaker(text):
    assert speaker_of(text) is None


@pytest.mark.parametrize(
    "text",
    [
        'Gov. Dana Whitfield warned Ohioans on Monday.\n\nShe said "Stay off the roads, not tonight."',
        'Dana Whitfield called on Ohioans to leave. "Stay off the roads," the Ohio Governor said.',
        'The storm is already battering the Outer Banks, said Dana Whitfield, and "Stay off the roads."',
        'Forecasts show it hugging the N.C. coast, said Dana Whitfield, and "Stay off the roads."',
    ],
)
def test_the_person_is_the_speaker_beside_a_title_a_place_or_a_crowd(text):
    assert speaker_of(text) == "Dana Whitfield"


@pytest.mark.parametrize(
    "text",
    [
        # a garbled headline ending in "the" does not make the story's first name an organisation
        'Storm warnings from the\n\nDana Whitfield urged residents to leave.\n\nShe said "Stay off the roads."',
        # a capitalised word after the verb that no comma closes is its object, not an inverted subject
        'Dana Whitfield, meanwhile, said Category 4 Irma is "Stay off the roads" serious.',
    ],
)
def test_the_subject_before_the_verb_stays_the_speaker(text):
    assert speaker_of(text) == "Dana Whitfield"


# A headline quotation nothing in its own line attributes is the speaker's whose words the story quotes again
# (case aside), else the story's first speaker if the headline names them.


def headline_speaker(text):
    return extract_quotes(text, [])[0].speaker


@pytest.mark.parametrize(
    "text",
    [
        '"Stay Off the Roads" as the storm nears\n\nGov. Dana Whitfield spoke. "Stay off the roads until Friday," '
        "she said.",
        "‘Get Out Now’ as Storm Nears\n\nGov. Dana Whitfield spoke on Monday.\n\n“If you live on the coast, get out "
        "now,” Whitfield said.",
        '"We Cannot Reach You" Once the Storm Hits\n\nPolice Chief Ana Ruiz spoke first. "Don\'t call us," Ruiz '
        'said.\n\nGov. Dana Whitfield said: "Once the winds pick up, we cannot reach you."',
    ],
)
def test_a_headline_quotation_is_the_speakers_who_says_it_again_in_the_story(text):
    assert headline_speaker(text) == "Dana Whitfield"


def test_a_headline_quotation_is_the_first_speakers_when_the_headline_names_them():
    text = (
        "‘Last Chance to Leave’ Whitfield Before the Storm\n\nGov. Dana Whitfield urged residents to go. "
        '"The roads close at noon," she said. "Pack tonight," Police Chief Ana Ruiz said.'
    )

    assert headline_speaker(text) == "Dana Whitfield"


@pytest.mark.parametrize(
    "text",
    [
        # the story never says the words again and the headline names nobody
        '"Last Chance to Leave"\n\nGov. Dana Whitfield spoke Monday. "The roads close at noon," she said.',
        # words quoted as words in the headline stay so
        'The So-Called "Storm of the Century"\n\nGov. Dana Whitfield said it is "the storm of the century."',
    ],
)
def test_a_headline_quotation_the_story_does_not_attribute_stays_without_a_speaker(text):
    assert headline_speaker(text) is None


# A programme's title after "on", "of the", "told" or "appeared on" is a title, not speech.


@pytest.mark.parametrize(
    "text, title",
    [
        ('Gov. Dana Whitfield told viewers of the "Morning Report" on Channel 4 that roads would close.', "Morning"),
        ('In an interview on WXYZ\'s "Evening Edition," Whitfield said the roads would close.', "Evening"),
        ('Gov. Dana Whitfield appeared on "Meet the Voters" on Sunday.', "Meet"),
        ('Gov. Dana Whitfield told "Sunday Politics" that the roads would close.', "Sunday"),
    ],
)
def test_a_programmes_title_is_not_speech(text, title):
    (proposal,) = [p for p in extract_quotes(text, []) if p.text.startswith(title)]
    assert proposal.speaker is None


def test_title_case_words_a_speaker_says_are_still_theirs():
    assert speaker_of('Asked about the plan on Monday, Gov. Dana Whitfield said, "Not Yet."') == "Dana Whitfield"
