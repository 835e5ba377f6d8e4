import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.text import slugify

from publishing.models import PUBLIC_STATUSES, Publishable

from .urlnorm import normalise_url

# Its own code, so a model form keeps this message instead of the form field's generic "Enter a valid URL."
http_url = URLValidator(schemes=["http", "https"], message="Enter a full http:// or https:// address.", code="not_http")

# What the database accepts as a canonical story URL: http(s), a lowercase host, no utm_ tracking.
CANONICAL_URL_PATTERN = r"^https?://[^/?#A-Z]+(/[^#]*)?$"


class Outlet(models.Model):
    name = models.CharField(max_length=200, unique=True, help_text="As the outlet names itself, e.g. “Gothamist”.")
    slug = models.SlugField(max_length=200, unique=True)
    homepage = models.URLField(max_length=500, blank=True, validators=[http_url])
    updated_at = models.DateTimeField(auto_now=True, help_text="Public pages showing this are re-rendered after it.")

    class Meta:
        ordering = ["name"]
        constraints = [
            # Outlet pages link to it: a javascript: address written by code or SQL must not reach them.
            models.CheckConstraint(
                condition=Q(homepage="") | Q(homepage__iregex=r"^https?://"), name="outlet_homepage_is_http"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outlet", kwargs={"slug": self.slug})


class Story(Publishable):
    """A source article that quotes someone. Its text is kept to verify quotes, never republished in full."""

    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="stories", db_index=False)
    headline = models.CharField(max_length=500, blank=True, help_text="As printed. Leave empty if not recorded.")
    headline_stand_in = models.CharField(
        max_length=500,
        blank=True,
        help_text="When the headline is unknown: a stand-in, e.g. derived from the URL slug.",
    )
    headline_stand_in_source = models.CharField(
        max_length=200, blank=True, help_text="Where the stand-in came from, e.g. “URL slug”."
    )
    url = models.URLField(
        "canonical URL",
        max_length=2000,
        unique=True,
        validators=[http_url],
        help_text="The article's address. Tracking parameters (utm_* and the like) are removed and the host "
        "lowercased before it is checked for duplicates.",
    )
    byline = models.CharField(max_length=300, blank=True, help_text="Authors as credited by the outlet.")
    published_on = models.DateField(null=True, blank=True, help_text="Publication date, if the outlet gives one.")
    published_time = models.TimeField(null=True, blank=True, help_text="Publication time, if known.")
    text = models.TextField(
        "article text",
        blank=True,
        help_text="Plain text of the article as retrieved, kept so quotes can be verified against it.",
    )
    text_retrieved_on = models.DateField(
        null=True, blank=True, help_text="When the text above was copied from the outlet. Pages change."
    )
    public = models.GeneratedField(
        expression=Q(status__in=PUBLIC_STATUSES),
        output_field=models.BooleanField(),
        db_persist=True,
        help_text="Published or retracted: kept by PostgreSQL from the status.",
    )

    class Meta(Publishable.Meta):
        verbose_name_plural = "stories"
        ordering = [F("published_on").desc(nulls_last=True), "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(url__regex=CANONICAL_URL_PATTERN), name="story_url_is_canonical_http"),
            models.CheckConstraint(condition=~Q(url__iregex=r"[?&]utm_"), name="story_url_has_no_utm_tracking"),
            models.CheckConstraint(
                condition=Q(published_time__isnull=True) | Q(published_on__isnull=False),
                name="story_time_needs_date",
            ),
            models.CheckConstraint(
                condition=Q(text="") | Q(text_retrieved_on__isnull=False),
                name="story_text_has_retrieval_date",
            ),
            models.CheckConstraint(
                condition=~Q(headline="") | Q(headline_stand_in="") | ~Q(headline_stand_in_source=""),
                name="story_stand_in_headline_has_source",
            ),
            *Publishable.publication_constraints("story"),
            # What a foreign key to (id, public) refers to: a row keeping its own copy of `public` is then
            # updated by PostgreSQL when the story is published (ON UPDATE CASCADE), and cannot disagree.
            models.UniqueConstraint(fields=["id", "public"], name="story_id_public_unique"),
        ]
        indexes = [
            # Outlet pages and the admin's outlet filter list an outlet's stories, newest first.
            models.Index(
                F("outlet"), F("published_on").desc(nulls_last=True), F("id").desc(), name="story_outlet_date_idx"
            ),
        ]

    def __str__(self):
        return f"{self.display_headline} ({self.outlet})"

    def get_absolute_url(self):
        return reverse("story", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(self.display_headline.rsplit("://", 1)[-1][:80]) or "story"

    @property
    def display_headline(self):
        return self.headline or self.headline_stand_in or self.url

    def clean_fields(self, exclude=None):
        if self.url and (exclude is None or "url" not in exclude):
            with contextlib.suppress(ValueError):  # the field's own validator reports it
                self.url = normalise_url(self.url)
        super().clean_fields(exclude)

    def clean(self):
        super().clean()
        if self.published_time and not self.published_on:
            raise ValidationError({"published_time": "Give the publication date too."})
        if self.text.strip() and not self.text_retrieved_on:
            raise ValidationError({"text_retrieved_on": "Say when the article text was retrieved."})
        if not self.headline and self.headline_stand_in and not self.headline_stand_in_source:
            raise ValidationError({"headline_stand_in_source": "Say where the stand-in headline came from."})
