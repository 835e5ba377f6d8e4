from django import forms
from django.contrib import admin
from django.db import models
from django.db.models import Count

from publishing.admin import PreloadedAutocompleteInline, PublishableAdmin, PublishableInlineFormSet
from stories.admin import StoryAdmin
from stories.models import Story

from .models import Quote

# Quotes are a few lines long: keep the text boxes short so an editor sees several at once.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class QuoteInline(PreloadedAutocompleteInline, admin.StackedInline):
    """Quotes are entered where the editor reads them: under their story."""

    model = Quote
    formset = PublishableInlineFormSet
    extra = 1
    autocomplete_fields = ("speaker", "reported_via")
    fields = (
        ("position", "extent", "medium"),
        "text",
        ("speaker", "speaker_title"),
        ("said_on", "said_when"),
        ("occasion", "place"),
        "reported_via",
        "context",
        ("status", "retraction_notice"),
    )
    show_change_link = True
    formfield_overrides = COMPACT_TEXT

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("speaker", "reported_via")


@admin.register(Quote)
class QuoteAdmin(PublishableAdmin):
    list_display = ("excerpt", "speaker", "outlet", "extent", "medium", "said_on", "status")
    list_select_related = ("speaker", "story__outlet")
    list_filter = ("status", "extent", "medium", "story__outlet")
    search_fields = ("text", "speaker__name", "story__headline", "story__headline_stand_in")
    autocomplete_fields = ("speaker", "story", "reported_via")
    date_hierarchy = "said_on"
    formfield_overrides = COMPACT_TEXT
    fieldsets = (
        (None, {"fields": ("story", "position", "text", ("extent", "medium"))}),
        (
            "Who said it, and when",
            {"fields": (("speaker", "speaker_title"), ("said_on", "said_when"), "occasion", "place")},
        ),
        ("Sourcing", {"fields": ("reported_via", "context")}),
        PublishableAdmin.publication_fieldset,
    )

    @admin.display(description="quote", ordering="text")
    def excerpt(self, quote):
        return quote.text if len(quote.text) <= 90 else quote.text[:89] + "…"

    @admin.display(description="outlet", ordering="story__outlet__name")
    def outlet(self, quote):
        return quote.story.outlet


# Stories know nothing of quotes; the quotes app adds them to the story admin.
admin.site.unregister(Story)


@admin.register(Story)
class StoryWithQuotesAdmin(StoryAdmin):
    list_display = (*StoryAdmin.list_display, "quote_count")
    ordering = Story._meta.ordering  # Meta.ordering does not apply to the annotated (GROUP BY) queryset
    inlines = [QuoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The story's URL or text may have changed: every quote's place in it (and deep link) follows.
        form.instance.quotes.locate_in_story()

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, story):
        return story.quote_count
