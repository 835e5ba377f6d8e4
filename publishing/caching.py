"""Conditional GETs and a page cache for the public site, both keyed on the database's snapshot.

The version is PostgreSQL's current snapshot (`pg_current_snapshot()`: the oldest transaction still
writing, the newest one completed, and those in between still in progress). It changes exactly when a
writing transaction commits, in commit order, whatever wrote: an admin save, a bulk update, an import, a
deletion. A page rendered while an edit was in progress is keyed with that edit listed as in progress, so
its commit moves the version; an edit not yet begun will move it when it commits. So a reader never sees a
stale verdict after a correction, and nothing has to remember which pages show what. Reading it touches
no table.

The price: any committed write moves it, including ones that change nothing public (an editor logging in)
and, on a server shared with other applications, theirs. That only costs cache hits, never correctness.
PAGE_CACHE_SECONDS bounds memory use.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import connection
from django.utils.cache import get_conditional_response, patch_cache_control

PAGE_CACHE_SECONDS = 600


def site_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def public_page(view):
    """Serve a public GET page with an ETag, a 304 when the reader has it, and from the cache when possible."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = f"{site_version()}|{request.get_full_path()}"
        etag = f'"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}"'
        # "*" means "any version": it must not turn a page that does not exist into a 304.
        wildcard = request.headers.get("If-None-Match", "").strip() == "*"
        if not wildcard and (not_modified := get_conditional_response(request, etag=etag)):
            not_modified["ETag"] = etag
            return not_modified
        cache_key = f"page:{etag}"
        response = cache.get(cache_key)
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if hasattr(response, "render"):
                response.render()
            cache.set(cache_key, response, PAGE_CACHE_SECONDS)
        return response

    return wrapper
