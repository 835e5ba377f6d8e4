from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef

from speakers.models import Speaker
from stories.models import Outlet, Story

from .models import Quote


class QuoteSitemap(Sitemap):
    limit = 10_000

    def items(self):
        return Quote.objects.public().select_related("speaker").order_by("id")

    def lastmod(self, quote):
        return quote.updated_at


class StorySitemap(Sitemap):
    limit = 10_000

    def items(self):
        return Story.objects.public().order_by("id")

    def lastmod(self, story):
        return story.updated_at


class SpeakerSitemap(Sitemap):
    """Speakers with at least one public quote; a speaker with none has no public page."""

    limit = 10_000

    def items(self):
        public = Quote.objects.public().filter(speaker=OuterRef("pk"))
        return Speaker.objects.filter(Exists(public)).order_by("id")


class OutletSitemap(Sitemap):
    def items(self):
        return Outlet.objects.filter(Exists(Story.objects.public().filter(outlet=OuterRef("pk")))).order_by("id")
