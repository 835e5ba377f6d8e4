from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from publishing.admin import PreloadedAutocompleteInline, PublishableAdmin, PublishableInlineFormSet
from stories.admin import StoryAdmin
from stories.models import Story

from .models import Quote, same_words
from .proposals import propose_quotes

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
    change_form_template = "admin/quotes/story_change_form.html"  # adds the "Propose quotes" button

    def get_urls(self):
        propose = self.admin_site.admin_view(self.propose_quotes_view)
        return [
            path("<path:object_id>/propose-quotes/", propose, name="stories_story_propose_quotes"),
            *super().get_urls(),
        ]

    def propose_quotes_view(self, request, object_id):
        """The quotations the extractor finds in the story's text; the editor ticks those to add as draft quotes."""
        story = self.get_object(request, unquote(object_id))
        if story is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_change_permission(request, story) and request.user.has_perm("quotes.add_quote")):
            raise PermissionDenied
        proposals = propose_quotes(story.text)
        existing = {same_words(text) for text in story.quotes.values_list("text", flat=True)}
        duplicates = {i for i, p in enumerate(proposals) if same_words(p.text) in existing}
        may_add_speakers = request.user.has_perm("speakers.add_speaker")
        acceptable = {
            i
            for i, p in enumerate(proposals)
            if p.speaker and (p.speaker_slug or may_add_speakers) and i not in duplicates
        }
        if request.method == "POST":
            return self._accept_proposals(request, story, proposals, acceptable)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": story,
            "title": "Propose quotes",
            "subtitle": str(story),
            "has_text": bool(story.text.strip()),
            "rows": [
                {"index": i, "proposal": p, "acceptable": i in acceptable, "duplicate": i in duplicates}
                for i, p in enumerate(proposals)
            ],
        }
        return TemplateResponse(request, "admin/quotes/propose_quotes.html", context)

    def _accept_proposals(self, request, story, proposals, acceptable):
        ticked = request.POST.getlist("proposal")
        chosen = sorted({int(value) for value in ticked if value.isdigit() and int(value) in acceptable})
        if len(chosen) < len(ticked):
            ignored = "Some selections were not proposals that can be added; they were ignored."
            self.message_user(request, ignored, messages.WARNING)
        if not chosen:
            self.message_user(request, "Select at least one proposed quote to add.", messages.WARNING)
            return HttpResponseRedirect(request.path)
        with transaction.atomic():
            created, skipped = Quote.objects.accept_proposals(story, [proposals[i] for i in chosen])
        self.message_user(
            request,
            f"Added {len(created)} draft quotes" + (f"; skipped {skipped} already in the story." if skipped else "."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:stories_story_change", args=[story.pk]))

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The story's URL or text may have changed: every quote's place in it (and deep link) follows.
        form.instance.quotes.locate_in_story()

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, story):
        return story.quote_count
