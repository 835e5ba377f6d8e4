"""The publication workflow shared by stories, quotes and claims, in the models and in the editors' admin.

Draft → in review → published; a published item is only ever retracted, with a notice, never unpublished
or deleted. Single edits and bulk actions go through the same model method.
"""

import pytest
from django.contrib.messages import SUCCESS, WARNING, get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from claims.models import Claim
from publishing.models import Status
from quotes.models import Quote
from stories.models import Story
from tests.factories import make_claim, make_quote, make_story

pytestmark = pytest.mark.django_db

# Each publishable model with its factory and its admin changelist, for rules they all share.
PUBLISHABLES = [
    pytest.param(Story, make_story, "admin:stories_story_changelist", id="story"),
    pytest.param(Quote, make_quote, "admin:quotes_quote_changelist", id="quote"),
    pytest.param(Claim, make_claim, "admin:claims_claim_changelist", id="claim"),
]


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


# The model's one path for status moves.


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_publishing_stamps_the_first_publication_date_once(model, make, changelist):
    item = make(status=Status.DRAFT)
    assert item.first_published_at is None

    item.send_to_review()
    assert model.objects.get(pk=item.pk).first_published_at is None

    item.publish()
    first_published_at = model.objects.get(pk=item.pk).first_published_at
    assert first_published_at is not None

    item.save()
    item.retract("The speaker was misidentified.")
    assert model.objects.get(pk=item.pk).first_published_at == first_published_at


def test_a_later_save_with_update_fields_keeps_the_first_publication_date():
    story = make_story(status=Status.DRAFT)
    story.publish()
    first_published_at = story.first_published_at

    story.headline = "Crime falls, mayor says"
    story.save(update_fields=["headline"])

    story = Story.objects.get(pk=story.pk)
    assert story.headline == "Crime falls, mayor says"
    assert story.first_published_at == first_published_at


def test_publishing_through_save_with_update_fields_still_stamps_the_date():
    story = make_story(status=Status.DRAFT)

    story.status = Status.PUBLISHED
    story.save(update_fields=["status"])

    assert Story.objects.get(pk=story.pk).first_published_at is not None


def test_an_item_created_as_published_gets_its_first_publication_date():
    assert make_story(status=Status.PUBLISHED).first_published_at is not None


def test_a_draft_can_be_published_without_review_and_a_reviewed_item_returned_to_draft():
    story = make_story(status=Status.DRAFT)
    story.publish()
    in_review = make_story(status=Status.DRAFT)
    in_review.send_to_review()

    in_review.return_to_draft()

    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED
    assert Story.objects.get(pk=in_review.pk).status == Status.DRAFT


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_a_published_item_cannot_go_back_to_draft(model, make, changelist):
    item = model.objects.get(pk=make(status=Status.PUBLISHED).pk)

    with pytest.raises(ValidationError) as error:
        item.return_to_draft()

    assert error.value.message_dict == {"status": ["A published item cannot be moved to draft."]}
    assert model.objects.get(pk=item.pk).status == Status.PUBLISHED


def test_a_published_item_cannot_go_back_to_review():
    story = Story.objects.get(pk=make_story(status=Status.PUBLISHED).pk)

    with pytest.raises(ValidationError):
        story.send_to_review()
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_saving_a_stale_copy_cannot_unpublish_what_another_editor_published():
    stale = make_story(status=Status.IN_REVIEW)  # an editor's copy, loaded while the story was in review
    Story.objects.get(pk=stale.pk).publish()  # meanwhile, another editor publishes it

    stale.byline = "Corrected byline"
    with pytest.raises(ValidationError, match="published item cannot be moved to in review"):
        stale.save()
    assert Story.objects.get(pk=stale.pk).status == Status.PUBLISHED


def test_a_draft_cannot_be_retracted():
    story = make_story(status=Status.DRAFT)

    with pytest.raises(ValidationError):
        story.retract("Never published.")
    assert Story.objects.get(pk=story.pk).status == Status.DRAFT


@pytest.mark.parametrize("notice", ["", "   "])
def test_retracting_requires_a_notice_for_readers(notice):
    story = make_story(status=Status.PUBLISHED)

    with pytest.raises(ValidationError) as error:
        story.retract(notice)

    assert error.value.message_dict == {"retraction_notice": ["Explain to readers why this item is retracted."]}
    stored = Story.objects.get(pk=story.pk)
    assert (stored.status, stored.retracted_at) == (Status.PUBLISHED, None)


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_retracting_stamps_the_date_and_keeps_the_notice(model, make, changelist):
    item = make(status=Status.PUBLISHED)

    item.retract("The quote was misattributed.")

    stored = model.objects.get(pk=item.pk)
    assert stored.status == Status.RETRACTED
    assert stored.retracted_at is not None
    assert stored.retraction_notice == "The quote was misattributed."


