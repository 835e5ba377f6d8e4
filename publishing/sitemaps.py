from django.contrib.sitemaps import Sitemap
from django.db.models import Max


class PublicSitemap(Sitemap):
    """A sitemap section of public items, each with its last change.

    The index's last-change date is one aggregate query; Django's default would load every item of the
    section (a million quotes) to find it.
    """

    limit = 10_000

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]
