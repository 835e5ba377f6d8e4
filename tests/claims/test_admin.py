"""The editors' admin for claims, their verdicts and sources, and the rating scale."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import WARNING, get_messages
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, ClaimQuote, Evidence, Rating
from publishing.models import Status
from tests.factories import make_claim, make_quote, make_speaker, make_user

pytestmark = pytest.mark.django_db

CLAIM_ADD = reverse("admin:claims_claim_add")
CLAIM_CHANGELIST = reverse("admin:claims_claim_changelist")
RATING_CHANGELIST = reverse("admin:claims_rating_changelist")


def claim_form(speaker, quotes=(), evidence=(), **fields):
    """Everything the claim add form posts: the claim, one inline row per quote, one per source."""
    data = {
        "text": "Since 1993, murder in New York City is down 82 percent",
        "speaker": speaker.pk,
        "fact_checker": "",
        "rating": Rating.objects.get(slug="true").pk,
        "summary": "Police figures bear it out.",
        "ruling": "NYPD CompStat shows 1,927 murders in 1993 and 335 in 2016, a fall of 82.6 percent.",
        "status": Status.DRAFT,
        "retraction_notice": "",
        "claim_quotes-TOTAL_FORMS": str(len(quotes)),
        "claim_quotes-INITIAL_FORMS": "0",
        "evidence-TOTAL_FORMS": str(len(evidence)),
        "evidence-INITIAL_FORMS": "0",
        **fields,
    }
    for i, quote in enumerate(quotes):
        data[f"claim_quotes-{i}-quote"] = quote.pk
    for i, source in enumerate(evidence):
        data.update({f"evidence-{i}-{name}": value for name, value in source.items()})
    return data


def form_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


def messages_of(response):
    return [(message.level, str(message)) for message in get_messages(response.wsgi_request)]


COMPSTAT = {
    "position": "1",
    "title": "CompStat report, 2016",
    "publisher": "NYPD",
    "url": "https://www.nyc.gov/site/nypd/stats/crime-statistics/compstat.page",
    "accessed_on": "2017-04-22",
}


# Adding and changing.


def test_an_editor_adds_a_claim_with_the_quote_it_was_made_in_and_a_source(editor_client, editor):
    quote = make_quote()

    response = editor_client.post(
        CLAIM_ADD, claim_form(quote.speaker, quotes=[quote], evidence=[COMPSTAT], fact_checker=editor.pk)
    )

    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.speaker, claim.rating.slug, claim.fact_checker) == (quote.speaker, "true", editor)
    assert claim.text == "Since 1993, murder in New York City is down 82 percent"
    assert claim.summary == "Police figures bear it out."
    assert list(claim.quotes.all()) == [quote]
    source = claim.evidence.get()
    assert (source.title, source.publisher, str(source.accessed_on)) == ("CompStat report, 2016", "NYPD", "2017-04-22")


def test_an_editor_publishes_a_claim_with_its_verdict(editor_client):
    editor_client.post(CLAIM_ADD, claim_form(make_speaker(), status=Status.PUBLISHED))

    claim = Claim.objects.get()
    assert claim.status == Status.PUBLISHED
    assert claim.first_published_at is not None


def test_a_draft_claim_can_wait_for_its_verdict(editor_client):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), rating="", summary="", ruling=""))

    assert response.status_code == 302
    assert Claim.objects.get().rating is None


def test_the_add_form_names_the_signed_in_user_as_fact_checker(editor_client, editor):
    response = editor_client.get(CLAIM_ADD)

    assert response.context["adminform"].form.initial["fact_checker"] == editor.pk


def test_only_active_staff_can_be_named_fact_checker(editor_client, editor):
    get_user_model().objects.create_user("reader", is_staff=False)
    make_user("gone", is_active=False)

    response = editor_client.get(CLAIM_ADD)

    choices = response.context["adminform"].form.fields["fact_checker"].queryset
    assert [user.username for user in choices] == ["edith"]


def test_an_editor_changes_a_ruling(editor_client):
    claim = make_claim(status=Status.DRAFT, evidence=0)
    false = Rating.objects.get(slug="false")

    response = editor_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        claim_form(claim.speaker, ruling="Murders fell from 1,927 to 335.", rating=false.pk),
    )

    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.ruling, claim.rating.slug) == ("Murders fell from 1,927 to 335.", "false")


def test_the_speaker_field_finds_speakers_by_name(editor_client):
    de_blasio = make_speaker(name="Bill de Blasio", title="Mayor")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claim", "field_name": "speaker", "term": "blas"},
    )

    assert response.json()["results"] == [{"id": str(de_blasio.pk), "text": "Bill de Blasio (Mayor)"}]


def test_the_quote_field_finds_quotes_by_their_words(editor_client):
    quote = make_quote(speaker=make_speaker(name="Bill de Blasio"), text="Murder is down 82 percent.")
    make_quote(text="The subway is on time.")

    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "claims", "model_name": "claimquote", "field_name": "quote", "term": "murder"},
    )

    assert response.json()["results"] == [{"id": str(quote.pk), "text": "Bill de Blasio: “Murder is down 82 percent.”"}]


# Bad input gets a clear error, and nothing is saved.


def test_a_claim_without_a_speaker_is_refused(editor_client):
    response = editor_client.post(CLAIM_ADD, {**claim_form(make_speaker()), "speaker": ""})

    assert form_errors(response)["speaker"] == ["This field is required."]
    assert not Claim.objects.exists()


def test_publishing_a_claim_without_verdict_or_ruling_is_explained_on_those_fields(editor_client):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), rating="", ruling="", status=Status.PUBLISHED))

    errors = form_errors(response)
    assert errors == {
        "rating": ["Give the claim a verdict before publishing it."],
        "ruling": ["Write the ruling before publishing the claim."],
    }
    assert not Claim.objects.exists()


@pytest.mark.parametrize("text", ["", "   "])
def test_an_empty_claim_is_refused(editor_client, text):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), text=text))

    assert form_errors(response)["text"] == ["This field is required."]
    assert not Claim.objects.exists()


def test_a_claim_over_a_thousand_characters_is_refused(editor_client):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), text="x" * 1001))

    assert form_errors(response)["text"] == ["Ensure this value has at most 1000 characters (it has 1001)."]
    assert not Claim.objects.exists()


def test_a_nul_byte_in_a_ruling_is_refused(editor_client):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), ruling="Figures\x00 agree."))

    assert form_errors(response)["ruling"] == ["Null characters are not allowed."]
    assert not Claim.objects.exists()


@pytest.mark.parametrize(
    ("source", "field", "message"),
    [
        ({**COMPSTAT, "url": "ftp://nyc.gov/compstat.pdf"}, "url", "Enter a valid URL."),
        ({**COMPSTAT, "url": "javascript:alert(1)"}, "url", "Enter a valid URL."),
        ({**COMPSTAT, "accessed_on": "2017-02-30"}, "accessed_on", "Enter a valid date."),
        ({**COMPSTAT, "title": ""}, "title", "This field is required."),
    ],
)
def test_a_bad_source_is_explained_on_its_row(editor_client, source, field, message):
    response = editor_client.post(CLAIM_ADD, claim_form(make_speaker(), evidence=[source]))

    assert response.status_code == 200
    evidence = next(
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "evidence"
    )
    assert evidence.formset.errors == [{field: [message]}]
    assert not Claim.objects.exists()
    assert not Evidence.objects.exists()


def test_the_same_quote_twice_is_refused(editor_client):
    quote = make_quote()

    response = editor_client.post(CLAIM_ADD, claim_form(quote.speaker, quotes=[quote, quote]))

    assert response.status_code == 200
    links = next(
        inline for inline in response.context["inline_admin_formsets"] if inline.formset.prefix == "claim_quotes"
    )
    assert links.formset.non_form_errors() == ["Please correct the duplicate data for quote."]
    assert not ClaimQuote.objects.exists()


@pytest.mark.parametrize(
    "payload",
    ["<script>alert(1)</script>", "'; DROP TABLE claims_claim; --", '=HYPERLINK("https://evil.example","x")'],
)
def test_hostile_text_is_stored_verbatim_and_shown_as_text(editor_client, payload):
    editor_client.post(CLAIM_ADD, claim_form(make_speaker(), text=payload, summary=payload))

    claim = Claim.objects.get()
    assert (claim.text, claim.summary) == (payload, payload)
    page = editor_client.get(CLAIM_CHANGELIST).content.decode()
    assert escape(payload) in page
    assert "<script>alert(1)" not in page


# Status moves that need a verdict.


def test_bulk_publishing_a_claim_without_a_verdict_is_refused_with_a_message(editor_client):
    unrated = make_claim(status=Status.DRAFT, rating=None, ruling="", text="Crime is down 82 percent")
    ready = make_claim(status=Status.IN_REVIEW)

    response = editor_client.post(CLAIM_CHANGELIST, {"action": "publish", "_selected_action": [unrated.pk, ready.pk]})

    assert response.status_code == 302
    assert Claim.objects.get(pk=unrated.pk).status == Status.DRAFT
    assert Claim.objects.get(pk=ready.pk).status == Status.PUBLISHED
    assert (
        WARNING,
        "Not moved: “Crime is down 82 percent”: Give the claim a verdict before publishing it. "
        "Write the ruling before publishing the claim.",
    ) in messages_of(response)


def test_publishing_an_unrated_claim_from_its_own_page_is_refused_with_a_message(editor_client):
    unrated = make_claim(status=Status.DRAFT, rating=None, text="Crime is down 82 percent")
    page = reverse("admin:claims_claim_change", args=[unrated.pk])

    response = editor_client.post(page, {"CHANGE_FORM-action": "publish", "_selected_action": [unrated.pk]})

    assert response.status_code == 302
    assert Claim.objects.get(pk=unrated.pk).status == Status.DRAFT
    assert messages_of(response) == [
        (WARNING, "Not moved: “Crime is down 82 percent”: Give the claim a verdict before publishing it.")
    ]


def test_an_editor_adds_a_level_to_the_rating_scale(editor_client):
    response = editor_client.post(
        reverse("admin:claims_rating_add"),
        {"name": "Flip-flop", "slug": "flip-flop", "description": "Changed position.", "position": "8", "value": ""},
    )

    assert response.status_code == 302
    assert Rating.objects.get(slug="flip-flop").value is None


def test_an_editor_rewords_a_verdict(editor_client):
    half_true = Rating.objects.get(slug="half-true")

    response = editor_client.post(
        reverse("admin:claims_rating_change", args=[half_true.pk]),
        {"name": "Half right", "slug": "half-true", "description": "Partly accurate.", "position": "3", "value": "4"},
    )

    assert response.status_code == 302
    half_true.refresh_from_db()
    assert (half_true.name, half_true.description) == ("Half right", "Partly accurate.")


def test_a_rating_value_already_on_the_scale_is_refused(editor_client):
    response = editor_client.post(
        reverse("admin:claims_rating_add"),
        {"name": "Sort of true", "slug": "sort-of-true", "description": "Hm.", "position": "8", "value": "6"},
    )

    assert form_errors(response)["value"] == ["Rating with this Numeric value already exists."]
    assert not Rating.objects.filter(slug="sort-of-true").exists()


# A fixed number of queries, however many rows.

# Session, user, user and group permissions, the rating filter's choices, total and filtered counts, the page of
# claims with speakers, verdicts and fact-checkers.
CLAIM_CHANGELIST_QUERIES = 8
# Session, user, user and group permissions, total and filtered counts, the page of ratings.
RATING_CHANGELIST_QUERIES = 7
# Session, user, the claim, user and group permissions, its quote links with quotes and speakers (each row's
# autocomplete box reuses them), its sources, its corrections with their authors, the claimquote content type,
# the correction content type (for each row's "View on site" link), the speaker for its autocomplete box, the
# staff users and the ratings for their drop-downs.
CLAIM_PAGE_QUERIES = 13


def test_the_claim_changelist_runs_the_same_queries_for_2_and_30_claims(
    editor_client, editor, django_assert_num_queries
):
    for _ in range(2):
        make_claim(fact_checker=editor)
    with django_assert_num_queries(CLAIM_CHANGELIST_QUERIES):
        response = editor_client.get(CLAIM_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    for _ in range(28):
        make_claim(fact_checker=editor)
    with django_assert_num_queries(CLAIM_CHANGELIST_QUERIES):
        response = editor_client.get(CLAIM_CHANGELIST)
    assert len(response.context["cl"].result_list) == 30


def test_the_rating_changelist_runs_the_same_queries_for_2_and_30_levels(editor_client, django_assert_num_queries):
    Rating.objects.all().delete()

    def add_levels(first, last):
        for n in range(first, last + 1):
            Rating.objects.create(name=f"Level {n}", slug=f"level-{n}", description="A level.", position=n, value=n)

    add_levels(1, 2)
    with django_assert_num_queries(RATING_CHANGELIST_QUERIES):
        response = editor_client.get(RATING_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    add_levels(3, 30)
    with django_assert_num_queries(RATING_CHANGELIST_QUERIES):
        response = editor_client.get(RATING_CHANGELIST)
    assert len(response.context["cl"].result_list) == 30


def test_the_claim_page_runs_the_same_queries_for_1_and_20_quotes_and_corrections(
    editor_client, django_assert_num_queries
):
    claim = make_claim(quotes=[make_quote()])
    claim.correct("The first correction.")
    claim_page = reverse("admin:claims_claim_change", args=[claim.pk])
    ContentType.objects.clear_cache()  # the page looks content types up once per process; count them each time
    with django_assert_num_queries(CLAIM_PAGE_QUERIES):
        response = editor_client.get(claim_page)
    assert response.status_code == 200

    for n in range(19):
        ClaimQuote.objects.create(claim=claim, quote=make_quote())
        claim.correct(f"Correction {n}.")  # its corrections, listed under it, cost no query per row either
    ContentType.objects.clear_cache()
    with django_assert_num_queries(CLAIM_PAGE_QUERIES):
        response = editor_client.get(claim_page)
    page = response.content.decode()
    for quote in claim.quotes.select_related("speaker"):  # each row's quote box shows its quote
        assert f'<option value="{quote.pk}" selected>{quote}</option>' in page


# Corrections to published fact checks, from the claim form.

CORRECTION = "We misread the department's table: murders fell 76 percent, not 82."


def correction_form(claim, **fields):
    """The change form of a published claim as it stands, with its read-only corrections."""
    as_it_stands = {
        "text": claim.text,
        "summary": claim.summary,
        "ruling": claim.ruling,
        "rating": claim.rating_id,
        "status": claim.status,
        "corrections-TOTAL_FORMS": "0",
        "corrections-INITIAL_FORMS": "0",
        "correction": "",
    }
    return claim_form(claim.speaker, **{**as_it_stands, **fields})


@pytest.mark.parametrize("persona", ["editor_client", "fact_checker_client"])
def test_a_published_verdict_is_changed_with_a_correction_note(request, persona):
    user_client = request.getfixturevalue(persona)
    claim = make_claim(evidence=0)
    false = Rating.objects.get(slug="false")

    response = user_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        correction_form(claim, rating=false.pk, correction=CORRECTION),
    )

    assert response.status_code == 302
    (correction,) = claim.corrections.all()
    assert (correction.previous_rating.slug, correction.new_rating.slug, correction.note) == (
        "true",
        "false",
        CORRECTION,
    )
    assert correction.corrected_by == response.wsgi_request.user
    claim.refresh_from_db()
    assert claim.rating == false


def test_a_published_verdict_changed_without_a_note_is_sent_back_to_the_editor(editor_client):
    claim = make_claim(evidence=0)

    response = editor_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        correction_form(claim, rating=Rating.objects.get(slug="false").pk),
    )

    assert "needs a correction note" in form_errors(response)["correction"][0]
    claim.refresh_from_db()
    assert (claim.rating.slug, claim.corrections.count()) == ("true", 0)


@pytest.mark.parametrize(
    ("note", "error"),
    [("x" * 2001, "at most 2000 characters"), ("fell\x00 76 percent", "Null characters are not allowed")],
    ids=["too long", "NUL byte"],
)
def test_a_correction_note_readers_could_not_read_is_a_form_error(editor_client, note, error):
    claim = make_claim(evidence=0)

    response = editor_client.post(
        reverse("admin:claims_claim_change", args=[claim.pk]),
        correction_form(claim, rating=Rating.objects.get(slug="false").pk, correction=note),
    )

    assert error in " ".join(form_errors(response)["correction"])
    assert claim.corrections.count() == 0


def test_the_correction_note_is_offered_for_published_fact_checks_only(editor_client):
    draft, published = make_claim(status=Status.DRAFT), make_claim()

    draft_page = editor_client.get(reverse("admin:claims_claim_change", args=[draft.pk])).content.decode()
    published_page = editor_client.get(reverse("admin:claims_claim_change", args=[published.pk])).content.decode()

    assert 'name="correction"' not in draft_page
    assert 'name="correction"' in published_page


def test_the_claim_form_shows_its_corrections_as_a_record_not_to_edit(editor_client):
    claim = make_claim(evidence=0)
    claim.rating = Rating.objects.get(slug="half-true")
    claim.correct(CORRECTION)

    page = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk])).content.decode()

    assert escape(CORRECTION) in page
    assert "Verdict changed" in page
    assert 'name="corrections-0-note"' not in page
    assert 'name="corrections-0-DELETE"' not in page
