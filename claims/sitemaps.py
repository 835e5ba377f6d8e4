from django.db.models import Exists, OuterRef

from publishing.sitemaps import PublicSitemap
from quotes.models import Quote
from speakers.models import Speaker

from .models import Claim


class ClaimSitemap(PublicSitemap):
    def items(self):
        return Claim.objects.public().order_by("id")


class SpeakerSitemap(PublicSitemap):
    """Speakers with a public quote or claim: exactly those whose page is public."""

    def items(self):
        quoted = Exists(Quote.objects.public().filter(speaker=OuterRef("pk")))
        checked = Exists(Claim.objects.public().filter(speaker=OuterRef("pk")))
        return Speaker.objects.filter(quoted | checked).order_by("id")
