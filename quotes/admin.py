from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html

from publishing.admin import PreloadedAutocompleteInline, PublishableAdmin, PublishableInlineFormSet
from publishing.models import Status
from stories.admin import StoryAdmin
from stories.models import Story

from .imports import MAX_IMPORT_BYTES, ImportFileError, import_quotes
from .models import Match, Quote

# Quotes are a few lines long: keep the text boxes short so an editor sees several at once.
COMPACT_TEXT = {models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}}


class SourceLocationDisplay:
    """How, and where, the quote's words were found in its story's text: shown on the quote and under its story."""

    @admin.display(description="found in source")
    def found_in_source(self, quote):
        if not quote.source_link:
            return "Checked when the quote is saved."
        label = Match(quote.source_match).label
        if quote.source_match == Match.CLOSE:
            return f"{label} ({quote.source_match_score:.0%} similar)"
        return label

    @admin.display(description="in the story")
    def in_context(self, quote):
        """The words as the story prints them, highlighted between the text before and after them."""
        if quote.source_start is None:
            return None
        more_before = "…" if quote.source_start > len(quote.source_prefix) else ""
        more_after = "…" if quote.source_end + len(quote.source_suffix) < len(quote.story.text) else ""
        return format_html(
            "{}{}<mark>{}</mark>{}{}",
            more_before,
            quote.source_prefix,
            quote.source_exact,
            quote.source_suffix,
            more_after,
        )


class QuoteInlineFormSet(PublishableInlineFormSet):
    """Each row's quote is given the story being edited, so showing where it stands in the text costs no query."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if form.instance.pk is not None:
            form.instance.story = self.instance
        return form


class QuoteInline(SourceLocationDisplay, PreloadedAutocompleteInline, admin.StackedInline):
    """Quotes are entered where the editor reads them: under their story."""

    model = Quote
    formset = QuoteInlineFormSet
    extra = 1
    autocomplete_fields = ("speaker", "reported_via")
    readonly_fields = ("found_in_source", "in_context")
    fields = (
        ("position", "extent", "medium"),
        "text",
        ("found_in_source", "not_found_acknowledged"),
        "in_context",
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


class QuoteImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row naming the columns, as an export has (at least text, speaker, outlet "
        f"and story_url). At most {MAX_IMPORT_BYTES // (1024 * 1024)} MB.",
    )
    status = forms.ChoiceField(
        choices=[(status, Status(status).label) for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED)],
        initial=Status.DRAFT,
        help_text="The imported quotes' status. New stories are always drafts.",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: show what would be created, change nothing"
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB. Split it.")
        return file


@admin.register(Quote)
class QuoteAdmin(SourceLocationDisplay, PublishableAdmin):
    list_display = ("excerpt", "speaker", "outlet", "extent", "medium", "said_on", "found_in_source", "status")
    list_select_related = ("speaker", "story__outlet")
    list_filter = ("status", "source_match", "extent", "medium", "story__outlet")
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
        (
            "Found in the story",
            {
                "fields": (("found_in_source", "not_found_acknowledged"), "in_context"),
                "description": "Where these words stand in the story's text, checked each time the quote or its "
                "story is saved. A quote not found there is published only once you tick the box.",
            },
        ),
        PublishableAdmin.publication_fieldset,
    )
    readonly_fields = (*PublishableAdmin.readonly_fields, "found_in_source", "in_context")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_csv), name=name), *super().get_urls()]

    def import_csv(self, request):
        """Editors import quotes from a CSV in the export's layout: a dry run first, then for real."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = QuoteImportForm(request.POST or None, request.FILES or None)
        result = None
        if form.is_valid():
            try:
                result = import_quotes(
                    form.cleaned_data["file"].read(), form.cleaned_data["status"], form.cleaned_data["dry_run"]
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if result.imported:
                    messages.success(request, f"Imported {len(result.quotes)} quotes.")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import quotes from CSV",
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, "admin/quotes/quote/import.html", context)

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
