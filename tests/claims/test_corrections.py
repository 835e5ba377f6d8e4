"""Corrections: a published verdict changes only with a dated correction that names the verdict it replaced;
corrections of fact get a dated note; readers see them at the top of the fact check and on /corrections/."""

import datetime
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from claims.models import Claim, Correction
from publishing.models import Status
from tests.factories import make_claim, make_quote, make_speaker, rating
from tests.public_site import get_page

pytestmark = pytest.mark.django_db

NOTE = "We misread the department's table: murders fell 76 percent, not 82."


@pytest.fixture
def claim():
    quote = make_quote(speaker=make_speaker(name="Bill de Blasio"), text="Murder is down 82 percent since 1993.")
    return make_claim(quotes=[quote], text="Murder in New York is down 82 percent since 1993", rating=rating("true"))


def on_record(claim):
    return Claim.objects.select_related("rating").get(pk=claim.pk)


# The rule, wherever the change comes from.


def test_a_published_verdict_does_not_change_without_a_correction(claim):
    claim.rating = rating("false")

    with pytest.raises(ValidationError) as refused:
        claim.save()

    assert "correction" in refused.value.message_dict
    assert on_record(claim).rating.slug == "true"
    assert not Correction.objects.exists()


def test_correcting_a_verdict_records_the_verdict_it_replaced(claim, editor):
    claim.rating = rating("mostly-true")
    claim.correct(NOTE, by=editor)

    (correction,) = Correction.objects.all()
    assert correction.kind == Correction.Kind.VERDICT
    assert (correction.previous_rating.slug, correction.new_rating.slug) == ("true", "mostly-true")
    assert (correction.note, correction.corrected_by, correction.claim) == (NOTE, editor, claim)
    assert timezone.now() - correction.published_at < datetime.timedelta(minutes=1)
    assert on_record(claim).rating.slug == "mostly-true"


def test_a_correction_of_fact_keeps_the_verdict(claim):
    claim.ruling = "The official figures agree: murders fell from 1,946 in 1993 to 335 in 2016."
    claim.correct("An earlier version gave the 1993 figure as 1,927.")

    (correction,) = Correction.objects.all()
    assert correction.kind == Correction.Kind.FACT
    assert (correction.previous_rating, correction.new_rating) == (None, None)
    assert on_record(claim).ruling.startswith("The official figures agree: murders fell from 1,946")


def test_a_typo_fix_needs_no_correction(claim):
    claim.ruling = "The official figures agree."
    claim.save()

    assert not Correction.objects.exists()


def test_a_draft_changes_its_verdict_freely_and_takes_no_correction(claim):
    draft = make_claim(status=Status.DRAFT)
    draft.rating = rating("false")
    draft.save()
    assert on_record(draft).rating.slug == "false"

    with pytest.raises(ValidationError, match="Only a published fact check takes corrections"):
        draft.correct(NOTE)
    assert not Correction.objects.exists()


def test_a_retracted_fact_check_keeps_the_verdict_it_was_withdrawn_with(claim):
    claim.retract("We could not confirm the figures.")
    claim.rating = rating("false")

    with pytest.raises(ValidationError) as refused:
        claim.save()
    assert "rating" in refused.value.message_dict
    with pytest.raises(ValidationError, match="takes no corrections"):
        claim.correct(NOTE)
    assert on_record(claim).rating.slug == "true"


def test_a_stale_copy_cannot_change_a_verdict_published_since_it_was_loaded():
    copy = make_claim(status=Status.DRAFT)  # loaded while a draft, when verdicts change freely
    Claim.objects.get(pk=copy.pk).publish()  # another editor publishes it
    copy.refresh_from_db()

    copy.rating = rating("false")
    with pytest.raises(ValidationError, match="needs a correction note"):
        copy.save()
    assert on_record(copy).rating.slug == "true"


def test_a_stale_copy_cannot_revert_a_verdict_another_editor_corrected(claim):
    stale = Claim.objects.get(pk=claim.pk)
    claim.rating = rating("false")
    claim.correct(NOTE)

    stale.ruling = "A typo fixed in the old copy."
    with pytest.raises(ValidationError, match="needs a correction note"):
        stale.save()
    assert on_record(claim).rating.slug == "false"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_save_waits_for_a_correction_in_progress_and_then_cannot_revert_it():
    """Editor A corrects the verdict; editor B saves a typo fix from a copy loaded before. B's save waits for A's
    to commit, then sees the new verdict: B would be undoing a correction, which needs a note of its own."""
    claim = make_claim(rating=rating("true"))
    b_copy = Claim.objects.get(pk=claim.pk)
    a_has_written, refused = threading.Event(), []

    def editor_a():
        try:
            with transaction.atomic():
                a_copy = Claim.objects.get(pk=claim.pk)
                a_copy.rating = rating("false")
                a_copy.correct(NOTE)
                a_has_written.set()
                time.sleep(0.5)  # B saves now, and must wait
        finally:
            connection.close()

    a = threading.Thread(target=editor_a)
    a.start()
    assert a_has_written.wait(10)
    b_copy.ruling = "A typo fixed."
    try:
        b_copy.save()
    except ValidationError as error:
        refused.append(error)
    a.join()

    assert refused and "needs a correction note" in str(refused[0])
    assert on_record(claim).rating.slug == "false"
    assert Correction.objects.get().new_verdict == "False"


