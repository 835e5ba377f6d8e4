"""The reader's filters on the quote and claim lists (django-filter).

Every filter is validated by a form field: a malformed date or id becomes a message on the page, never a 500.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from publishing.models import PUBLIC_STATUSES
from publishing.pagination import MAX_ID
from quotes.models import Quote
from speakers.models import Speaker

from .models import Claim, ClaimQuote, Rating

MAX_SEARCH_LENGTH = 200


def speakers_named(value):
    """Speakers a reader may mean by value: the slug, the name, or an alternative name, ignoring case."""
    value = value.strip()
    return Speaker.objects.filter(Q(slug=value) | Q(name__iexact=value) | Q(aliases__name__iexact=value))


def date_filter(label, field_name, lookup_expr):
    return django_filters.DateFilter(
        label=label, field_name=field_name, lookup_expr=lookup_expr, widget=forms.DateInput(attrs={"type": "date"})
    )


class ListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Search", method="keep", max_length=MAX_SEARCH_LENGTH, help_text='Use "quotes" for a phrase, or, -word.'
    )
    speaker = django_filters.CharFilter(label="Speaker", method="filter_speaker", max_length=200)
    outlet = django_filters.CharFilter(label="Outlet", method="filter_outlet", max_length=200, widget=forms.HiddenInput)
    story = django_filters.NumberFilter(
        label="Story", method="filter_story", min_value=1, max_value=MAX_ID, widget=forms.HiddenInput
    )
    # Choices are read once per request (one small query); validating a choice needs no further query.
    verdict = django_filters.ChoiceFilter(
        label="Verdict", choices=lambda: list(Rating.objects.values_list("slug", "name")), method="filter_verdict"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A list, not the callable: templates/includes/browse.html loops over the choices, which needs their len().
        verdict = self.filters["verdict"]
        verdict.extra["choices"] = verdict.extra["choices"]()

    def keep(self, queryset, name, value):
        return queryset  # the view ranks the search itself

    def filter_speaker(self, queryset, name, value):
        return queryset.filter(speaker__in=speakers_named(value))


class QuoteFilter(ListFilter):
    said_after = date_filter("Said on or after", "said_on", "gte")
    said_before = date_filter("Said on or before", "said_on", "lte")
    kind = django_filters.ChoiceFilter(label="Kind", field_name="extent", choices=Quote.Extent.choices)

    class Meta:
        model = Quote
        fields = []

    def filter_outlet(self, queryset, name, value):
        return queryset.filter(story__outlet__slug=value)

    def filter_story(self, queryset, name, value):
        return queryset.filter(story_id=value)

    def filter_verdict(self, queryset, name, slug):
        rated = ClaimQuote.objects.filter(
            quote=OuterRef("pk"), claim__rating__slug=slug, claim__status__in=PUBLIC_STATUSES
        )
        return queryset.filter(Exists(rated))


class ClaimFilter(ListFilter):
    checked_after = date_filter("Published on or after", "first_published_at", "date__gte")
    checked_before = date_filter("Published on or before", "first_published_at", "date__lte")
    kind = django_filters.ChoiceFilter(label="Speaker kind", field_name="speaker__kind", choices=Speaker.Kind.choices)

    class Meta:
        model = Claim
        fields = []

    def _made_in(self, queryset, **quote_lookup):
        """Claims made in a public quote matching quote_lookup: a draft quote or story must not be revealed."""
        carried = ClaimQuote.objects.filter(claim=OuterRef("pk"), quote__in=Quote.objects.public(), **quote_lookup)
        return queryset.filter(Exists(carried))

    def filter_outlet(self, queryset, name, value):
        return self._made_in(queryset, quote__story__outlet__slug=value)

    def filter_story(self, queryset, name, value):
        return self._made_in(queryset, quote__story_id=value)

    def filter_verdict(self, queryset, name, slug):
        return queryset.filter(rating__slug=slug)
