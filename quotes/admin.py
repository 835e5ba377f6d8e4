import hashlib
import re

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from publishing.admin import PreloadedAutocompleteInline, PublishableAdmin, PublishableInlineFormSet
from publishing.models import Status
from stories.admin import StoryAdmin
from stories.models import Story

from .imports import (
    MAX_ADMIN_IMPORT_ROWS,
    MAX_IMPORT_BYTES,
    ImportFileError,
    import_quotes,
    import_stories,
    propose_statements,
)
from .models import Match, Quote, Utterance, UtteranceProposal, same_words
from .proposals import propose_quotes

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


class StoryImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row naming the columns url, text and published_on (outlet, headline, byline "
        f"and text_retrieved_on may follow). At most {MAX_IMPORT_BYTES // (1024 * 1024)} MB and "
        f"{MAX_ADMIN_IMPORT_ROWS:,} rows here; import a bigger file from a terminal: ./dev manage import_stories FILE",
    )
    dry_run = forms.BooleanField(
        required=False, initial=True, label="Dry run: show what would be created, change nothing"
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB. Split it.")
        return file


class QuoteImportForm(StoryImportForm):
    file = forms.FileField(
        label="CSV file",
        help_text="UTF-8, with a header row naming the columns, as an export has (at least text, speaker, outlet "
        f"and story_url). At most {MAX_IMPORT_BYTES // (1024 * 1024)} MB and {MAX_ADMIN_IMPORT_ROWS:,} rows here; "
        "import a bigger file from a terminal: ./dev manage import_quotes FILE",
    )
    status = forms.ChoiceField(
        choices=[(status, Status(status).label) for status in (Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED)],
        initial=Status.DRAFT,
        help_text="The imported quotes' status. New stories are always drafts.",
    )
    field_order = ["file", "status", "dry_run"]


PROPOSED = UtteranceProposal.State.PROPOSED
PROPOSAL_INDEX = re.compile(r"[0-9]{1,6}")  # ASCII digits, few enough for int(): str.isdigit() accepts "²"


def text_version(story):
    """A digest of the story's text: the proposals an editor ticks are numbered in the text they were read from."""
    return hashlib.blake2b(story.text.encode(), digest_size=16).hexdigest()


ON_LIST_AND_FORM = [ActionLocation.CHANGE_LIST, ActionLocation.CHANGE_FORM]


def pending_proposals(quotes):
    return UtteranceProposal.objects.filter(state=PROPOSED).filter(Q(quote__in=quotes) | Q(partner__in=quotes))


@admin.action(description="Confirm the proposed statement", permissions=["group"], location=ON_LIST_AND_FORM)
def confirm_statements(modeladmin, request, queryset):
    proposals = list(pending_proposals(queryset).order_by("id"))
    for proposal in proposals:
        proposal.confirm(request.user)
    modeladmin.message_user(request, f"Confirmed {len(proposals)} proposed statement(s).", messages.SUCCESS)


@admin.action(description="Reject the proposed statement", permissions=["group"], location=ON_LIST_AND_FORM)
def reject_statements(modeladmin, request, queryset):
    proposals = list(pending_proposals(queryset))
    for proposal in proposals:
        proposal.reject(request.user)
    modeladmin.message_user(
        request, f"Rejected {len(proposals)} proposed statement(s); they will not be proposed again.", messages.SUCCESS
    )


@admin.action(description="Take out of its statement", permissions=["group"], location=ON_LIST_AND_FORM)
def leave_statements(modeladmin, request, queryset):
    quotes = list(queryset.filter(utterance__isnull=False).select_related("story"))
    for quote in quotes:
        quote.leave_utterance()
    modeladmin.message_user(request, f"Took {len(quotes)} quote(s) out of their statement.", messages.SUCCESS)


class StatementFilter(admin.SimpleListFilter):
    title = "statement"
    parameter_name = "statement"

    def lookups(self, request, model_admin):
        return [("proposed", "Proposed, awaiting a decision"), ("grouped", "In a statement"), ("alone", "In none")]

    def queryset(self, request, queryset):
        if self.value() == "proposed":
            pending = UtteranceProposal.objects.filter(state=PROPOSED)
            return queryset.filter(
                Exists(pending.filter(quote=OuterRef("pk"))) | Exists(pending.filter(partner=OuterRef("pk")))
            )
        if self.value() in {"grouped", "alone"}:
            return queryset.filter(utterance__isnull=self.value() == "alone")
        return queryset


def quote_line(quote):
    """“Words…” (Outlet), linked to the quote's admin page."""
    return format_html(
        "<a href='{}'>“{}”</a> ({})",
        reverse("admin:quotes_quote_change", args=[quote.pk]),
        quote.text if len(quote.text) <= 90 else quote.text[:89] + "…",
        quote.story.outlet.name,
    )


class CsvImportAdmin:
    """The "Import from CSV" link on the change list and the frame of the import page, for admins that import.
    The import page is admin/<app>/<model>/import.html; has_import_permission() says who may import."""

    import_title = ""

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_import": self.has_import_permission(request), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def import_page(self, request, form, result):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": self.import_title,
            "form": form,
            "result": result,
        }
        return TemplateResponse(request, f"admin/{self.opts.app_label}/{self.opts.model_name}/import.html", context)


