from django.contrib.sitemaps import Sitemap

from .models import Claim


class ClaimSitemap(Sitemap):
    limit = 10_000

    def items(self):
        return Claim.objects.public().order_by("id")

    def lastmod(self, claim):
        return claim.updated_at
