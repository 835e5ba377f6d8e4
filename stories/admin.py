from django.contrib import admin
from django.db.models import Count

from publishing.admin import PublishableAdmin

from .models import Outlet, Story


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ("name", "homepage", "story_count")
    ordering = ("name",)  # Meta.ordering does not apply to the annotated (GROUP BY) queryset
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(story_count=Count("stories"))

    @admin.display(description="stories", ordering="story_count")
    def story_count(self, outlet):
        return outlet.story_count


@admin.register(Story)
class StoryAdmin(PublishableAdmin):
    list_display = ("display_headline", "outlet", "published_on", "status", "updated_at")
    list_filter = ("status", "outlet", "published_on")
    list_select_related = ("outlet",)
    search_fields = ("headline", "headline_stand_in", "url", "byline", "outlet__name")
    autocomplete_fields = ("outlet",)
    date_hierarchy = "published_on"
    fieldsets = (
        (
            "Article",
            {
                "fields": (
                    "outlet",
                    "url",
                    "headline",
                    ("headline_stand_in", "headline_stand_in_source"),
                    "byline",
                    ("published_on", "published_time"),
                )
            },
        ),
        (
            "Text for verifying quotes",
            {
                "fields": ("text", "text_retrieved_on"),
                "description": "Paste the article's plain text. It is kept to check quotes, never republished.",
            },
        ),
        PublishableAdmin.publication_fieldset,
    )

    @admin.display(description="headline", ordering="headline")
    def display_headline(self, story):
        return story.display_headline
