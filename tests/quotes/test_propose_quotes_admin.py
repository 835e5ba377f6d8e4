"""Proposing quotes from a story's text in the admin, and accepting them as draft quotes in one step."""

import pytest
from django.urls import reverse

from publishing.models import Status
from quotes.admin import text_version
from quotes.models import Quote
from speakers.models import Alias, Speaker
from tests.factories import make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db

TEXT = (
    "Mayor Jane Roe spoke on Friday.\n\n"
    "“Crime is down in every borough,” Roe said. The so-called “broken windows” policy was not discussed.\n\n"
    "“We are hiring,” said Fire Commissioner Daniel Nigro. “We will need every one of them,” the mayor added."
)


def ticked(story, numbers):
    """The form an editor posts: the ticked proposals' numbers, and the version of the text they were read from."""
    return {"proposal": numbers, "text_version": text_version(story)}


def propose_url(story):
    return reverse("admin:stories_story_propose_quotes", args=[story.pk])


@pytest.fixture
def roe():
    speaker = make_speaker(name="Jane Roe", slug="jane-roe", title="Mayor")
    Alias.objects.create(speaker=speaker, name="the mayor")
    return speaker


@pytest.fixture
def story():
    return make_story(text=TEXT, status=Status.DRAFT)


def test_the_story_page_links_to_the_proposals(editor_client, story):
    response = editor_client.get(reverse("admin:stories_story_change", args=[story.pk]))

    assert f'href="{propose_url(story)}"' in response.content.decode()


def test_the_proposals_list_each_quote_with_its_speaker_extent_and_confidence(editor_client, story, roe):
    page = editor_client.get(propose_url(story)).content.decode()

    assert "“Crime is down in every borough,”" in page
    assert "Jane Roe, Mayor" in page
    assert "Daniel Nigro <strong>(new speaker)</strong>" in page
    assert "No speaker: scare quote or unattributed" in page
    assert page.count('type="checkbox" name="proposal"') == 3  # the scare quote cannot be ticked
    assert "0.95" in page and "full" in page


def test_the_editor_accepts_the_ticked_proposals_as_draft_quotes_after_the_existing_ones(editor_client, story, roe):
    make_quote(story=story, speaker=roe, text="An earlier quote.", position=4, status=Status.DRAFT)

    response = editor_client.post(propose_url(story), ticked(story, ["0", "2", "3"]), follow=True)

    assert response.redirect_chain[-1][0] == reverse("admin:stories_story_change", args=[story.pk])
    assert "Added 3 draft quotes." in response.content.decode()
    quotes = list(story.quotes.order_by("position").values_list("position", "text", "speaker__name", "status"))
    assert quotes == [
        (4, "An earlier quote.", "Jane Roe", Status.DRAFT),
        (5, "Crime is down in every borough,", "Jane Roe", Status.DRAFT),
        (6, "We are hiring,", "Daniel Nigro", Status.DRAFT),
        (7, "We will need every one of them,", "Jane Roe", Status.DRAFT),
    ]
    nigro = Speaker.objects.get(name="Daniel Nigro")
    assert nigro.slug == "daniel-nigro"
    assert Quote.objects.get(speaker=nigro).speaker_title == "Fire Commissioner"


def test_a_proposal_already_in_the_story_cannot_be_added_twice(editor_client, story, roe):
    make_quote(story=story, speaker=roe, text="Crime is down in every borough,", position=1)

    page = editor_client.get(propose_url(story)).content.decode()
    response = editor_client.post(propose_url(story), ticked(story, ["0", "2"]), follow=True)

    assert "Already a quote of this story" in page
    assert story.quotes.filter(text="Crime is down in every borough,").count() == 1
    assert "Some selections were not proposals that can be added; they were ignored." in response.content.decode()
    assert story.quotes.filter(text="We are hiring,").exists()


def test_an_empty_selection_is_a_message_not_an_error(editor_client, story):
    response = editor_client.post(propose_url(story), ticked(story, []), follow=True)

    assert response.status_code == 200
    assert "Select at least one proposed quote to add." in response.content.decode()
    assert not Quote.objects.exists()


def test_proposals_listed_from_an_older_text_are_not_added(editor_client, story):
    listed = ticked(story, ["0"])
    story.text = story.text.replace("Crime is down", "Crime is flat")
    story.save()

    response = editor_client.post(propose_url(story), listed, follow=True)

    assert "The story&#x27;s text changed since these proposals were listed" in response.content.decode()
    assert not Quote.objects.exists()


@pytest.mark.parametrize("forged", [["1"], ["99"], ["-1"], ["abc"], ["0x1"], [""], ["1e3"], ["²"], ["9" * 5000]])
def test_forged_proposal_numbers_are_ignored(editor_client, story, forged):
    response = editor_client.post(propose_url(story), ticked(story, forged), follow=True)

    assert response.status_code == 200
    assert "Select at least one proposed quote to add." in response.content.decode()
    assert not Quote.objects.exists()  # 1 is the scare quote: it has no speaker


def test_a_story_without_text_says_so(editor_client):
    story = make_story(text="")

    response = editor_client.get(propose_url(story))

    assert "This story has no text to read quotes from." in response.content.decode()


def test_a_missing_story_redirects_with_a_message(editor_client):
    response = editor_client.get(reverse("admin:stories_story_propose_quotes", args=[999999]), follow=True)

    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()


def test_fact_checkers_cannot_change_stories_so_cannot_add_proposals(fact_checker_client, story):
    assert fact_checker_client.get(propose_url(story)).status_code == 403
    assert fact_checker_client.post(propose_url(story), ticked(story, ["0"])).status_code == 403
    assert not Quote.objects.exists()


def test_the_proposals_page_costs_the_same_queries_with_many_speakers(
    editor_client, story, roe, django_assert_num_queries
):
    def queries():
        with django_assert_num_queries(9) as context:
            editor_client.get(propose_url(story))
        return len(context.captured_queries)

    few = queries()
    for n in range(30):
        Alias.objects.create(speaker=make_speaker(name=f"Official Number{n}"), name=f"Number{n}")

    assert queries() == few