def test_a_retracted_item_stays_retracted():
    story = make_story(status=Status.PUBLISHED)
    story.retract("Misattributed.")

    for move in (story.publish, story.return_to_draft, story.send_to_review):
        story = Story.objects.get(pk=story.pk)
        with pytest.raises(ValidationError):
            move()
    assert Story.objects.get(pk=story.pk).status == Status.RETRACTED


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_the_database_refuses_a_public_item_without_its_first_publication_date(model, make, changelist):
    item = make(status=Status.PUBLISHED)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=item.pk).update(first_published_at=None)


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_the_database_refuses_a_draft_published_by_an_update(model, make, changelist):
    item = make(status=Status.DRAFT)

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=item.pk).update(status=Status.PUBLISHED)


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_the_database_refuses_a_retraction_without_a_notice(model, make, changelist):
    item = make(status=Status.PUBLISHED)
    item.retract("Misattributed.")

    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.filter(pk=item.pk).update(retraction_notice="")


def test_the_database_refuses_a_retraction_without_its_date():
    story = make_story(status=Status.PUBLISHED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(status=Status.RETRACTED, retraction_notice="Misattributed.")


# What the public sees.


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_public_items_are_the_published_and_retracted_ones(model, make, changelist):
    published = make(status=Status.PUBLISHED)
    retracted = make(status=Status.PUBLISHED)
    retracted.retract("Misattributed.")
    make(status=Status.DRAFT)
    make(status=Status.DRAFT).send_to_review()

    assert set(model.objects.public()) == {published, retracted}


def test_a_published_quote_in_a_draft_story_stays_hidden():
    draft_story = make_story(status=Status.DRAFT)
    hidden = make_quote(story=draft_story, status=Status.PUBLISHED)
    shown = make_quote(status=Status.PUBLISHED)
    make_quote(story=shown.story, status=Status.DRAFT)

    assert list(Quote.objects.public()) == [shown]

    draft_story.publish()
    assert set(Quote.objects.public()) == {shown, hidden}


def test_a_quote_moved_to_a_draft_story_is_hidden_with_it():
    quote = make_quote(status=Status.PUBLISHED)

    quote.story = make_story(status=Status.DRAFT)
    quote.save()

    assert list(Quote.objects.public()) == []


def test_the_database_refuses_a_quote_that_disagrees_with_its_story_on_being_public():
    quote = make_quote(story=make_story(status=Status.DRAFT), status=Status.PUBLISHED)

    with pytest.raises(IntegrityError), transaction.atomic():
        Quote.objects.filter(pk=quote.pk).update(story_public=True)
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the key is checked at commit: check it now
    assert list(Quote.objects.public()) == []


def test_a_quote_in_a_retracted_story_stays_public_for_its_notice():
    quote = make_quote(status=Status.PUBLISHED)
    quote.story.retract("The story was withdrawn by the outlet.")

    assert list(Quote.objects.public()) == [quote]


# The admin: bulk actions and single edits take the same path.


def test_bulk_publishing_publishes_drafts_and_reviewed_items_and_says_so(editor_client):
    draft = make_story(status=Status.DRAFT)
    reviewed = make_story(status=Status.IN_REVIEW)

    response = editor_client.post(
        reverse("admin:stories_story_changelist"),
        {"action": "publish", "_selected_action": [draft.pk, reviewed.pk]},
    )

    assert response.status_code == 302
    assert set(Story.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    assert all(story.first_published_at for story in Story.objects.all())
    assert messages_of(response) == [(SUCCESS, "Published 2 stories.")]


def test_bulk_sending_to_review_moves_drafts(editor_client):
    draft = make_quote(status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:quotes_quote_changelist"), {"action": "send_to_review", "_selected_action": [draft.pk]}
    )

    assert Quote.objects.get(pk=draft.pk).status == Status.IN_REVIEW
    assert messages_of(response) == [(SUCCESS, "Sent to review 1 quotes.")]


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_bulk_return_to_draft_refuses_a_published_item_with_a_warning(editor_client, model, make, changelist):
    published = make(status=Status.PUBLISHED)
    reviewed = make(status=Status.IN_REVIEW)

    response = editor_client.post(
        reverse(changelist), {"action": "return_to_draft", "_selected_action": [published.pk, reviewed.pk]}
    )

    assert response.status_code == 302
    assert model.objects.get(pk=published.pk).status == Status.PUBLISHED
    assert model.objects.get(pk=reviewed.pk).status == Status.DRAFT
    warnings = [text for level, text in messages_of(response) if level == WARNING]
    assert warnings == [f"Not moved: “{published}”: A published item cannot be moved to draft."]


def story_change_form(story, **fields):
    """Everything the story change form posts for a story with no quotes; override what the test is about."""
    return {
        "outlet": story.outlet.pk,
        "url": story.url,
        "headline": story.headline,
        "headline_stand_in": "",
        "headline_stand_in_source": "",
        "byline": story.byline,
        "published_on": story.published_on.isoformat(),
        "published_time": "",
        "text": "",
        "text_retrieved_on": "",
        "status": story.status,
        "retraction_notice": "",
        "quotes-TOTAL_FORMS": "0",
        "quotes-INITIAL_FORMS": "0",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
        **fields,
    }


def test_the_change_form_refuses_to_move_a_published_story_back_to_draft(editor_client):
    story = make_story(status=Status.PUBLISHED, headline="Crime falls")

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_change_form(story, headline="Crime falls, quietly unpublished", status=Status.DRAFT),
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == ["A published item cannot be moved to draft."]
    story.refresh_from_db()
    assert (story.status, story.headline) == (Status.PUBLISHED, "Crime falls")


def test_the_change_form_retracts_with_a_notice(editor_client):
    story = make_story(status=Status.PUBLISHED, headline="Crime falls")

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_change_form(story, status=Status.RETRACTED, retraction_notice="The outlet withdrew the story."),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.status, story.retraction_notice) == (Status.RETRACTED, "The outlet withdrew the story.")
    assert story.retracted_at is not None


def test_the_change_form_asks_for_a_notice_to_retract(editor_client):
    story = make_story(status=Status.PUBLISHED)

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_change_form(story, status=Status.RETRACTED, retraction_notice=""),
    )

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["retraction_notice"] == ["Explain to readers why this item is retracted."]
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED


