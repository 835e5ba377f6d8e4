from django.contrib import admin
from django.contrib.auth import get_user_model

from publishing.admin import CsvExportAdmin, PreloadedAutocompleteInline, PublishableAdmin
from publishing.csv_export import CsvExport
from quotes.admin import QuoteAdmin
from quotes.models import Quote

from . import exports
from .models import Claim, ClaimQuote, Evidence, Rating


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


@admin.register(Claim)
class ClaimAdmin(CsvExportAdmin, PublishableAdmin):
    list_display = ("text", "speaker", "rating", "status", "fact_checker", "updated_at")
    list_select_related = ("speaker", "rating", "fact_checker")
    list_filter = ("status", "rating")
    search_fields = ("text", "speaker__name", "summary")
    autocomplete_fields = ("speaker",)
    inlines = [ClaimQuoteInline, EvidenceInline]
    fieldsets = (
        (None, {"fields": ("text", "speaker", "fact_checker")}),
        ("Verdict", {"fields": ("rating", "summary", "ruling")}),
        PublishableAdmin.publication_fieldset,
    )

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
