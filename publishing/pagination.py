"""Keyset pagination and ranked full-text search for the public lists.

Lists run newest first by id: a page is `WHERE id < cursor ORDER BY id DESC LIMIT n`, as fast on the
thousandth page as on the first, with no OFFSET and no count(*).

A search ranks at most the newest MAX_RANKED matches. A word found in a large share of the archive would
otherwise make PostgreSQL rank every match (hundreds of milliseconds on a million quotes); the newest
thousand are what a reader pages through anyway. Search pages are keyed on (rank, id).
"""

import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchRank
from django.db.models import F, FloatField, Q
from django.db.models.functions import Cast

from .search import search_query

PER_PAGE = 20
MAX_RANKED = 1000
MAX_ID = 2**63 - 1
ID_CURSOR = re.compile(r"[1-9][0-9]{0,18}")  # an id from 1 to MAX_ID, as this site writes it


class BadCursor(ValueError):
    """A cursor that this site did not make. Views answer 400."""


@dataclass
class Page:
    items: list
    next_cursor: str | None
    is_first: bool


def _page(queryset, is_first, cursor_of):
    items = list(queryset[: PER_PAGE + 1])
    more = len(items) > PER_PAGE
    items = items[:PER_PAGE]
    return Page(items, cursor_of(items[-1]) if more else None, is_first)


def parse_id(text):
    """An id as this site writes it in a cursor; anything else is a BadCursor.

    ASCII digits only, and few enough for int(): str.isdigit() also accepts "²" and "١٢", and int()
    refuses more than 4,300 digits; either would be a 500.
    """
    if not ID_CURSOR.fullmatch(text) or int(text) > MAX_ID:
        raise BadCursor(text)
    return int(text)


def newest_first(queryset, cursor=None):
    """One page of queryset, newest first; cursor is the last id of the previous page."""
    if cursor:
        queryset = queryset.filter(id__lt=parse_id(cursor))
    return _page(queryset.order_by("-id"), not cursor, lambda item: str(item.id))


def best_match_first(queryset, text, cursor=None):
    """One page of the newest MAX_RANKED matches for text (websearch syntax), best match first.

    Ranking runs on bare ids and search documents; only the page's own rows are then loaded with whatever
    queryset joins and prefetches for display (two queries, whatever the number of matches).
    """
    query = search_query(text)
    newest_matches = queryset.filter(search=query).order_by("-id").values("id")[:MAX_RANKED]
    ranked = queryset.model.objects.filter(id__in=newest_matches).annotate(
        rank=Cast(SearchRank(F("search"), query), FloatField())
    )
    if cursor:
        rank, _, last_id = cursor.partition("_")
        try:
            rank = float(rank)
        except ValueError:
            raise BadCursor(cursor) from None
        if not math.isfinite(rank):
            raise BadCursor(cursor)
        last_id = parse_id(last_id)
        ranked = ranked.filter(Q(rank__lt=rank) | Q(rank=rank, id__lt=last_id))
    ranks = dict(ranked.order_by("-rank", "-id").values_list("id", "rank")[: PER_PAGE + 1])
    items = sorted(queryset.filter(id__in=ranks), key=lambda item: (-ranks[item.id], -item.id))
    for item in items:
        item.rank = ranks[item.id]
    return _page(items, not cursor, lambda item: f"{item.rank!r}_{item.id}")
