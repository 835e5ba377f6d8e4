from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from publishing.models import PUBLIC_STATUSES, Publishable, Status
from publishing.search import search_vector
from quotes.models import Quote
from speakers.models import Speaker


class RatingQuerySet(models.QuerySet):
    def scale(self):
        """The numeric scale's ends: {"best": highest value, "worst": lowest value}."""
        return self.aggregate(best=models.Max("value"), worst=models.Min("value"))


class Rating(models.Model):
    """One level of the newsroom's rating scale. The scale is data: editors can reword it."""

    name = models.CharField(max_length=100, unique=True, help_text="The verdict as readers see it, e.g. “Mostly true”.")
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(help_text="What this verdict means, published on the methodology page.")
    position = models.PositiveSmallIntegerField(
        "order", unique=True, help_text="Where the level sits on the scale, 1 first (the most accurate)."
    )
    value = models.PositiveSmallIntegerField(
        "numeric value",
        null=True,
        blank=True,
        help_text="The level's value on the numeric truth scale (higher is more accurate). Leave empty for "
        "verdicts outside it, such as “Unproven”: they carry no ratingValue in fact-check markup.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="Public pages showing this are re-rendered after it.")

    objects = RatingQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=1), name="rating_value_from_1"),
            models.UniqueConstraint(fields=["value"], name="rating_value_unique"),
        ]

    def __str__(self):
        return self.name


