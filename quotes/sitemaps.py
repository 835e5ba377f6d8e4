from django.db.models import Exists, OuterRef

from publishing.sitemaps import PublicSitemap
from stories.models import Outlet, Story

from .models import Quote


class QuoteSitemap(PublicSitemap):
    def items(self):
        return Quote.objects.public().select_related("speaker").order_by("id")


class StorySitemap(PublicSitemap):
    def items(self):
        return Story.objects.public().order_by("id")


class OutletSitemap(PublicSitemap):
    """Outlets with a public story; an outlet with none has no public page."""

    def items(self):
        return Outlet.objects.filter(Exists(Story.objects.public().filter(outlet=OuterRef("pk")))).order_by("id")
