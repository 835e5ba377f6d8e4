from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Max, Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.urls import reverse
from django.utils.text import slugify

from publishing.models import PUBLIC_STATUSES, Publishable, PublishableQuerySet, Status
from publishing.search import search_vector
from speakers.models import Speaker
from stories.models import Outlet, Story

from .fragments import text_fragment_url

MAX_QUOTE_LENGTH = 10_000


class QuoteQuerySet(PublishableQuerySet):
    def public(self):
        """Public quotes from public stories: a published quote in a draft story stays hidden."""
        return super().public().filter(story__status__in=PUBLIC_STATUSES)

    def locate_in_story(self):
        """Locate these quotes again, after their story's URL or text changed. Returns the quotes."""
        quotes = list(self.select_related("story"))
        for quote in quotes:
            quote.locate_in_story()
        self.model.objects.bulk_update(quotes, LOCATION_FIELDS, batch_size=1000)
        return quotes

    def accept_proposals(self, story, proposals):
        """Create extractor proposals (quotes/extract.py) as draft quotes of `story`, after its existing quotes.

        Skipped: a proposal whose words are already a quote of the story, one too long to be a quote, and one
        with no speaker. A proposal whose speaker is not known creates that speaker.
        Returns (quotes created, proposals skipped).
        """
        existing = {same_words(text) for text in story.quotes.values_list("text", flat=True)}
        position = story.quotes.aggregate(last=Max("position"))["last"] or 0
        speakers = Speaker.objects.in_bulk({p.speaker_slug for p in proposals if p.speaker_slug}, field_name="slug")
        created, skipped = [], 0
        for proposal in proposals:
            words = same_words(proposal.text)
            if words in existing or len(proposal.text) > MAX_QUOTE_LENGTH or not proposal.speaker:
                skipped += 1
                continue
            speaker_key = proposal.speaker_slug or proposal.speaker
            if speaker_key not in speakers:
                speakers[speaker_key] = Speaker.objects.create_from_name(proposal.speaker)
            position += 1
            created.append(
                self.create(
                    story=story,
                    speaker=speakers[speaker_key],
                    text=proposal.text,
                    extent=proposal.extent,
                    speaker_title=proposal.speaker_title[:300],
                    position=position,
                    status=Status.DRAFT,
                )
            )
            existing.add(words)
        return created, skipped


def same_words(text):
    """Quote text compared for duplicates: case, spacing and curly or straight marks aside."""
    return " ".join(text.casefold().replace("’", "'").replace("“", '"').replace("”", '"').split())


class Match(models.TextChoices):
    """How the quote was found in its story's text (issue 5: quotes/locate.py)."""

    VERBATIM = "verbatim", "Verbatim"
    TYPOGRAPHIC = "typographic", "Typographic variant"
    CLOSE = "close", "Close variant"
    NOT_FOUND = "not_found", "Not found"
    NO_TEXT = "no_text", "Story has no text to check against"