class Claim(Publishable):
    """A checkable assertion made in one or more quotes, and the newsroom's verdict on it."""

    text = models.TextField(
        "claim",
        max_length=1000,
        help_text="The assertion in the fact-checker's words, without the verdict, e.g. “Since 1993, murder in "
        "New York City is down 82 percent”.",
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="claims", db_index=False)
    quotes = models.ManyToManyField(
        Quote, through="ClaimQuote", related_name="claims", blank=True, help_text="The quotes it was made in."
    )
    rating = models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        verbose_name="verdict",
        db_index=False,
        help_text="Required before publishing.",
    )
    summary = models.CharField(
        "short ruling", max_length=300, blank=True, help_text="One sentence for lists, exports and social cards."
    )
    ruling = models.TextField(blank=True, help_text="The full ruling: what was checked, against what, and why.")
    fact_checker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="claims",
        help_text="Who researched and wrote the ruling.",
        db_index=False,
    )
    search = models.GeneratedField(
        expression=search_vector("text", "summary"), output_field=SearchVectorField(), db_persist=True, editable=False
    )

    class Meta(Publishable.Meta):
        ordering = ["-first_published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(text__regex=r"\S"), name="claim_text_not_blank"),
            models.CheckConstraint(
                condition=~Q(status__in=PUBLIC_STATUSES) | (Q(rating__isnull=False) & Q(ruling__regex=r"\S")),
                name="claim_public_has_verdict_and_ruling",
            ),
            *Publishable.publication_constraints("claim"),
        ]
        indexes = [
            # The speaker page's claims and scorecard.
            models.Index(fields=["speaker", "rating"], name="claim_speaker_rating_idx"),
            # Full-text search on the claim list.
            GinIndex(fields=["search"], name="claim_search_idx"),
            # The claim list's verdict filter; deleting a rating checks no claim uses it (PROTECT).
            models.Index(fields=["rating"], name="claim_rating_idx"),
            # Deleting a user checks no claim names them as its fact-checker (PROTECT).
            models.Index(fields=["fact_checker"], name="claim_fact_checker_idx"),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 100 else self.text[:99] + "…"

    def get_absolute_url(self):
        return reverse("claims:detail", kwargs={"pk": self.pk, "slug": self.slug})

    # A correction to record with the next save (see correct()); the admin's claim form sets it too.
    pending_correction = None
    record_fields = ("status", "rating_id", "rating__name")

    def check_status_move(self):
        """A public claim needs its verdict and ruling; checked on every save, so bulk actions get a message too.

        A published verdict changes only with a correction readers see (correct()).
        """
        super().check_status_move()
        errors = {}
        if self.is_public and self.rating_id is None:
            errors["rating"] = "Give the claim a verdict before publishing it."
        if self.is_public and not self.ruling.strip():
            errors["ruling"] = "Write the ruling before publishing the claim."
        errors.update(self.correction_errors())
        if errors:
            raise ValidationError(errors)

    def correction_errors(self):
        was = getattr(self, "_saved_status", None)
        correction = self.pending_correction
        if was not in PUBLIC_STATUSES:
            if correction is not None:
                return {"correction": "Only a published fact check takes corrections: edit a draft freely."}
            return {}
        verdict_changed = self.rating_id != self.on_record()["rating_id"]
        if was == Status.RETRACTED or self.is_retracted:
            if correction is not None:
                return {"correction": "A retracted fact check takes no corrections: its notice explains why."}
            if verdict_changed:
                return {"rating": "A retracted fact check keeps the verdict it was withdrawn with."}
            return {}
        if correction is None:
            if verdict_changed:
                return {
                    "correction": "This fact check is published: changing its verdict needs a correction note, "
                    "which readers see at the top of the page, dated, with the verdict it replaced."
                }
            return {}
        if not correction.note.strip():
            return {"correction": "Write what was corrected, for readers."}
        if len(correction.note) > CORRECTION_NOTE_LENGTH or "\x00" in correction.note:
            return {"correction": f"Keep the note to {CORRECTION_NOTE_LENGTH:,} characters of plain text."}
        return {}

    def on_record(self):
        """The claim as the database holds it, what readers have been shown: the row save() has locked, if
        saving, else as read now."""
        record = self.locked_record or self.read_record()
        return record or {"status": None, "rating_id": None, "rating__name": ""}

    def prepare_status_move(self):
        """Check and stamp the move; with a correction pending, fill in what it changes."""
        super().prepare_status_move()
        if self.pending_correction is not None:
            self.pending_correction.describe(self, self.on_record())

    def save(self, *args, **kwargs):
        correction = self.pending_correction
        if correction is None:
            return super().save(*args, **kwargs)
        with transaction.atomic():
            super().save(*args, **kwargs)
            correction.save()
        self.pending_correction = None

    def correct(self, note, by=None):
        """Save this published fact check's edits with a dated correction, shown at the top of its page.

        If the verdict changed, the correction records the verdict it replaced; otherwise it is a correction of
        fact that leaves the verdict as it was. A typo fix needs no correction: save() it.
        """
        self.pending_correction = Correction(note=note, corrected_by=by)
        try:
            self.save()
        finally:
            self.pending_correction = None

    @property
    def slug(self):
        return slugify(self.text[:80]) or "claim"


class ClaimQuote(models.Model):
    """Links a claim to a quote it was made in. Deleting a quote that carries a claim is refused."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="claim_quotes", db_index=False)
    quote = models.ForeignKey(Quote, on_delete=models.PROTECT, related_name="claim_quotes", db_index=False)

    class Meta:
        verbose_name = "quote carrying the claim"
        verbose_name_plural = "quotes carrying the claim"
        constraints = [
            # Also the index for a claim's quotes.
            models.UniqueConstraint(fields=["claim", "quote"], name="claim_quote_unique"),
        ]
        indexes = [
            # The claims made in a page's quotes (every quote list and quote page prefetches them).
            models.Index(fields=["quote"], name="claim_quote_by_quote_idx"),
        ]

    def __str__(self):
        return str(self.quote)


class Evidence(models.Model):
    """A source the ruling relies on."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="evidence", db_index=False)
    title = models.CharField(max_length=500)
    publisher = models.CharField(max_length=300, blank=True, help_text="Who published the source, e.g. “NYPD”.")
    url = models.URLField("URL", max_length=2000, blank=True, validators=[URLValidator(schemes=["http", "https"])])
    accessed_on = models.DateField(null=True, blank=True, help_text="When the fact-checker read the source.")
    position = models.PositiveSmallIntegerField("order", default=1)

    class Meta:
        verbose_name_plural = "evidence"
        ordering = ["claim", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(title=""), name="evidence_title_not_empty"),
            models.CheckConstraint(condition=Q(url="") | Q(url__regex=r"^https?://"), name="evidence_url_is_http"),
        ]
        indexes = [
            # The claim page lists its evidence in order.
            models.Index(fields=["claim", "position"], name="evidence_claim_order_idx"),
        ]

    def __str__(self):
        return self.title


