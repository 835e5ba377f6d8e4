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
