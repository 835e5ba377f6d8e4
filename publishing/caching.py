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
  is byte for byte the page the view made. A copy is kept PAGE_CACHE_SECONDS at most.

Transaction ids belong to one PostgreSQL server: after restoring the database into another server, clear a
shared page cache (Redis), or a copy made before could match a snapshot again.
"""

import hashlib
import logging
from functools import wraps

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

logger = logging.getLogger(__name__)

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


def digest(text):
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def page_address(request):
    """The page as the reader asked for it: scheme and host (which pages print in their canonical link; reading
    the host rejects one outside ALLOWED_HOSTS), path, and the query string exactly as sent, so that two
    different searches can never share a copy."""
    return repr((request.scheme, request.get_host(), request.path, request.META.get("QUERY_STRING", "")))


def page_etag(request):
    """The ETag of the page at this address at the current version; the version is asked once per request."""
    if not hasattr(request, "_page_etag"):
        request._page_etag = f'"{digest(f"{site_version()}|{page_address(request)}")}"'
    return request._page_etag


def revalidate(response, etag):
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response


def not_modified(request, etag):
    """A 304 when the reader's If-None-Match names this version of the page, else None.

    Only If-None-Match is read, as browsers send it: the pages have no modification date for
    If-Unmodified-Since, and If-Match is for changing a resource, which no public page does. "*" ("any
    version") is not honoured: it must not turn a page that does not exist into a 304.
    """
    sent = request.headers.get("If-None-Match", "")
    if etag not in {tag.removeprefix("W/") for tag in parse_etags(sent)}:
        return None
    return revalidate(HttpResponseNotModified(), etag)


def public_page(view):
    """Give a public GET page its ETag, answer a 304 when the reader has it, and let PublicPageCache keep it."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        etag = page_etag(request)
        if response := not_modified(request, etag):
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not is_private(response):
            revalidate(response, etag)
            if hasattr(response, "render"):
                response.render()
            response.shared_page = True
        return response

    return wrapper


def is_shareable(response):
    """A page marked by @public_page that belongs to no one reader: no cookie, nothing varying by request
    header, nothing private, and all of it in memory."""
    return (
        getattr(response, "shared_page", False)
        and not response.streaming
        and not response.cookies
        and not response.has_header("Set-Cookie")
        and not response.has_header("Vary")
        and not is_private(response)
    )


def is_private(response):
    return any(word in response.get("Cache-Control", "") for word in ("private", "no-store"))


class PublicPageCache:
    """Serve a current copy of a public page before the rest of the stack runs (see the module docstring).

    The cache only saves work: when it fails (Redis unreachable, a copy that no longer unpickles after an
    upgrade) the request is served as if nothing were cached, and the failure is logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        key = f"page:{digest(page_address(request))}"
        try:
            copy = cache.get(key)
        except Exception:
            logger.warning("Page cache unavailable: serving %s without it", request.path, exc_info=True)
            copy = None
        if copy is not None:
            etag, page = copy
            if etag == page_etag(request):
                return not_modified(request, etag) or page
        response = self.get_response(request)
        if is_shareable(response):
            try:
                cache.set(key, (response["ETag"], response), PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("Page cache unavailable: %s not kept", request.path, exc_info=True)
        return response