def test_the_return_to_draft_button_on_a_published_story_is_refused_with_a_warning(editor_client):
    story = make_story(status=Status.PUBLISHED, headline="Crime falls")
    page = reverse("admin:stories_story_change", args=[story.pk])

    response = editor_client.post(page, {"CHANGE_FORM-action": "return_to_draft", "_selected_action": [story.pk]})

    assert response.status_code == 302
    assert Story.objects.get(pk=story.pk).status == Status.PUBLISHED
    assert messages_of(response) == [(WARNING, f"Not moved: “{story}”: A published item cannot be moved to draft.")]


def test_the_publish_button_on_a_draft_story_publishes_it(editor_client):
    story = make_story(status=Status.DRAFT)
    page = reverse("admin:stories_story_change", args=[story.pk])

    editor_client.post(page, {"CHANGE_FORM-action": "publish", "_selected_action": [story.pk]})

    story.refresh_from_db()
    assert story.status == Status.PUBLISHED
    assert story.first_published_at is not None


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETRACTED])
def test_a_public_item_cannot_be_deleted_from_the_admin(editor_client, model, make, changelist, status):
    item = make(status=Status.PUBLISHED)
    if status == Status.RETRACTED:
        item.retract("Misattributed.")
    delete_url = reverse(changelist.replace("changelist", "delete"), args=[item.pk])

    assert editor_client.get(delete_url).status_code == 403
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 403
    assert model.objects.filter(pk=item.pk).exists()


def test_a_draft_can_be_deleted_from_the_admin(editor_client):
    story = make_story(status=Status.DRAFT)
    delete_url = reverse("admin:stories_story_delete", args=[story.pk])

    assert editor_client.get(delete_url).status_code == 200
    response = editor_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 302
    assert not Story.objects.filter(pk=story.pk).exists()


def test_deleting_a_draft_story_with_quotes_lists_them_instead_of_failing(editor_client):
    quote = make_quote(story=make_story(status=Status.DRAFT), status=Status.DRAFT)
    delete_url = reverse("admin:stories_story_delete", args=[quote.story.pk])

    response = editor_client.post(delete_url, {"post": "yes"})

    assert response.status_code == 200
    assert response.context["protected"]
    assert Story.objects.filter(pk=quote.story.pk).exists()


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_the_changelist_offers_the_workflow_actions_but_not_bulk_deletion(editor_client, model, make, changelist):
    make(status=Status.DRAFT)

    response = editor_client.get(reverse(changelist))

    actions = [name for name, _ in response.context["action_form"].fields["action"].choices if name]
    assert actions[:3] == ["send_to_review", "publish", "return_to_draft"]  # quotes add the statement actions
    assert "delete_selected" not in actions


@pytest.mark.parametrize(("model", "make", "changelist"), PUBLISHABLES)
def test_bulk_deletion_posted_by_hand_deletes_nothing(editor_client, model, make, changelist):
    draft = make(status=Status.DRAFT)

    editor_client.post(
        reverse(changelist), {"action": "delete_selected", "_selected_action": [draft.pk], "post": "yes"}
    )

    assert model.objects.filter(pk=draft.pk).exists()