@admin.register(Quote)
class QuoteAdmin(CsvImportAdmin, SourceLocationDisplay, PublishableAdmin):
    import_title = "Import quotes from CSV"
    list_display = ("excerpt", "speaker", "outlet", "extent", "medium", "said_on", "found_in_source", "status")
    list_select_related = ("speaker", "story__outlet")
    list_filter = ("status", "source_match", StatementFilter, "extent", "medium", "story__outlet")
    search_fields = ("text", "speaker__name", "story__headline", "story__headline_stand_in")
    autocomplete_fields = ("speaker", "story", "reported_via", "utterance")
    actions = [*PublishableAdmin.actions, confirm_statements, reject_statements, leave_statements]
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
        (
            "Statement",
            {
                "fields": ("utterance", "proposed_statement"),
                "description": "Other outlets' versions of the same statement. Confirm or reject a proposal with "
                "the actions at the top of the page.",
            },
        ),
        PublishableAdmin.publication_fieldset,
    )
    readonly_fields = (*PublishableAdmin.readonly_fields, "found_in_source", "in_context", "proposed_statement")

    def get_urls(self):
        name = f"{self.opts.app_label}_{self.opts.model_name}_import"
        return [path("import/", self.admin_site.admin_view(self.import_csv), name=name), *super().get_urls()]

    def has_group_permission(self, request):
        """Grouping quotes into statements is the editors' call (quotes/migrations/0005)."""
        return request.user.has_perm("quotes.change_utteranceproposal")

    def has_import_permission(self, request):
        """An import may create speakers, outlets and stories, so it takes the right to add each."""
        return self.has_add_permission(request) and request.user.has_perms(
            ["speakers.add_speaker", "stories.add_outlet", "stories.add_story"]
        )

    def import_csv(self, request):
        """Editors import quotes from a CSV in the export's layout: a dry run first, then for real."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = QuoteImportForm(request.POST or None, request.FILES or None)
        result = None
        if form.is_valid():
            upload, status, dry_run = (form.cleaned_data[name] for name in ("file", "status", "dry_run"))
            try:
                result = import_quotes(upload.read(), status, dry_run, max_rows=MAX_ADMIN_IMPORT_ROWS)
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                if result.imported:
                    imported = f"Imported {len(result.quotes)} quote{'s' * (len(result.quotes) != 1)}"
                    try:
                        proposed = propose_statements(result)
                    except DatabaseError:  # the quotes are in: only the grouping, its own transaction, failed
                        messages.warning(
                            request,
                            f"{imported}, but statement grouping did not finish (the database was unavailable or "
                            "too slow). Run ./dev manage group_quotes to propose their statements.",
                        )
                    else:
                        messages.success(
                            request,
                            f"{imported}; statement grouping then proposed {proposed} "
                            f"statement{'s' * (proposed != 1)} for editors to confirm or reject.",
                        )
        return self.import_page(request, form, result)

    @admin.display(description="proposed")
    def proposed_statement(self, quote):
        proposals = (
            pending_proposals([quote.pk]).select_related("quote__story__outlet", "partner__story__outlet")
            if quote.pk
            else []
        )
        lines = [
            (quote_line(proposal.partner if proposal.quote_id == quote.pk else proposal.quote), f"{proposal.score:.0%}")
            for proposal in proposals
        ]
        if not lines:
            return "Nothing proposed."
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>Same statement as {} — {} of the shorter quote's words shared</li>", lines),
        )

    @admin.display(description="quote", ordering="text")
    def excerpt(self, quote):
        return quote.text if len(quote.text) <= 90 else quote.text[:89] + "…"

    @admin.display(description="outlet", ordering="story__outlet__name")
    def outlet(self, quote):
        return quote.story.outlet


def not_found_warning(quotes):
    """What an editor is told of published quotes their story's new text no longer prints."""
    return format_html(
        "{} published quote{} no longer found in the story's text, still published: check {} against the "
        "text, then correct {} or tick “publish although not found in source”. {}",
        len(quotes),
        "s are" if len(quotes) != 1 else " is",
        "them" if len(quotes) != 1 else "it",
        "them" if len(quotes) != 1 else "it",
        format_html_join(
            " ",
            '<a href="{}">“{}”</a>',
            ((reverse("admin:quotes_quote_change", args=[q.pk]), q.text[:60]) for q in quotes),
        ),
    )