def test_rewording_the_scale_later_does_not_rewrite_what_a_correction_said(client, claim):
    claim.rating = rating("false")
    claim.correct(NOTE)
    true = rating("true")
    true.name = "Accurate"
    true.save()

    page = get_page(client, claim.get_absolute_url())

    assert "We had rated this claim “True”; our verdict is now “False”." in page.text


def test_retracting_with_a_new_verdict_is_refused(claim):
    claim.rating = rating("false")
    claim.status = Status.RETRACTED
    claim.retraction_notice = "We could not confirm the figures."

    with pytest.raises(ValidationError):
        claim.correct(NOTE)
    assert (on_record(claim).status, on_record(claim).rating.slug) == (Status.PUBLISHED, "true")


def test_publishing_and_correcting_in_one_save_is_refused():
    draft = make_claim(status=Status.DRAFT)
    draft.status = Status.PUBLISHED

    with pytest.raises(ValidationError, match="Only a published fact check"):
        draft.correct(NOTE)
    assert on_record(draft).status == Status.DRAFT


@pytest.mark.parametrize(
    "note", ["", "   \n", "x" * 2001, "murders\x00fell"], ids=["empty", "blank", "too long", "NUL byte"]
)
def test_a_correction_note_that_readers_could_not_read_is_refused(claim, note):
    claim.rating = rating("false")

    with pytest.raises(ValidationError) as refused:
        claim.correct(note)

    assert "correction" in refused.value.message_dict
    assert on_record(claim).rating.slug == "true"
    assert not Correction.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "verdict"},
        {"kind": "verdict", "previous_rating_slug": "true", "new_rating_slug": "true"},
        {"kind": "fact", "previous_rating_slug": "true", "new_rating_slug": "false"},
        {"kind": "fact", "note": " "},
    ],
    ids=["verdict change naming no verdicts", "verdict change to the same verdict", "fact naming verdicts", "blank"],
)
def test_the_database_refuses_a_correction_that_does_not_add_up(claim, fields):
    fields = {"note": NOTE, **fields}
    for end in ("previous_rating", "new_rating"):
        if slug := fields.pop(f"{end}_slug", None):
            fields[end] = rating(slug)

    with pytest.raises(IntegrityError), transaction.atomic():
        Correction.objects.create(claim=claim, **fields)


# The database's own check, for writes that go around Claim.save().


