from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from publishing.slugs import free_slug

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"


class SpeakerQuerySet(models.QuerySet):
    def create_from_name(self, name, **fields):
        """A new speaker named as a story printed it, under the first free slug made from the name."""
        return self.create(name=name[:200], slug=free_slug(self, name, "speaker"), **fields)


class Speaker(models.Model):
    """A person or an organisation that is quoted."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        ORGANISATION = "organisation", "Organisation"

    name = models.CharField(max_length=200, help_text="Full name as the newsroom writes it, e.g. “Bill de Blasio”.")
    slug = models.SlugField(max_length=200, unique=True, help_text="Used in the speaker's public address.")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PERSON)
    title = models.CharField(
        "current title or role", max_length=300, blank=True, help_text="Today's title; quotes keep the one printed."
    )
    organisation = models.CharField(max_length=300, blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(WIKIDATA_ID_PATTERN, "A Wikidata ID is Q followed by digits, e.g. Q2439383.")],
        help_text="From wikidata.org; links this speaker to the open knowledge graph in fact-check markup.",
    )
    updated_at = models.DateTimeField(auto_now=True, help_text="Public pages showing this are re-rendered after it.")

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="speaker_name_not_empty"),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_PATTERN),
                name="speaker_wikidata_id_format",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"], condition=~Q(wikidata_id=""), name="speaker_wikidata_id_unique"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.title})" if self.title else self.name

    def get_absolute_url(self):
        return reverse("speaker", kwargs={"slug": self.slug})

    def clean(self):
        super().clean()
        # Mirrors speaker_wikidata_id_unique, whose own message would name the constraint, not the field.
        if self.wikidata_id and Speaker.objects.filter(wikidata_id=self.wikidata_id).exclude(pk=self.pk).exists():
            raise ValidationError({"wikidata_id": "Another speaker already has this Wikidata ID."})


class Alias(models.Model):
    """Another name a story uses for the speaker (“de Blasio”, “the mayor”), used for attribution."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases", db_index=False)
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name = "alternative name"
        ordering = ["name"]
        constraints = [
            # Also the index for a speaker's aliases.
            models.UniqueConstraint(fields=["speaker", "name"], name="alias_unique_per_speaker"),
            models.CheckConstraint(condition=~Q(name=""), name="alias_name_not_empty"),
        ]

    def __str__(self):
        return self.name