# Stories know nothing of quotes; the quotes app adds them to the story admin.
admin.site.unregister(Story)


@admin.register(Story)
class StoryWithQuotesAdmin(CsvImportAdmin, StoryAdmin):
    import_title = "Import stories from CSV"
    list_display = (*StoryAdmin.list_display, "quote_count")
    ordering = Story._meta.ordering  # Meta.ordering does not apply to the annotated (GROUP BY) queryset
    inlines = [QuoteInline]
    change_form_template = "admin/quotes/story_change_form.html"  # adds the "Propose quotes" button

    def get_urls(self):
        propose = self.admin_site.admin_view(self.propose_quotes_view)
        return [
            path("import/", self.admin_site.admin_view(self.import_csv), name="stories_story_import"),
            path("<path:object_id>/propose-quotes/", propose, name="stories_story_propose_quotes"),
            *super().get_urls(),
        ]

    def has_import_permission(self, request):
        """An import creates stories and outlets, and replaces stories' texts."""
        return request.user.has_perms(["stories.add_story", "stories.change_story", "stories.add_outlet"])

    def import_csv(self, request):
        """Editors import stories with their texts, before the quotes: a dry run first, then for real."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = StoryImportForm(request.POST or None, request.FILES or None)
        result = None
        if form.is_valid():
            try:
                result = import_stories(
                    form.cleaned_data["file"].read(), form.cleaned_data["dry_run"], max_rows=MAX_ADMIN_IMPORT_ROWS
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
        return self.import_page(request, form, result)

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
            "text_version": text_version(story),
            "rows": [
                {"index": i, "proposal": p, "acceptable": i in acceptable, "duplicate": i in duplicates}
                for i, p in enumerate(proposals)
            ],
        }
        return TemplateResponse(request, "admin/quotes/propose_quotes.html", context)

    def _accept_proposals(self, request, story, proposals, acceptable):
        if request.POST.get("text_version") != text_version(story):
            changed = "The story's text changed since these proposals were listed: check them again."
            self.message_user(request, changed, messages.WARNING)
            return HttpResponseRedirect(request.path)
        ticked = request.POST.getlist("proposal")
        chosen = sorted(
            {int(value) for value in ticked if PROPOSAL_INDEX.fullmatch(value) and int(value) in acceptable}
        )
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
        quotes = form.instance.quotes.locate_in_story()
        if lost := [quote for quote in quotes if quote.unacknowledged_not_found]:
            self.message_user(request, not_found_warning(lost), messages.WARNING)

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, story):
        return story.quote_count


class StatementQuoteForm(forms.ModelForm):
    remove = forms.BooleanField(
        label="take out", required=False, help_text="Not the same statement: it will not be proposed again."
    )

    class Meta:
        model = Quote
        fields = []

    def save(self, commit=True):
        if self.cleaned_data.get("remove"):
            self.instance.leave_utterance()
        return self.instance


class StatementQuoteInline(admin.TabularInline):
    """The quotes of a statement, each outlet's version, with a box to take one out (a split)."""

    model = Quote
    form = StatementQuoteForm
    fields = ("outlet", "words", "remove")
    readonly_fields = ("outlet", "words")
    extra = 0
    can_delete = False
    verbose_name = "version"

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("story__outlet", "speaker")

    @admin.display(description="outlet")
    def outlet(self, quote):
        return quote.story.outlet.name

    @admin.display(description="words")
    def words(self, quote):
        return format_html("<a href='{}'>{}</a>", reverse("admin:quotes_quote_change", args=[quote.pk]), quote.text)


@admin.action(description="Merge the selected statements into one", permissions=["change"])
def merge_statements(modeladmin, request, queryset):
    statements = list(queryset.order_by("id"))
    if len({statement.speaker_id for statement in statements}) != 1 or len(statements) < 2:
        modeladmin.message_user(request, "Select two or more statements of one speaker to merge.", messages.ERROR)
        return
    first, *others = statements
    for other in others:
        first.merge(other)
    modeladmin.message_user(request, f"Merged {len(statements)} statements into “{first}”.", messages.SUCCESS)


@admin.register(Utterance)
class UtteranceAdmin(admin.ModelAdmin):
    list_display = ("__str__", "speaker", "said_on", "occasion", "quote_count")
    list_select_related = ("speaker",)
    search_fields = ("speaker__name", "occasion", "quotes__text")
    autocomplete_fields = ("speaker",)
    date_hierarchy = "said_on"
    actions = [merge_statements]
    inlines = [StatementQuoteInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(quote_count=Count("quotes"))

    @admin.display(description="quotes", ordering="quote_count")
    def quote_count(self, utterance):
        return utterance.quote_count
