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

from django.db import connections

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

    One query finds the newest matches by id and ranks them from the search documents it has just read, so no
    match is fetched twice; only the page's own rows are then loaded with whatever queryset joins and prefetches
    for display (two queries, whatever the number of matches). The Django ORM has no subquery in FROM, hence
    the SQL around the ORM's own query for the matches.
    """
    query = search_query(text)
    newest = queryset.filter(search=query).order_by("-id").values("id", "search")[:MAX_RANKED]
    compiler = newest.query.get_compiler(using=queryset.db, elide_empty=False)  # .none() is a page too
    newest_sql, newest_params = compiler.as_sql()
    tsquery_sql, tsquery_params = compiler.compile(query.resolve_expression(newest.query))
    rank = f"ts_rank(newest.search, {tsquery_sql})::double precision"
    after, after_params = "", []
    if cursor:
        last_rank, _, last_id = cursor.partition("_")
        try:
            last_rank = float(last_rank)
        except ValueError:
            raise BadCursor(cursor) from None
        if not math.isfinite(last_rank):
            raise BadCursor(cursor)
        after = f"WHERE {rank} < %s OR ({rank} = %s AND newest.id < %s)"
        after_params = [*tsquery_params, last_rank, *tsquery_params, last_rank, parse_id(last_id)]
    sql = (
        f"SELECT newest.id, {rank} AS rank FROM ({newest_sql}) AS newest {after} "
        "ORDER BY rank DESC, newest.id DESC LIMIT %s"
    )
    with connections[queryset.db].cursor() as db:
        db.execute(sql, [*tsquery_params, *newest_params, *after_params, PER_PAGE + 1])
        ranks = dict(db.fetchall())
    items = sorted(queryset.filter(id__in=ranks), key=lambda item: (-ranks[item.id], -item.id))
    for item in items:
        item.rank = ranks[item.id]
    return _page(items, not cursor, lambda item: f"{item.rank!r}_{item.id}")
