"""Speakers and their other names: identity rules the database keeps even outside the admin."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from speakers.models import Alias, Speaker
from tests.factories import make_claim, make_quote, make_speaker

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("wikidata_id", ["Q12a", "12", "q5", "Q0", "Q012", "Q 5", "Q5\n"])
def test_the_database_refuses_a_malformed_wikidata_id(wikidata_id):
    speaker = make_speaker()

    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.filter(pk=speaker.pk).update(wikidata_id=wikidata_id)


def test_the_database_refuses_two_speakers_with_the_same_wikidata_id():
    make_speaker(name="Bill de Blasio", wikidata_id="Q2439383")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_speaker(name="Bill De Blasio", wikidata_id="Q2439383")


def test_many_speakers_can_have_no_wikidata_id():
    make_speaker(wikidata_id="")
    make_speaker(wikidata_id="")

    assert Speaker.objects.filter(wikidata_id="").count() == 2


def test_the_database_refuses_a_speaker_without_a_name():
    with pytest.raises(IntegrityError), transaction.atomic():
        Speaker.objects.create(name="", slug="nobody")


def test_the_database_refuses_the_same_alternative_name_twice_for_one_speaker():
    speaker = make_speaker(name="Bill de Blasio")
    Alias.objects.create(speaker=speaker, name="the mayor")

    with pytest.raises(IntegrityError), transaction.atomic():
        Alias.objects.bulk_create([Alias(speaker=speaker, name="the mayor")])


def test_two_speakers_can_share_an_alternative_name():
    Alias.objects.create(speaker=make_speaker(), name="the mayor")
    Alias.objects.create(speaker=make_speaker(), name="the mayor")

    assert Alias.objects.filter(name="the mayor").count() == 2


def test_full_clean_explains_the_wikidata_id_format():
    speaker = Speaker(name="Bill de Blasio", slug="bill-de-blasio", wikidata_id="q2439383")

    with pytest.raises(ValidationError) as error:
        speaker.full_clean()

    assert error.value.message_dict["wikidata_id"] == ["A Wikidata ID is Q followed by digits, e.g. Q2439383."]


def test_deleting_a_speaker_who_has_quotes_is_refused():
    quote = make_quote()

    with pytest.raises(ProtectedError):
        quote.speaker.delete()
    assert Speaker.objects.filter(pk=quote.speaker.pk).exists()


def test_deleting_a_speaker_who_has_claims_is_refused():
    claim = make_claim()

    with pytest.raises(ProtectedError):
        claim.speaker.delete()
    assert Speaker.objects.filter(pk=claim.speaker.pk).exists()


def test_deleting_a_speaker_without_quotes_takes_their_alternative_names_along():
    speaker = make_speaker()
    Alias.objects.create(speaker=speaker, name="the mayor")

    speaker.delete()

    assert not Alias.objects.filter(name="the mayor").exists()


def test_a_speaker_reads_as_name_and_title():
    assert str(make_speaker(name="Bill de Blasio", title="Mayor of New York")) == "Bill de Blasio (Mayor of New York)"


def test_a_speaker_without_a_title_reads_as_the_name_alone():
    assert str(make_speaker(name="NYPD", title="", kind=Speaker.Kind.ORGANISATION)) == "NYPD"


def test_an_alternative_name_reads_as_itself():
    assert str(Alias.objects.create(speaker=make_speaker(), name="de Blasio")) == "de Blasio"