CORRECTION_NOTE_LENGTH = 2000


class CorrectionQuerySet(models.QuerySet):
    def public(self):
        """Corrections to public fact checks (published, or retracted with their notice)."""
        return self.filter(claim__status__in=PUBLIC_STATUSES)


def verdict_key(verbose_name):
    """A rating a correction names; set for verdict changes only, and protecting the rating from deletion."""
    return models.ForeignKey(
        Rating,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        verbose_name=verbose_name,
        editable=False,
    )


class Correction(models.Model):
    """A dated correction to a published fact check. Readers see it at the top of the fact check's page and on
    the corrections page; it is never edited or deleted. Made by Claim.correct()."""

    class Kind(models.TextChoices):
        VERDICT = "verdict", "Verdict changed"
        FACT = "fact", "Correction"

    claim = models.ForeignKey(Claim, on_delete=models.PROTECT, related_name="corrections", db_index=False)
    kind = models.CharField(
        max_length=20,
        choices=Kind.choices,
        editable=False,
        help_text="“Verdict changed” when the correction replaced the verdict; else a correction of fact.",
    )
    note = models.TextField(
        max_length=CORRECTION_NOTE_LENGTH, help_text="What was wrong and what is corrected, for readers."
    )
    previous_rating = verdict_key("verdict before")
    new_rating = verdict_key("verdict after")
    previous_verdict = models.CharField(
        "verdict before, as worded then",
        max_length=100,
        blank=True,
        editable=False,
        help_text="The verdict's name when the correction was made: rewording the scale later does not rewrite it.",
    )
    new_verdict = models.CharField("verdict after, as worded then", max_length=100, blank=True, editable=False)
    published_at = models.DateTimeField(
        db_default=Now(),
        editable=False,
        help_text="When readers were told: the database's clock, which its check of verdict changes reads.",
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        editable=False,
        help_text="Who saved the correction.",
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(note__regex=r"\S"), name="correction_note_not_blank"),
            models.CheckConstraint(
                condition=(
                    Q(kind="verdict", previous_rating__isnull=False, new_rating__isnull=False)
                    & ~Q(previous_rating=models.F("new_rating"))
                    & Q(previous_verdict__regex=r"\S", new_verdict__regex=r"\S")
                )
                | Q(
                    kind="fact",
                    previous_rating__isnull=True,
                    new_rating__isnull=True,
                    previous_verdict="",
                    new_verdict="",
                ),
                name="correction_verdict_change_names_both_verdicts",
            ),
        ]
        indexes = [
            # The fact check's page lists its corrections, newest first.
            models.Index(fields=["claim", "-published_at"], name="correction_claim_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}, {timezone.localtime(self.published_at):%B %-d, %Y}"

    def get_absolute_url(self):
        return f"{self.claim.get_absolute_url()}#correction-{self.pk}"

    def describe(self, claim, record):
        """Fill in what the correction changes: the claim's verdict on record (a locked row while saving) and now."""
        changed = record["rating_id"] != claim.rating_id
        self.claim = claim
        self.kind = self.Kind.VERDICT if changed else self.Kind.FACT
        self.previous_rating_id = record["rating_id"] if changed else None
        self.previous_verdict = record["rating__name"] if changed else ""
        self.new_rating = claim.rating if changed else None
        self.new_verdict = claim.rating.name if changed else ""
