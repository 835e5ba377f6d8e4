"""Plain factory functions: each makes one valid row, with overrides for what a test cares about."""

import datetime
import itertools

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from claims.models import Claim, ClaimQuote, Evidence, Rating
from publishing.models import Status
from quotes.models import Quote
from speakers.models import Speaker
from stories.models import Outlet, Story

_numbers = itertools.count(1)

PASSWORD = "correct-horse-battery-staple"


def rating(slug):
    """A level of the default rating scale (claims/migrations/0002_default_rating_scale.py)."""
    return Rating.objects.get(slug=slug)


def make_user(username, group=None, **fields):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True, **fields)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def make_outlet(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Outlet {n}")
    fields.setdefault("slug", f"outlet-{n}")
    fields.setdefault("homepage", f"https://outlet{n}.example/")
    return Outlet.objects.create(**fields)


def make_story(**fields):
    n = next(_numbers)
    if "outlet" not in fields:
        fields["outlet"] = make_outlet()
    fields.setdefault("headline", f"Story number {n}")
    fields.setdefault("url", f"https://news.example/story-{n}")
    fields.setdefault("published_on", datetime.date(2017, 4, 21))
    fields.setdefault("status", Status.PUBLISHED)
    if fields.get("text"):
        fields.setdefault("text_retrieved_on", datetime.date(2017, 4, 22))
    return Story.objects.create(**fields)


def make_speaker(**fields):
    n = next(_numbers)
    fields.setdefault("name", f"Speaker {n}")
    fields.setdefault("slug", f"speaker-{n}")
    fields.setdefault("title", "Official")
    return Speaker.objects.create(**fields)


def make_quote(**fields):
    n = next(_numbers)
    if "story" not in fields:
        fields["story"] = make_story()
    if "speaker" not in fields:
        fields["speaker"] = make_speaker()
    fields.setdefault("text", f"Words said on occasion {n}.")
    fields.setdefault("position", n)
    fields.setdefault("said_on", datetime.date(2017, 4, 21))
    fields.setdefault("status", Status.PUBLISHED)
    return Quote.objects.create(**fields)


def make_claim(quotes=(), evidence=1, **fields):
    if "speaker" not in fields:
        fields["speaker"] = quotes[0].speaker if quotes else make_speaker()
    fields.setdefault("text", f"Crime is down {next(_numbers)} percent")
    fields.setdefault("rating", Rating.objects.get(slug="true"))
    fields.setdefault("ruling", "The official figures agree.")
    fields.setdefault("status", Status.PUBLISHED)
    claim = Claim.objects.create(**fields)
    for quote in quotes:
        ClaimQuote.objects.create(claim=claim, quote=quote)
    for i in range(evidence):
        Evidence.objects.create(
            claim=claim, title=f"Source {i + 1}", publisher="NYPD", url="https://www.nyc.gov/nypd", position=i + 1
        )
    return claim
