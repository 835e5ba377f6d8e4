"""Where a quote stands in its story's text: the grade editors see, the deep link, and the publishing gate."""

from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import SUCCESS, WARNING, get_messages
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from publishing.models import Status
from quotes.models import Match, Quote
from stories.models import Story
from tests.factories import make_quote, make_story
from tests.quotes.test_admin import inline_quote_errors, quote_form, story_change_form

pytestmark = pytest.mark.django_db

QUOTE_CHANGELIST = reverse("admin:quotes_quote_changelist")

TEXT = (
    "Mayor de Blasio and Commissioner O'Neill held a short press conference on Friday evening. Both men called "
    "the statement an insult, but the DOJ did not back down.\n\n"
    "De Blasio also called the statement “an insult” and said that he had never met a police officer who was soft "
    "on crime. “It’s a message that seems to have reached everywhere but Washington, DC,” de Blasio said.\n\n"
    "“In 2016 we locked up over 1,000 people in over 100 gang takedowns,” O'Neill said."
)
NOT_IN_TEXT = "Crime fell by ninety-nine percent overnight."


@pytest.fixture
def story():
    return make_story(url="https://gothamist.com/news/de-blasio", text=TEXT)


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


def change_page(quote):
    return reverse("admin:quotes_quote_change", args=[quote.pk])


# What the model records.


def test_a_quote_records_its_offsets_and_the_32_characters_around_it(story):
    quote = make_quote(story=story, text="“It’s a message that seems to have reached everywhere but Washington, DC,”")

    quote.refresh_from_db()
    assert quote.source_match == Match.VERBATIM
    assert quote.source_match_score == 1.0
    assert TEXT[quote.source_start : quote.source_end] == (
        "It’s a message that seems to have reached everywhere but Washington, DC,"
    )
    assert quote.source_prefix == "ver met a police officer who was soft on crime. “"[-32:]
    assert len(quote.source_prefix) == len(quote.source_suffix) == 32
    assert quote.source_suffix == TEXT[quote.source_end : quote.source_end + 32]
    assert quote.source_suffix.startswith("” de Blasio said.")


def test_a_quote_typed_with_straight_quotes_links_to_the_words_as_the_story_prints_them(story):
    quote = make_quote(story=story, text="It's a message that seems to have reached everywhere")

    assert quote.source_match == Match.TYPOGRAPHIC
    assert quote.source_exact == "It’s a message that seems to have reached everywhere"
    assert quote.source_link.startswith("https://gothamist.com/news/de-blasio#:~:text=It%E2%80%99s%20a%20message")


def test_a_close_variant_keeps_its_score_and_links_to_the_printed_words(story):
    quote = make_quote(story=story, text="In 2016 we locked up over 1,000 people in 100 gang take downs")

    assert quote.source_match == Match.CLOSE
    assert 0.8 <= quote.source_match_score < 1
    assert quote.source_exact == "In 2016 we locked up over 1,000 people in over 100 gang takedowns"
    assert quote.source_link.endswith(",in%20over%20100%20gang%20takedowns")


def test_the_link_to_a_repeated_fragment_opens_where_the_story_quotes_it(story):
    quote = make_quote(story=story, text="an insult")

    assert quote.source_start == TEXT.index("“an insult”") + 1
    # "an insult" is also the reporter's own words in the first paragraph: the prefix singles out the quotation.
    assert quote.source_link == "https://gothamist.com/news/de-blasio#:~:text=statement%20%E2%80%9C-,an%20insult"


def test_a_quote_edited_away_from_its_source_text_is_not_found(story):
    quote = make_quote(story=story, text="an insult", status=Status.DRAFT)

    quote.text = NOT_IN_TEXT
    quote.save()

    quote.refresh_from_db()
    assert quote.source_match == Match.NOT_FOUND
    assert (quote.source_start, quote.source_end, quote.source_match_score) == (None, None, None)
    assert (quote.source_prefix, quote.source_suffix) == ("", "")
    assert quote.source_link == (
        "https://gothamist.com/news/de-blasio#:~:text=Crime%20fell%20by%20ninety%2Dnine%20percent%20overnight."
    )


def test_a_story_without_text_leaves_its_quotes_unchecked():
    quote = make_quote(story=make_story(url="https://example.com/a", text=""), text="Crime is down")

    assert quote.source_match == Match.NO_TEXT
    assert quote.source_start is None
    assert quote.source_link == "https://example.com/a#:~:text=Crime%20is%20down"


def test_correcting_the_story_text_relocates_its_quotes(story):
    quote = make_quote(story=story, text="an insult", status=Status.DRAFT)
    story.text = "Corrected. " + TEXT.replace("“an insult”", "“an outrage”")
    story.save()

    story.quotes.locate_in_story()

    quote.refresh_from_db()
    assert quote.source_start == story.text.index("an insult")
    assert quote.source_link.endswith("#:~:text=an%20insult")


# The publishing gate.


