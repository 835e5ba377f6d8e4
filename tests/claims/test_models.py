"""Claims, their verdicts and their sources: rules the database keeps even outside the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import Claim, ClaimQuote, Evidence, Rating
from publishing.models import Status
from quotes.models import Quote
from tests.factories import make_claim, make_quote, make_speaker

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_claim_without_a_speaker():
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(text="Crime is down 82 percent", speaker=None, status=Status.DRAFT)


def test_the_database_refuses_to_remove_the_speaker_of_a_claim():
    claim = make_claim()

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(speaker=None)


def test_the_database_refuses_a_blank_claim():
    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.create(text="  ", speaker=make_speaker(), status=Status.DRAFT)


def test_the_database_refuses_a_published_claim_without_a_verdict():
    claim = make_claim()

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(rating=None)
    claim.refresh_from_db()
    assert claim.rating.slug == "true"


def test_the_database_refuses_a_published_claim_without_a_ruling():
    speaker = make_speaker()
    published = Claim(
        text="Crime is down",
        speaker=speaker,
        rating=Rating.objects.get(slug="true"),
        ruling=" ",
        status=Status.PUBLISHED,
        first_published_at=timezone.now(),
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Claim.objects.bulk_create([published])


def test_a_draft_claim_may_wait_for_its_verdict():
    claim = make_claim(status=Status.DRAFT, rating=None, ruling="")

    assert Claim.objects.get(pk=claim.pk).rating is None


def test_publishing_a_claim_without_a_verdict_is_refused_with_an_explanation():
    claim = make_claim(status=Status.DRAFT, rating=None, ruling="")

    with pytest.raises(ValidationError) as error:
        claim.publish()

    assert error.value.message_dict == {
        "rating": ["Give the claim a verdict before publishing it."],
        "ruling": ["Write the ruling before publishing the claim."],
    }
    claim.refresh_from_db()
    assert claim.status == Status.DRAFT


def test_publishing_a_claim_without_a_ruling_is_refused_with_an_explanation():
    claim = make_claim(status=Status.DRAFT, ruling="")

    with pytest.raises(ValidationError) as error:
        claim.publish()

    assert error.value.message_dict == {"ruling": ["Write the ruling before publishing the claim."]}
    assert Claim.objects.get(pk=claim.pk).status == Status.DRAFT


def test_deleting_a_quote_that_carries_a_claim_is_refused():
    quote = make_quote()
    make_claim(quotes=[quote])

    with pytest.raises(ProtectedError):
        quote.delete()
    assert Quote.objects.filter(pk=quote.pk).exists()


def test_deleting_a_claim_keeps_its_quotes_and_drops_its_links_and_sources():
    quote = make_quote()
    claim = make_claim(quotes=[quote], evidence=2, status=Status.DRAFT)

    claim.delete()

    assert Quote.objects.filter(pk=quote.pk).exists()
    assert not ClaimQuote.objects.filter(quote=quote).exists()
    assert not Evidence.objects.filter(claim_id=claim.pk).exists()


def test_deleting_a_verdict_that_claims_use_is_refused():
    make_claim(rating=Rating.objects.get(slug="false"))

    with pytest.raises(ProtectedError):
        Rating.objects.get(slug="false").delete()


def test_the_database_refuses_linking_a_claim_to_the_same_quote_twice():
    quote = make_quote()
    claim = make_claim(quotes=[quote])

    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimQuote.objects.create(claim=claim, quote=quote)


def test_the_database_refuses_a_rating_value_below_one():
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(slug="true").update(value=0)


def test_the_database_refuses_two_ratings_with_the_same_value_or_order():
    true = Rating.objects.get(slug="true")

    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(slug="false").update(value=true.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.filter(slug="false").update(position=true.position)


def test_several_ratings_can_sit_outside_the_numeric_scale():
    Rating.objects.create(name="Flip-flop", slug="flip-flop", description="Changed position.", position=99, value=None)

    assert Rating.objects.filter(value__isnull=True).count() == 2


def test_the_database_refuses_evidence_without_a_title_or_with_a_non_web_address():
    claim = make_claim()

    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=claim, title="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.create(claim=claim, title="Crime data", url="ftp://data.example/crime.csv")


def test_the_newsrooms_rating_scale_is_in_place_after_migrations():
    scale = list(Rating.objects.values_list("name", "value"))

    assert scale == [
        ("True", 6),
        ("Mostly true", 5),
        ("Half true", 4),
        ("Mostly false", 3),
        ("False", 2),
        ("Pants on fire", 1),
        ("Unproven", None),
    ]


def test_a_claim_reads_as_its_text_shortened_past_a_hundred_characters():
    short = make_claim(text="Crime is down 82 percent")
    long = make_claim(text="a" * 150)

    assert str(short) == "Crime is down 82 percent"
    assert str(long) == "a" * 99 + "…"


def test_ratings_sources_and_quote_links_read_as_editors_name_them():
    quote = make_quote(speaker=make_speaker(name="Bill de Blasio"), text="Crime is down.")
    claim = make_claim(quotes=[quote], evidence=0)
    evidence = Evidence.objects.create(
        claim=claim, title="CompStat 2016", url="https://www.nyc.gov/", accessed_on=datetime.date(2017, 4, 22)
    )

    assert str(Rating.objects.get(slug="mostly-true")) == "Mostly true"
    assert str(evidence) == "CompStat 2016"
    assert str(claim.claim_quotes.get()) == "Bill de Blasio: “Crime is down.”"
