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