class Quote(Publishable):
    """What one outlet printed that a speaker said. Several outlets may print one utterance differently."""

    class Extent(models.TextChoices):
        FULL = "full", "Full quotation"
        FRAGMENT = "fragment", "Fragment inside the reporter's sentence"
        PARAPHRASE = "paraphrase", "Attributed paraphrase"

    class Medium(models.TextChoices):
        SPOKEN = "spoken", "Spoken"
        WRITTEN = "written", "Written statement"
        SOCIAL = "social", "Social-media post"
        INTERVIEW = "interview", "Interview"

    text = models.TextField(
        max_length=MAX_QUOTE_LENGTH,
        validators=[MaxLengthValidator(MAX_QUOTE_LENGTH)],
        help_text="Exactly as the story printed it, with its punctuation and curly quotes. "
        "For a paraphrase, the story's own words.",
    )
    story = models.ForeignKey(Story, on_delete=models.PROTECT, related_name="quotes", db_index=False)
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="quotes", db_index=False)
    speaker_title = models.CharField(
        "title as printed", max_length=300, blank=True, help_text="The speaker's title as this story gave it."
    )
    extent = models.CharField(max_length=20, choices=Extent.choices, default=Extent.FULL)
    medium = models.CharField(max_length=20, choices=Medium.choices, default=Medium.SPOKEN)
    said_on = models.DateField(
        null=True, blank=True, help_text="When it was said. Leave empty if the story does not say."
    )
    said_when = models.CharField(
        "when, as the story puts it", max_length=200, blank=True, help_text="E.g. “earlier this year”."
    )
    occasion = models.CharField(max_length=300, blank=True, help_text="E.g. “press conference”, “radio interview”.")
    place = models.CharField(max_length=300, blank=True)
    reported_via = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        help_text="The outlet this story credits for the quote (“Politico reported”), if any.",
    )
    position = models.PositiveIntegerField(
        "order in story", default=1, help_text="1 for the story's first quote, 2 for the next, and so on."
    )
    context = models.TextField(blank=True, help_text="A sentence of context, in the newsroom's words.")
    # Where the quote stands in its story's text, as a W3C TextPositionSelector (start, end: offsets in
    # Story.text) and TextQuoteSelector (prefix, exact = Story.text[start:end], suffix). Kept by save().
    source_start = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_end = models.PositiveIntegerField(null=True, blank=True, editable=False)
    source_prefix = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    source_suffix = models.CharField(max_length=64, blank=True, default="", db_default="", editable=False)
    source_match = models.CharField(
        "found in source",
        max_length=20,
        choices=Match.choices,
        default=Match.NO_TEXT,
        db_default=Match.NO_TEXT,
        editable=False,
    )
    source_match_score = models.FloatField(null=True, blank=True, editable=False)
    not_found_acknowledged = models.BooleanField(
        "publish although not found in source",
        default=False,
        db_default=False,
        help_text="The quote's words were not found in the story's text. Tick to confirm it may be published.",
    )
    # The story's URL with a text fragment that opens it at the quoted words: stored, so that exports
    # can be written by PostgreSQL alone.
    source_link = models.TextField(blank=True, default="", db_default="", editable=False)
    search = models.GeneratedField(
        expression=search_vector("text"), output_field=SearchVectorField(), db_persist=True, editable=False
    )

    objects = QuoteQuerySet.as_manager()

    class Meta(Publishable.Meta):
        ordering = ["story", "position"]
        constraints = [
            # Also the index behind a story's quotes in order (story page, admin inline).
            models.UniqueConstraint(fields=["story", "position"], name="quote_position_unique_in_story"),
            models.CheckConstraint(
                condition=Q(text__regex=r"\S") & Q(LessThanOrEqual(Length("text"), MAX_QUOTE_LENGTH)),
                name="quote_text_not_blank_max_10000",
            ),
            models.CheckConstraint(condition=Q(position__gte=1), name="quote_position_from_1"),
            *Publishable.publication_constraints("quote"),
        ]
        indexes = [
            # The speaker page and the quote list filtered by speaker: a speaker's quotes, newest first.
            models.Index(fields=["speaker", "-id"], name="quote_speaker_newest_idx"),
            # Full-text search on the quote list.
            GinIndex(fields=["search"], name="quote_search_idx"),
            # Deleting an outlet checks no quote credits it (PROTECT).
            models.Index(fields=["reported_via"], name="quote_reported_via_idx"),
        ]

    def __str__(self):
        words = self.text if len(self.text) <= 80 else self.text[:79] + "…"
        return f"{self.speaker.name}: “{words}”"

    def get_absolute_url(self):
        return reverse("quotes:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(f"{self.speaker.name} {self.text}"[:80]) or "quote"

    def save(self, *args, **kwargs):
        self.locate_in_story()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *LOCATION_FIELDS}
        super().save(*args, **kwargs)

    def locate_in_story(self):
        """Set the location fields from the quote's text and its story's URL and text."""
        self.source_link = text_fragment_url(self.story.url, self.text, self.story.text)


LOCATION_FIELDS = (
    "source_start",
    "source_end",
    "source_prefix",
    "source_suffix",
    "source_match",
    "source_match_score",
    "source_link",
)
