"""schema.org markup for fact checks (ClaimReview) and quotes (Quotation), as JSON-LD.

Built only from what the page shows, so the markup always matches the page.
"""

import json

from django.conf import settings
from django.utils import timezone
from django.utils.safestring import mark_safe

# Characters that could end the <script> element or start an HTML comment inside it.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def as_script(data):
    return mark_safe(json.dumps(data, ensure_ascii=False, indent=1).translate(SCRIPT_SAFE))


def newsroom():
    return {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": settings.NEWSROOM_URL}


def person(speaker):
    data = {
        "@type": "Organization" if speaker.kind == speaker.Kind.ORGANISATION else "Person",
        "name": speaker.name,
    }
    if speaker.title and speaker.kind == speaker.Kind.PERSON:
        data["jobTitle"] = speaker.title
    if speaker.wikidata_id:
        data["sameAs"] = f"https://www.wikidata.org/wiki/{speaker.wikidata_id}"
    return data


def article(story):
    data = {"@type": "NewsArticle", "url": story.url, "publisher": {"@type": "Organization", "name": story.outlet.name}}
    if story.headline:
        data["headline"] = story.headline
    if story.published_on:
        data["datePublished"] = story.published_on.isoformat()
    return data


def claim_review(claim, request, scale, other_versions=()):
    """ClaimReview for a published claim; `claim.quotes.all()` holds its public quotes (prefetched).

    scale: {"best": ..., "worst": ...}, the numeric scale's ends, published on the methodology page.
    other_versions: the public quotes other outlets printed of the same statements: their articles carry the
    claim too, so `appearance` lists them.
    """
    rating = {"@type": "Rating", "alternateName": claim.rating.name}
    if claim.rating.value is not None:
        rating.update(ratingValue=claim.rating.value, bestRating=scale["best"], worstRating=scale["worst"])
    quotes = [*claim.quotes.all(), *other_versions]
    stories = list({quote.story_id: quote.story for quote in quotes}.values())
    item = {"@type": "Claim", "author": person(claim.speaker), "appearance": [article(story) for story in stories]}
    dated = sorted((s for s in stories if s.published_on), key=lambda s: s.published_on)
    if dated:
        item["datePublished"] = dated[0].published_on.isoformat()
        item["firstAppearance"] = article(dated[0])
    return as_script(
        {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "url": request.build_absolute_uri(claim.get_absolute_url()),
            "claimReviewed": claim.text,
            "author": newsroom(),
            # The newsroom's calendar day, as the page shows it (not the UTC day).
            "datePublished": timezone.localdate(claim.first_published_at).isoformat(),
            "reviewRating": rating,
            "itemReviewed": item,
        }
    )


def quotation(quote, request):
    return as_script(
        {
            "@context": "https://schema.org",
            "@type": "Quotation",
            "url": request.build_absolute_uri(quote.get_absolute_url()),
            "text": quote.text,
            "creator": person(quote.speaker),
            "spokenByCharacter": person(quote.speaker),
            "isBasedOn": article(quote.story),
            **({"dateCreated": quote.said_on.isoformat()} if quote.said_on else {}),
        }
    )