def test_a_quote_not_found_in_its_story_cannot_be_published(story):
    quote = make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT)

    with pytest.raises(ValidationError) as error:
        quote.publish()

    assert "not found in the story's text" in error.value.message_dict["not_found_acknowledged"][0]
    quote.refresh_from_db()
    assert quote.status == Status.DRAFT


def test_a_quote_not_found_is_published_once_an_editor_acknowledges_it(story):
    quote = make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT)
    quote.not_found_acknowledged = True

    quote.publish()

    quote.refresh_from_db()
    assert quote.status == Status.PUBLISHED


def test_a_published_quote_edited_away_from_its_source_is_refused(story):
    quote = make_quote(story=story, text="an insult")

    quote.text = NOT_IN_TEXT
    with pytest.raises(ValidationError):
        quote.save()

    assert Quote.objects.get(pk=quote.pk).text == "an insult"


def test_a_published_quote_no_longer_found_can_still_be_retracted(story):
    quote = make_quote(story=story, text="an insult")
    Story.objects.filter(pk=story.pk).update(text="A different text altogether.")
    quote = Quote.objects.get(pk=quote.pk)

    quote.retract("The story no longer prints these words.")

    quote.refresh_from_db()
    assert (quote.status, quote.source_match) == (Status.RETRACTED, Match.NOT_FOUND)


def test_a_quote_in_a_story_without_text_can_be_published():
    quote = make_quote(story=make_story(text=""), text=NOT_IN_TEXT, status=Status.DRAFT)

    quote.publish()

    assert Quote.objects.get(pk=quote.pk).status == Status.PUBLISHED


def test_bulk_publishing_publishes_the_quotes_found_and_warns_about_the_others(editor_client, story):
    found = make_quote(story=story, text="an insult", status=Status.DRAFT)
    missing = make_quote(story=story, text=NOT_IN_TEXT, status=Status.IN_REVIEW)

    response = editor_client.post(QUOTE_CHANGELIST, {"action": "publish", "_selected_action": [found.pk, missing.pk]})

    assert response.status_code == 302
    assert Quote.objects.get(pk=found.pk).status == Status.PUBLISHED
    assert Quote.objects.get(pk=missing.pk).status == Status.IN_REVIEW
    assert messages_of(response) == [
        (SUCCESS, "Published 1 quotes."),
        (
            WARNING,
            f"Not moved: “{missing}”: These words were not found in the story's text. Check them against the story, "
            "then tick “publish although not found in source” to publish the quote anyway.",
        ),
    ]


def test_bulk_publishing_publishes_an_acknowledged_quote(editor_client, story):
    missing = make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT, not_found_acknowledged=True)

    editor_client.post(QUOTE_CHANGELIST, {"action": "publish", "_selected_action": [missing.pk]})

    assert Quote.objects.get(pk=missing.pk).status == Status.PUBLISHED


def test_the_publish_button_on_a_quotes_page_warns_instead_of_publishing(editor_client, story):
    missing = make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT)

    response = editor_client.post(
        change_page(missing), {"CHANGE_FORM-action": "publish", "_selected_action": [missing.pk]}
    )

    assert response.status_code == 302
    assert Quote.objects.get(pk=missing.pk).status == Status.DRAFT
    assert [level for level, _ in messages_of(response)] == [WARNING]


def test_the_quote_form_explains_the_refusal_on_the_acknowledgement_box(editor_client, story):
    form = quote_form(story, make_quote().speaker, text=NOT_IN_TEXT, status=Status.PUBLISHED)

    response = editor_client.post(reverse("admin:quotes_quote_add"), form)

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "not found in the story's text" in errors["not_found_acknowledged"][0]
    assert "Not found" in response.content.decode()
    assert not Quote.objects.filter(text=NOT_IN_TEXT).exists()

    response = editor_client.post(reverse("admin:quotes_quote_add"), {**form, "not_found_acknowledged": "on"})

    assert response.status_code == 302
    assert Quote.objects.get(text=NOT_IN_TEXT).status == Status.PUBLISHED


def test_the_story_page_explains_the_refusal_on_the_quotes_row(editor_client, story):
    speaker = make_quote().speaker
    row = {**quote_form(story, speaker, text=NOT_IN_TEXT, status=Status.PUBLISHED), "position": "5"}

    response = editor_client.post(reverse("admin:stories_story_change", args=[story.pk]), story_change_form(story, row))

    errors, _ = inline_quote_errors(response)
    assert "not found in the story's text" in errors[0]["not_found_acknowledged"][0]
    assert not story.quotes.exists()


# What editors see in the admin.


def test_the_quote_page_shows_the_grade_and_the_words_highlighted_in_their_context(editor_client):
    story = make_story(text="<b>Hi</b> & the mayor said “crime is down” & left.")
    quote = make_quote(story=story, text="crime is down")

    page = editor_client.get(change_page(quote)).content.decode()

    assert "Verbatim" in page
    assert "&lt;b&gt;Hi&lt;/b&gt; &amp; the mayor said “<mark>crime is down</mark>” &amp; left." in page


