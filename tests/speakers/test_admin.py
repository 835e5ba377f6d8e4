"""The editors' admin for speakers and their other names."""

import pytest
from django.urls import reverse

from speakers.models import Alias, Speaker
from tests.factories import make_speaker

pytestmark = pytest.mark.django_db

SPEAKER_ADD = reverse("admin:speakers_speaker_add")
SPEAKER_CHANGELIST = reverse("admin:speakers_speaker_changelist")


def speaker_form(*aliases, **fields):
    """Everything the speaker add form posts, with one inline row per alternative name."""
    data = {
        "name": "Bill de Blasio",
        "slug": "bill-de-blasio",
        "kind": Speaker.Kind.PERSON,
        "title": "Mayor of New York City",
        "organisation": "City of New York",
        "wikidata_id": "Q2439383",
        "aliases-TOTAL_FORMS": str(len(aliases)),
        "aliases-INITIAL_FORMS": "0",
        "aliases-MIN_NUM_FORMS": "0",
        "aliases-MAX_NUM_FORMS": "1000",
        **fields,
    }
    for i, alias in enumerate(aliases):
        data[f"aliases-{i}-name"] = alias
    return data


def form_errors(response):
    assert response.status_code == 200, "the form should be shown again with its errors"
    return response.context["adminform"].form.errors


def test_an_editor_adds_a_speaker_with_alternative_names(editor_client):
    response = editor_client.post(SPEAKER_ADD, speaker_form("de Blasio", "the mayor"))

    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert (speaker.name, speaker.slug, speaker.kind) == ("Bill de Blasio", "bill-de-blasio", "person")
    assert (speaker.title, speaker.organisation) == ("Mayor of New York City", "City of New York")
    assert speaker.wikidata_id == "Q2439383"
    assert sorted(speaker.aliases.values_list("name", flat=True)) == ["de Blasio", "the mayor"]


def test_an_editor_adds_an_organisation_without_a_wikidata_id(editor_client):
    response = editor_client.post(
        SPEAKER_ADD,
        speaker_form(
            name="NYPD", slug="nypd", kind=Speaker.Kind.ORGANISATION, title="", organisation="", wikidata_id=""
        ),
    )

    assert response.status_code == 302
    assert Speaker.objects.get().kind == Speaker.Kind.ORGANISATION


def test_an_editor_changes_a_speakers_title_and_adds_an_alternative_name(editor_client):
    speaker = make_speaker(name="Bill de Blasio", slug="bill-de-blasio", wikidata_id="Q2439383")

    response = editor_client.post(
        reverse("admin:speakers_speaker_change", args=[speaker.pk]),
        speaker_form("the former mayor", title="Former mayor of New York City"),
    )

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.title == "Former mayor of New York City"
    assert list(speaker.aliases.values_list("name", flat=True)) == ["the former mayor"]


@pytest.mark.parametrize("wikidata_id", ["Q12a", "12", "q5", "Q0", "wd:Q2439383"])
def test_a_malformed_wikidata_id_is_explained(editor_client, wikidata_id):
    response = editor_client.post(SPEAKER_ADD, speaker_form(wikidata_id=wikidata_id))

    assert form_errors(response)["wikidata_id"] == ["A Wikidata ID is Q followed by digits, e.g. Q2439383."]
    assert not Speaker.objects.exists()


def test_a_wikidata_id_already_on_file_is_refused(editor_client):
    make_speaker(name="Bill de Blasio", wikidata_id="Q2439383")

    response = editor_client.post(SPEAKER_ADD, speaker_form(name="Bill De Blasio", slug="bill-de-blasio-2"))

    assert form_errors(response)["wikidata_id"] == ["Another speaker already has this Wikidata ID."]
    assert Speaker.objects.count() == 1


def test_a_slug_already_on_file_is_refused(editor_client):
    make_speaker(slug="bill-de-blasio")

    response = editor_client.post(SPEAKER_ADD, speaker_form())

    assert form_errors(response)["slug"] == ["Speaker with this Slug already exists."]
    assert Speaker.objects.count() == 1


def test_the_same_alternative_name_twice_is_refused_in_the_inline(editor_client):
    response = editor_client.post(SPEAKER_ADD, speaker_form("the mayor", "the mayor"))

    assert response.status_code == 200
    (aliases,) = response.context["inline_admin_formsets"]
    assert aliases.formset.non_form_errors() == ["Please correct the duplicate data for name."]
    assert not Speaker.objects.exists()
    assert not Alias.objects.exists()


def test_a_nul_byte_in_a_name_is_refused(editor_client):
    response = editor_client.post(SPEAKER_ADD, speaker_form(name="Bill\x00de Blasio"))

    assert form_errors(response)["name"] == ["Null characters are not allowed."]
    assert not Speaker.objects.exists()


def test_a_script_in_a_name_is_stored_as_typed_and_shown_as_text(editor_client):
    payload = "<script>alert(1)</script>"

    editor_client.post(SPEAKER_ADD, speaker_form(name=payload))
    response = editor_client.get(SPEAKER_CHANGELIST)

    assert Speaker.objects.get().name == payload
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.content.decode()
    assert payload not in response.content.decode()


def test_the_speaker_list_finds_a_speaker_by_an_alternative_name(editor_client):
    speaker = make_speaker(name="Bill de Blasio")
    Alias.objects.create(speaker=speaker, name="the mayor")
    make_speaker(name="Andrew Cuomo")

    response = editor_client.get(SPEAKER_CHANGELIST, {"q": "mayor"})

    assert list(response.context["cl"].result_list) == [speaker]


# Session, user, user and group permissions, total and filtered counts, the page of speakers.
SPEAKER_CHANGELIST_QUERIES = 7


def test_the_speaker_changelist_runs_the_same_queries_for_2_and_30_speakers(editor_client, django_assert_num_queries):
    for _ in range(2):
        Alias.objects.create(speaker=make_speaker(), name="the mayor")
    with django_assert_num_queries(SPEAKER_CHANGELIST_QUERIES):
        response = editor_client.get(SPEAKER_CHANGELIST)
    assert len(response.context["cl"].result_list) == 2

    for _ in range(28):
        Alias.objects.create(speaker=make_speaker(), name="the mayor")
    with django_assert_num_queries(SPEAKER_CHANGELIST_QUERIES):
        response = editor_client.get(SPEAKER_CHANGELIST)
    assert len(response.context["cl"].result_list) == 30
