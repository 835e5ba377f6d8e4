from django.contrib import admin

from .models import Alias, Speaker


class AliasInline(admin.TabularInline):
    model = Alias
    extra = 1
    verbose_name_plural = "alternative names (“de Blasio”, “the mayor”), used to attribute quotes"


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ("name", "title", "organisation", "kind", "wikidata_id")
    list_filter = ("kind",)
    search_fields = ("name", "aliases__name", "title", "organisation")
    prepopulated_fields = {"slug": ("name",)}
    fields = ("name", "slug", "kind", "title", "organisation", "wikidata_id")
    inlines = [AliasInline]
