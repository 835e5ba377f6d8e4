"""Stories and outlets: the database refuses rows an editor could never enter through the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from stories.models import Outlet, Story
from tests.factories import make_outlet, make_quote, make_story

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "ftp://news.example/story",
        "javascript:alert(1)",
        "news.example/story",
        "https://News.Example/story",
        "https://news.example/story#comments",
    ],
)
def test_the_database_refuses_a_story_url_that_is_not_canonical_http(url):
    outlet = make_outlet()

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(outlet=outlet, url=url, headline="Crime falls")


def test_the_database_refuses_an_uppercase_host_written_by_an_update():
    story = make_story(url="https://news.example/crime")

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(url="https://NEWS.example/crime")


@pytest.mark.parametrize(
    "url",
    ["https://news.example/crime?utm_source=twitter", "https://news.example/crime?id=7&UTM_medium=social"],
)
def test_the_database_refuses_utm_tracking_parameters_in_a_story_url(url):
    outlet = make_outlet()

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.bulk_create([Story(outlet=outlet, url=url, headline="Crime falls")])


def test_the_database_refuses_a_second_story_with_the_same_url():
    make_story(url="https://news.example/crime")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_story(url="https://news.example/crime")
    assert Story.objects.filter(url="https://news.example/crime").count() == 1


def test_the_database_refuses_a_publication_time_without_a_date():
    story = make_story(published_on=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(published_time=datetime.time(9, 30))


def test_the_database_refuses_article_text_without_its_retrieval_date():
    story = make_story()

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(text="The mayor said crime is down.", text_retrieved_on=None)


def test_the_database_refuses_a_stand_in_headline_without_its_source():
    outlet = make_outlet()

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.create(outlet=outlet, url="https://news.example/a", headline="", headline_stand_in="Crime falls")


def test_the_database_refuses_two_outlets_with_the_same_name():
    make_outlet(name="Gothamist")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_outlet(name="Gothamist")


@pytest.mark.parametrize("homepage", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "data:,x"])
def test_the_database_refuses_an_outlet_homepage_that_is_not_http(homepage):
    outlet = make_outlet(homepage="https://gothamist.com/")

    outlet.homepage = homepage
    with pytest.raises(IntegrityError, match="outlet_homepage_is_http"), transaction.atomic():
        outlet.save()
    with pytest.raises(IntegrityError, match="outlet_homepage_is_http"), transaction.atomic():
        Outlet.objects.filter(pk=outlet.pk).update(homepage=homepage)
    assert Outlet.objects.get(pk=outlet.pk).homepage == "https://gothamist.com/"


@pytest.mark.parametrize("homepage", ["", "https://gothamist.com/", "http://gothamist.com", "HTTPS://Gothamist.com/"])
def test_the_database_accepts_an_empty_or_web_outlet_homepage(homepage):
    outlet = make_outlet()

    Outlet.objects.filter(pk=outlet.pk).update(homepage=homepage)

    assert Outlet.objects.get(pk=outlet.pk).homepage == homepage


def test_full_clean_stores_the_canonical_url():
    story = Story(outlet=make_outlet(), url="HTTPS://News.Example:443/crime?utm_source=tw&id=7#top", headline="H")

    story.full_clean()

    assert story.url == "https://news.example/crime?id=7"


def test_full_clean_reports_a_duplicate_that_differs_only_by_tracking_parameters():
    make_story(url="https://news.example/crime?id=7")
    story = Story(outlet=make_outlet(), url="https://News.example/crime?id=7&utm_source=tw&fbclid=x", headline="H")

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert "url" in error.value.message_dict


def test_full_clean_explains_a_time_without_a_date():
    story = Story(outlet=make_outlet(), url="https://news.example/a", published_time=datetime.time(9, 30))

    with pytest.raises(ValidationError) as error:
        story.full_clean()

    assert error.value.message_dict["published_time"] == ["Give the publication date too."]


def test_deleting_a_story_that_has_quotes_is_refused():
    quote = make_quote()

    with pytest.raises(ProtectedError):
        quote.story.delete()
    assert Story.objects.filter(pk=quote.story.pk).exists()


def test_deleting_an_outlet_that_has_stories_is_refused():
    story = make_story()

    with pytest.raises(ProtectedError):
        story.outlet.delete()
    assert Outlet.objects.filter(pk=story.outlet.pk).exists()


def test_deleting_an_outlet_credited_for_a_quote_is_refused():
    politico = make_outlet(name="Politico")
    make_quote(reported_via=politico)

    with pytest.raises(ProtectedError):
        politico.delete()
    assert Outlet.objects.filter(name="Politico").exists()


def test_a_story_reads_as_its_headline_and_outlet():
    story = make_story(headline="Crime falls again", outlet=make_outlet(name="Gothamist"))

    assert str(story) == "Crime falls again (Gothamist)"


def test_a_story_without_a_headline_reads_as_its_stand_in_then_its_url():
    gothamist = make_outlet(name="Gothamist")
    stand_in = make_story(
        outlet=gothamist, headline="", headline_stand_in="De Blasio on crime", headline_stand_in_source="URL slug"
    )
    bare = make_story(outlet=gothamist, headline="", url="https://gothamist.example/news/crime")

    assert str(stand_in) == "De Blasio on crime (Gothamist)"
    assert str(bare) == "https://gothamist.example/news/crime (Gothamist)"


def test_an_outlet_reads_as_its_name():
    assert str(make_outlet(name="Gothamist")) == "Gothamist"
