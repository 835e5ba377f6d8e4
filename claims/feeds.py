from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from .models import Claim

FEED_ITEMS = 50


class FactCheckFeed(Feed):
    """Newly published fact checks, newest first. Retracted ones stay, carrying their notice."""

    feed_type = Atom1Feed
    title = "Fact checks"
    subtitle = "The newest verdicts on what public figures said."
    link = reverse_lazy("claims:list")

    def items(self):
        claims = Claim.objects.public().select_related("speaker", "rating", "fact_checker")
        # Corrections come newest first (Correction.Meta.ordering).
        return claims.prefetch_related("corrections").order_by("-first_published_at", "-id")[:FEED_ITEMS]

    def item_title(self, claim):
        prefix = "Retracted: " if claim.is_retracted else ""
        return f"{prefix}{claim.speaker.name}: “{claim.text}” — {claim.rating}"

    def item_description(self, claim):
        if claim.is_retracted:
            # The newsroom's calendar day, as the claim's page shows it (not the UTC day).
            return f"Retracted on {timezone.localtime(claim.retracted_at):%B %-d, %Y}. {claim.retraction_notice}"
        ruling = claim.summary or claim.ruling[:500]
        if corrections := claim.corrections.all():
            # The newest, as the page shows it first: subscribers learn what changed.
            latest = corrections[0]
            when = timezone.localtime(latest.published_at)
            return f"{latest.get_kind_display()} on {when:%B %-d, %Y}: {latest.note} {ruling}"
        return ruling

    def item_pubdate(self, claim):
        return claim.first_published_at

    def item_updateddate(self, claim):
        return claim.updated_at

    def item_author_name(self, claim):
        return claim.fact_checker.get_full_name() if claim.fact_checker_id else None