def test_a_long_story_shows_an_ellipsis_where_the_context_is_cut(editor_client):
    story = make_story(text="Earlier words. " * 10 + "The mayor said crime is down. " + "Later words. " * 10)
    quote = make_quote(story=story, text="crime is down")

    page = editor_client.get(change_page(quote)).content.decode()

    assert "…. Earlier words. The mayor said <mark>crime is down</mark>. Later words. Later words. Late…" in page


def test_the_quote_list_shows_each_grade_with_a_close_variants_score(editor_client, story):
    make_quote(story=story, text="an insult")
    make_quote(story=story, text="In 2016 we locked up over 1,000 people in 100 gang take downs")
    make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT)
    make_quote(story=make_story(text=""), text="Crime is down")

    page = editor_client.get(QUOTE_CHANGELIST).content.decode()

    close = Quote.objects.get(source_match=Match.CLOSE)
    assert f"Close variant ({close.source_match_score:.0%} similar)" in page
    for label in ("Verbatim", "Not found", "Story has no text to check against"):
        assert f'<td class="field-found_in_source">{label}</td>' in page


def test_the_quote_list_filters_by_grade(editor_client, story):
    make_quote(story=story, text="an insult")
    missing = make_quote(story=story, text=NOT_IN_TEXT, status=Status.DRAFT)

    response = editor_client.get(QUOTE_CHANGELIST, {"source_match": Match.NOT_FOUND})

    assert list(response.context["cl"].result_list) == [missing]


def test_the_story_page_shows_each_quotes_context_with_the_same_queries_for_1_and_20_quotes(
    editor_client, django_assert_num_queries
):
    story = make_story(text=" ".join(f"Paragraph {n} says “words number {n}”." for n in range(1, 21)))
    make_quote(story=story, position=1, text="words number 1")
    page = reverse("admin:stories_story_change", args=[story.pk])
    ContentType.objects.clear_cache()
    with django_assert_num_queries(10) as one:
        editor_client.get(page)

    for n in range(2, 21):
        make_quote(story=story, position=n, text=f"words number {n}")
    ContentType.objects.clear_cache()
    with django_assert_num_queries(len(one.captured_queries)):
        response = editor_client.get(page)

    assert response.content.decode().count("<mark>words number") == 20


# The management command.


def run(*args):
    out = StringIO()
    call_command("locate_quotes", *args, stdout=out)
    return out.getvalue()


def test_the_command_relocates_every_quote_after_a_text_is_corrected_and_reports_what_changed(story):
    moved = make_quote(story=story, text="an insult")
    gone = make_quote(story=story, text="It’s a message that seems to have reached everywhere")
    same = make_quote(story=make_story(text="Crime is down."), text="Crime is down")
    corrected = TEXT.replace("It’s a message that seems to have reached everywhere", "We will not comment")
    Story.objects.filter(pk=story.pk).update(text="Correction: " + corrected)

    output = run()

    assert f"Quote {moved.pk} in story {story.pk}" in output
    assert f"Quote {gone.pk} in story {story.pk}" in output
    assert "verbatim → not found" in output
    assert f"Quote {same.pk}" not in output
    assert output.strip().endswith("Checked 3 quotes: 2 changed (1 not found in their story's text), 1 unchanged.")
    moved.refresh_from_db()
    assert moved.source_start == TEXT.index("“an insult”") + 1 + len("Correction: ")
    assert Quote.objects.get(pk=gone.pk).source_match == Match.NOT_FOUND


def test_the_command_marks_changed_quotes_as_updated_so_cached_pages_are_rendered_again(story):
    quote = make_quote(story=story, text="an insult")
    before = quote.updated_at
    Story.objects.filter(pk=story.pk).update(url="https://gothamist.com/news/moved")

    run()

    quote.refresh_from_db()
    assert quote.source_link.startswith("https://gothamist.com/news/moved#:~:text=")
    assert quote.updated_at > before


def test_a_dry_run_reports_but_saves_nothing(story):
    quote = make_quote(story=story, text="an insult")
    Story.objects.filter(pk=story.pk).update(text="Nothing of the kind.")

    output = run("--dry-run")

    assert "verbatim → not found" in output
    assert "Dry run: nothing was saved." in output
    assert Quote.objects.get(pk=quote.pk).source_match == Match.VERBATIM


def test_the_command_can_check_one_story(story):
    make_quote(story=story, text="an insult")
    other = make_quote(story=make_story(text="Crime is down."), text="Crime is down")
    Story.objects.filter(pk=other.story_id).update(text="Crime is up.")

    output = run("--story", str(story.pk))

    assert "Checked 1 quotes: 0 changed" in output
    assert Quote.objects.get(pk=other.pk).source_match == Match.VERBATIM


def test_the_command_refuses_an_unknown_story():
    with pytest.raises(CommandError, match="There is no story with id 999999"):
        run("--story", "999999")
