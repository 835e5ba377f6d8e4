from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection

from publishing.admin import CsvExportAdmin, PreloadedAutocompleteInline, PublishableAdmin
from publishing.csv_export import CsvExport
from publishing.models import Status
from quotes.admin import QuoteAdmin
from quotes.models import Quote

from . import exports
from .models import CORRECTION_NOTE_LENGTH, Claim, ClaimQuote, Correction, Evidence, Rating


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "value", "description")
    list_display_links = ("name",)
    prepopulated_fields = {"slug": ("name",)}


class ClaimQuoteInline(PreloadedAutocompleteInline, admin.TabularInline):
    model = ClaimQuote
    extra = 1
    autocomplete_fields = ("quote",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("quote__speaker")


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 1
    fields = ("position", "title", "publisher", "url", "accessed_on")


class CorrectionInline(admin.TabularInline):
    """The published fact check's corrections, as readers see them: a record, never edited or deleted here."""

    model = Correction
    extra = 0
    can_delete = False
    fields = readonly_fields = ("published_at", "kind", "previous_verdict", "new_verdict", "note", "corrected_by")
    verbose_name_plural = "corrections readers see"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("corrected_by")

    def has_add_permission(self, request, obj=None):
        return False  # with the claim form's correction note, which records what it replaced

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Whoever may see the fact check sees its corrections.
        return request.user.has_perm("claims.view_claim")


class ClaimForm(forms.ModelForm):
    correction = forms.CharField(
        label="Correction note",
        required=False,
        max_length=CORRECTION_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Readers see it at the top of the fact check, dated. Required to change a published verdict "
        "(the note records the verdict it replaced); for a correction of fact that keeps the verdict, say what "
        "was wrong. A typo fix needs no note.",
    )

    def clean(self):
        cleaned = super().clean()
        # Before the model's own validation (ModelForm._post_clean), which checks the correction. The box is
        # shown on published fact checks only: a note posted for another is not one an editor wrote.
        note = cleaned.get("correction", "").strip()
        if note and self.instance.status == Status.PUBLISHED:
            self.instance.pending_correction = Correction(note=note)
        return cleaned


@admin.register(Claim)
class ClaimAdmin(CsvExportAdmin, PublishableAdmin):
    list_display = ("text", "speaker", "rating", "status", "fact_checker", "updated_at")
    list_select_related = ("speaker", "rating", "fact_checker")
    list_filter = ("status", "rating")
    search_fields = ("text", "speaker__name", "summary")
    autocomplete_fields = ("speaker",)
    form = ClaimForm
    inlines = [ClaimQuoteInline, EvidenceInline, CorrectionInline]
    fieldsets = (
        (None, {"fields": ("text", "speaker", "fact_checker")}),
        ("Verdict", {"fields": ("rating", "summary", "ruling")}),
        PublishableAdmin.publication_fieldset,
    )

    def get_fieldsets(self, request, obj=None):
        if obj is None or obj.status != Status.PUBLISHED:
            return self.fieldsets
        top, (name, verdict), publication = self.fieldsets
        return (top, (name, {**verdict, "fields": (*verdict["fields"], "correction")}), publication)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.is_public else self.inlines[:-1]

    def get_object(self, request, object_id, from_field=None):
        claim = super().get_object(request, object_id, from_field)
        if claim is not None and request.method == "POST" and connection.in_atomic_block:
            # Saving (changeform_view's transaction): hold the row until this save commits, and read it after
            # taking the lock, so the form checks the verdict as it now stands and no other editor changes it
            # in between.
            claim = self.get_queryset(request).select_for_update(of=("self",)).get(pk=claim.pk)
        return claim

    def save_model(self, request, obj, form, change):
        if obj.pending_correction is not None:
            obj.pending_correction.corrected_by = request.user
        super().save_model(request, obj, form, change)

    def get_changeform_initial_data(self, request):
        return {"fact_checker": request.user.pk, **super().get_changeform_initial_data(request)}

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "fact_checker":
            kwargs["queryset"] = get_user_model().objects.filter(is_staff=True, is_active=True)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def csv_export(self, queryset):
        return CsvExport(queryset, exports.claim_columns(public=False))


# The quote export lists each quote's claims, so the claims app adds it to the quote admin.
admin.site.unregister(Quote)


@admin.register(Quote)
class QuoteWithExportAdmin(CsvExportAdmin, QuoteAdmin):
    def csv_export(self, queryset):
        return CsvExport(queryset, exports.quote_columns(public=False))