def check_deferred_constraints():
    """Run the checks PostgreSQL keeps for the commit now (tests here never commit)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_database_refuses_a_published_verdict_changed_by_a_bulk_update(claim):
    with pytest.raises(IntegrityError, match="changed without a correction"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(rating=rating("false"))
        check_deferred_constraints()
    assert on_record(claim).rating.slug == "true"


def test_the_database_accepts_a_verdict_change_recorded_as_a_correction(claim):
    claim.rating = rating("false")
    claim.correct(NOTE)
    check_deferred_constraints()  # no error

    assert on_record(claim).rating.slug == "false"


def test_the_database_lets_drafts_change_their_verdict_freely():
    draft = make_claim(status=Status.DRAFT)
    Claim.objects.filter(pk=draft.pk).update(rating=rating("false"))
    check_deferred_constraints()  # no error

    assert on_record(draft).rating.slug == "false"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_old_correction_does_not_license_a_new_silent_change():
    claim = make_claim(rating=rating("true"))
    for slug in ("false", "true"):  # True → False, then back: each recorded, each committed
        claim.rating = rating(slug)
        claim.correct(f"Now {slug}.")

    # The same change as the first correction, written around the model in a later transaction.
    with pytest.raises(IntegrityError, match="changed without a correction"), transaction.atomic():
        Claim.objects.filter(pk=claim.pk).update(rating=rating("false"))
    assert on_record(claim).rating.slug == "true"


# What readers see.


def test_the_fact_check_page_shows_its_corrections_dated_above_the_article(client, claim):
    claim.ruling = "The official figures agree: murders fell from 1,946 in 1993 to 335 in 2016."
    claim.correct("An earlier version gave the 1993 figure as 1,927.")
    claim.rating = rating("mostly-true")
    claim.correct(NOTE)
    today = timezone.localdate().strftime("%B %-d, %Y")

    page = get_page(client, claim.get_absolute_url())

    verdict_changed = f"Verdict changed, {today}. We had rated this claim “True”; our verdict is now “Mostly true”. "
    assert verdict_changed + NOTE in page.text
    assert f"Correction, {today}. An earlier version gave the 1993 figure as 1,927." in page.text
    # Newest first, and both before the claim itself.
    assert page.text.index(NOTE) < page.text.index("1,927.") < page.text.index("Our verdict:")
    assert page.verdicts() == ["Mostly true"]


def test_a_fact_check_without_corrections_shows_no_corrections_box(client, claim):
    page = get_page(client, claim.get_absolute_url())

    assert 'aria-label="Corrections"' not in page.html
    assert "Verdict changed" not in page.text


def test_a_correction_note_is_shown_as_text_not_markup(client, claim):
    claim.correct('<script>alert("x")</script> We <b>misread</b> the table.')

    page = get_page(client, claim.get_absolute_url())

    assert "<script>alert" not in page.html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; We &lt;b&gt;misread&lt;/b&gt; the table." in page.html


def test_the_corrections_page_lists_every_correction_newest_first_with_its_fact_check(client, claim):
    other = make_claim(text="Shootings are at a record low")
    claim.rating = rating("half-true")
    claim.correct(NOTE)
    other.correct("We named the wrong precinct.")

    page = get_page(client, reverse("corrections"))

    assert page.title.startswith("Corrections")
    assert page.text.index("We named the wrong precinct.") < page.text.index(NOTE)
    # Each links to the correction on its fact check's page.
    linked = [href for href in page.hrefs() if "#correction-" in href]
    assert linked == [correction.get_absolute_url() for correction in Correction.objects.order_by("-id")]
    assert linked[0].startswith(other.get_absolute_url())
    assert "We had rated this claim “True”; our verdict is now “Half true”." in page.text
    assert claim.speaker.get_absolute_url() in page.hrefs()


def test_a_retracted_fact_checks_corrections_stay_listed(client, claim):
    claim.correct(NOTE)
    claim.retract("We could not confirm the figures.")

    assert NOTE in get_page(client, reverse("corrections")).text


def test_the_corrections_page_shows_only_corrections_to_public_fact_checks(client, claim):
    draft = make_claim(status=Status.DRAFT, text="A claim still in draft")
    # Claim.correct() refuses drafts; a row written around it must not leak either.
    Correction.objects.create(claim=draft, kind=Correction.Kind.FACT, note="Draft-only correction")
    claim.correct(NOTE)

    page = get_page(client, reverse("corrections"))

    assert NOTE in page.text
    assert "Draft-only correction" not in page.html
    assert "A claim still in draft" not in page.html


def test_the_corrections_page_says_when_there_are_none(client):
    assert "No corrections yet." in get_page(client, reverse("corrections")).text


@pytest.mark.parametrize("rows", [1, 50])
def test_the_corrections_page_runs_the_same_queries_for_1_or_50_corrections(client, django_assert_num_queries, rows):
    claims = [make_claim() for _ in range(rows)]
    for claim in claims:
        claim.rating = rating("false")
        claim.correct(NOTE)

    # site version, and one page of corrections with their fact checks, speakers and verdicts
    with django_assert_num_queries(2):
        page = get_page(client, reverse("corrections"))

    assert page.text.count(NOTE) == min(rows, 20)


def test_the_corrections_page_pages_by_cursor(client, claim):
    for n in range(25):
        claim.correct(f"Correction number {n}.")

    first = get_page(client, reverse("corrections"))
    second = get_page(client, reverse("corrections") + first.next_page())

    assert [n for n in range(25) if f"Correction number {n}." in first.text] == list(range(5, 25))
    assert [n for n in range(25) if f"Correction number {n}." in second.text] == list(range(5))
    assert second.next_page() is None


@pytest.mark.parametrize("cursor", ["abc", "0", "-1", "1e3", "²", "9" * 30, "1\x00"])
def test_a_forged_corrections_cursor_is_a_400(client, cursor):
    response = client.get(reverse("corrections"), {"after": cursor})

    assert response.status_code == 400


def test_the_methodology_page_links_to_the_corrections(client):
    assert reverse("corrections") in get_page(client, reverse("methodology")).hrefs()
