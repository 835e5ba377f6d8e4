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

Two pieces share the work:
- `@public_page`, on each public view, gives the page its ETag (the version and the page's address),
  answers a 304 before rendering when the reader has that version, and marks the rendered page as shareable.
- `PublicPageCache`, a middleware placed just after SecurityMiddleware and WhiteNoise, keeps one copy of
  each marked page, stored on its way out once every inner middleware has added its headers. A request for an
  address it holds costs one query, the version: when the copy is current it is served (or a 304) before
  sessions, URL routing or the view run. That is most of a cached page's cost, and a page from the cache
  is byte for byte the page the view made. PAGE_CACHE_SECONDS bounds how long an unvisited copy is kept.
"""

import hashlib
from functools import wraps

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.utils.cache import get_conditional_response, patch_cache_control

PAGE_CACHE_SECONDS = 600


def _snapshot():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_snapshot()::text")
        return cursor.fetchone()[0]


def site_version():
    """The database's current snapshot, as text.

    The query checks the connection as well as Django's health check (CONN_HEALTH_CHECKS) would, so that
    check, a round trip for SELECT 1 before every request's first query, is marked done. In its place: when
    the server has dropped a connection kept from an earlier request (a restart, an idle timeout), this
    connects again and asks once more.
    """
    kept = connection.connection is not None
    connection.health_check_done = True
    try:
        return _snapshot()
    except (InterfaceError, OperationalError):
        if not kept or connection.in_atomic_block or connection.is_usable():
            raise
        connection.close()
        return _snapshot()


def page_etag(request):
    """The ETag of the page at this address at the current version; the version is asked once per request."""
    if not hasattr(request, "page_etag"):
        key = f"{site_version()}|{request.build_absolute_uri()}"
        request.page_etag = f'"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}"'
    return request.page_etag


def not_modified(request, etag):
    """A 304 when the reader already has this version of the page (or a 412 for a failed If-Match)."""
    # "*" means "any version": it must not turn a page that does not exist into a 304.
    if request.headers.get("If-None-Match", "").strip() == "*":
        return None
    response = get_conditional_response(request, etag=etag)
    if response is not None:
        response["ETag"] = etag
    return response


def public_page(view):
    """Give a public GET page its ETag, answer a 304 when the reader has it, and let PublicPageCache keep it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        etag = page_etag(request)
        if response := not_modified(request, etag):
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
            if hasattr(response, "render"):
                response.render()
            response.shared_page = True
        return response

    return wrapper


class PublicPageCache:
    """Serve a current copy of a public page before the rest of the stack runs (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        # The address includes the host and scheme, which the page prints in its canonical link; building it
        # also rejects a host outside ALLOWED_HOSTS before any copy is served.
        address = request.build_absolute_uri()
        key = f"page:{hashlib.blake2b(address.encode(), digest_size=16).hexdigest()}"
        copy = cache.get(key)
        if copy is not None:
            etag, page = copy
            if etag == page_etag(request):
                return not_modified(request, etag) or page
        response = self.get_response(request)
        # Never share what belongs to one reader: a cookie, or a page that varies with the request's headers.
        if getattr(response, "shared_page", False) and not response.cookies and not response.has_header("Vary"):
            cache.set(key, (response["ETag"], response), PAGE_CACHE_SECONDS)
        return response
