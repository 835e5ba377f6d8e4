"""An outlet's page: the stories it printed that quote public figures, newest first."""

import datetime

import pytest

from publishing.models import Status
from tests.factories import make_outlet, make_story
from tests.public_site import get_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def outlet():
    return make_outlet(name="Gothamist", slug="gothamist", homepage="https://gothamist.com/")


def test_an_outlet_page_lists_its_stories_newest_first_and_undated_last(client, outlet):
    older = make_story(
        outlet=outlet, headline="Sessions calls city soft on crime", published_on=datetime.date(2017, 4, 20)
    )
    undated = make_story(outlet=outlet, headline="Undated explainer", published_on=None)
    newer = make_story(outlet=outlet, headline="De Blasio pushes back", published_on=datetime.date(2017, 4, 21))

    page = get_page(client, "/outlets/gothamist/")

    assert "Gothamist" in page.title
    assert page.ids_linked("/stories/") == [newer.pk, older.pk, undated.pk]
    assert "April 20, 2017" in page.text
    assert "https://gothamist.com/" in page.hrefs()
    assert "/quotes/?outlet=gothamist" in page.hrefs()


def test_an_outlet_page_marks_a_retracted_story(client, outlet):
    story = make_story(outlet=outlet, headline="Wrongly attributed remarks")
    story.retract("The remarks were made by someone else.")

    page = get_page(client, "/outlets/gothamist/")

    assert page.ids_linked("/stories/") == [story.pk]
    assert "Retracted" in page.text


def test_an_unknown_outlet_has_no_page(client):
    assert client.get("/outlets/no-such-outlet/").status_code == 404


def test_an_outlet_with_only_unpublished_stories_has_no_page(client, outlet):
    make_story(outlet=outlet, status=Status.DRAFT)
    make_story(outlet=outlet, status=Status.IN_REVIEW)

    assert client.get("/outlets/gothamist/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_an_outlet_page_runs_the_same_queries_for_1_or_50_stories(client, django_assert_num_queries, outlet, rows):
    for _ in range(rows):
        make_story(outlet=outlet)

    # site version, the outlet, its stories
    with django_assert_num_queries(3):
        page = get_page(client, "/outlets/gothamist/")

    assert len(page.ids_linked("/stories/")) == rows
