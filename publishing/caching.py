"""Conditional GETs and a page cache for the public site, both keyed on the database's version.

The version is the PostgreSQL server's current snapshot (`pg_current_snapshot()`: the oldest transaction still
writing, the newest one completed, and those in between still in progress) on this incarnation of the server.
The snapshot changes exactly when a writing transaction commits, in commit order, whatever wrote: an admin save,
a bulk update, an import, a deletion. A page rendered while an edit was in progress is keyed with that edit
listed as in progress, so its commit moves the version; an edit not yet begun will move it when it commits. So
a reader never sees a stale verdict after a correction, and nothing has to remember which pages show what.
Reading it touches no table.

Transaction ids repeat after a crash: ids handed out but never written to disk are handed out again, so a later
commit can recreate a snapshot from before the crash exactly. The snapshot is therefore read together with the
server's incarnation: its system identifier (another cluster, a restore into a new one), its start time (a
restart) and when its shared statistics were last reset (PostgreSQL resets them after crash recovery, which
restarts every backend but not the postmaster), read in the same query. On a replica or after a failover the
incarnation differs from the primary's, so a page can only be missed there, never served stale; a version shared
by several servers (scale-out) would combine the primary's incarnation with the snapshot its writes produce.

The version is an HMAC of both, keyed with SECRET_KEY: an ETag tells a reader nothing about the transaction
counter, so nobody can count or time the newsroom's writes, drafts included.

The price: any committed write moves it, including ones that change nothing public (an editor logging in, a
failed login that login throttling records) and, on a server shared with other applications, theirs. That only
costs cache hits, never correctness; the README's deployment rate-limits the login page at the proxy, so that
nobody can keep the cache empty by failing logins.

Pages are addressed by what they read: scheme and host (printed in the canonical link), path, and only the query
parameters the page declares (`@public_page(params=...)`), in a fixed order, empty ones dropped. The view sees
only those, so `?utm_source=…` or any junk parameter shares the plain page's copy instead of adding one.

Two pieces share the work:
- `@public_page`, on each public view, gives the page its ETag (the version and the page's address),
  answers a 304 before rendering when the reader has that version, and marks the rendered page as shareable.
- `PublicPageCache`, a middleware placed just after SecurityMiddleware and WhiteNoise, keeps one copy of
  each marked page, stored on its way out once every inner middleware has added its headers. A request for an
  address it holds costs one query, the version: when the copy is current it is served (or a 304) before
  sessions or the view run. That is most of a cached page's cost, and a page from the cache is byte for byte
  the page the view made. A copy is kept PAGE_CACHE_SECONDS at most.

The cache only saves work. Its client gives up after CACHE_TIMEOUT (settings), and after an outage (Redis
unreachable, or not answering) this process skips the cache for CACHE_BREAK_SECONDS (a circuit breaker), logging
the traceback once per outage: a hung or unreachable Redis costs speed, never a page; any other cache error costs
only the request it happened in. When the database is unreachable, no copy is served: the version
cannot be read, and the request fails as any other would.
"""

import hashlib
import logging
import threading
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control
from django.utils.crypto import salted_hmac
from django.utils.http import parse_etags, urlencode
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

PAGE_CACHE_SECONDS = 600

# The server's incarnation comes from shared memory and its control file, and is read with every snapshot: a
# connection pooler (PgBouncer, RDS Proxy) can keep a client's connection open across a crash of the server.
VERSION = """
    SELECT concat_ws(' ', (SELECT system_identifier FROM pg_control_system()), pg_postmaster_start_time(),
                     (SELECT stats_reset FROM pg_stat_wal)),
           pg_current_snapshot()::text
"""


def _read_version():
    """(incarnation, snapshot)."""
    with connection.cursor() as cursor:
        cursor.execute(VERSION)
        return cursor.fetchone()


def version(incarnation, snapshot):
    """The version of the data a snapshot of this server incarnation sees, keyed so it reveals neither."""
    return salted_hmac("publishing.caching.version", f"{incarnation}|{snapshot}", algorithm="sha256").hexdigest()[:32]


def site_version():
    """The database's current version (see the module docstring).

    The query checks the connection as well as Django's health check (CONN_HEALTH_CHECKS) would, so that
    check, a round trip for SELECT 1 before every request's first query, is marked done. In its place: when
    the server has dropped a connection kept from an earlier request (a restart, an idle timeout), this
    connects again and asks once more.
    """
    kept = connection.connection is not None
    connection.health_check_done = True
    try:
        return version(*_read_version())
    except (InterfaceError, OperationalError):
        if not kept or connection.in_atomic_block or connection.is_usable():
            raise
        connection.close()
        return version(*_read_version())


def digest(text):
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def declared_params(path):
    """The query parameters the public page at path reads, or None when path is no public page."""
    try:
        return getattr(resolve(path).func, "page_params", None)
    except Resolver404:
        return None


def page_address(request, params):
    """The page as its view sees it: scheme and host (which pages print in their canonical link; reading the host
    rejects one outside ALLOWED_HOSTS), path, and the parameters it reads, normalised. request.GET is narrowed
    to those parameters, so the view cannot print what is not part of the address."""
    if not hasattr(request, "_page_address"):
        query = urlencode([(name, value) for name in sorted(params) for value in request.GET.getlist(name) if value])
        request.GET = QueryDict(query)
        request._page_address = repr((request.scheme, request.get_host(), request.path, query))
    return request._page_address


def page_etag(request, params):
    """The ETag of the page at this address at the current version; the version is asked once per request."""
    if not hasattr(request, "_page_etag"):
        request._page_etag = f'"{digest(f"{site_version()}|{page_address(request, params)}")}"'
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


def public_page(view=None, *, params=()):
    """Give a public GET page its ETag, answer a 304 when the reader has it, and let PublicPageCache keep it.

    params names the query parameters the page reads; any other is dropped before the view runs.
    """
    if view is None:
        return lambda view: public_page(view, params=params)
    params = frozenset(params)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        etag = page_etag(request, params)
        if response := not_modified(request, etag):
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not is_private(response):
            revalidate(response, etag)
            if hasattr(response, "render"):
                response.render()
            response.shared_page = True
        return response

    wrapper.page_params = params
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


class CircuitBreaker:
    """Calls to a service that may be down, skipped for `seconds` after an outage error, in this process.

    An outage (the service unreachable, or not answering within its timeout) is logged with its traceback when it
    begins; then one call every `seconds` tries the service again while the others skip it, and each failed retry
    logs one line; the first success logs one line. Any other error (a refused write, a value that no longer
    unpickles) costs only that call: logged, answered None, the service still used.
    """

    def __init__(self, name, seconds, outages):
        self.name = name
        self.seconds = seconds
        self.outages = outages
        self.lock = threading.Lock()
        self.reset()

    def reset(self):
        self.skip_until = 0.0
        self.failing = False

    def call(self, operation, *args):
        """operation(*args), or None when it failed or the service is resting."""
        with self.lock:
            now = time.monotonic()
            if now < self.skip_until:
                return None
            if self.failing:  # this call is the retry: the others keep skipping meanwhile
                self.skip_until = now + self.seconds
        try:
            result = operation(*args)
        except self.outages as error:
            with self.lock:
                self.skip_until = time.monotonic() + self.seconds
                began, self.failing = not self.failing, True
            if began:
                logger.error("%s unavailable: skipping it for %s s", self.name, self.seconds, exc_info=True)
            else:
                logger.warning("%s still unavailable (%r): skipping it for %s s", self.name, error, self.seconds)
            return None
        except Exception as error:
            logger.warning("%s refused a call: %r", self.name, error)
            return None
        with self.lock:
            ended, self.failing, self.skip_until = self.failing, False, 0.0
        if ended:
            logger.warning("%s answers again", self.name)
        return result


page_cache = CircuitBreaker(
    "Page cache", settings.CACHE_BREAK_SECONDS, outages=(RedisConnectionError, RedisTimeoutError)
)


class PublicPageCache:
    """Serve a current copy of a public page before the rest of the stack runs (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        params = declared_params(request.path_info) if request.method in ("GET", "HEAD") else None
        if params is None:
            return self.get_response(request)
        key = f"page:{digest(page_address(request, params))}"
        copy = page_cache.call(cache.get, key)
        if copy is not None:
            etag, page = copy
            if etag == page_etag(request, params):
                return not_modified(request, etag) or page
        response = self.get_response(request)
        if is_shareable(response):
            page_cache.call(cache.set, key, (response["ETag"], response), PAGE_CACHE_SECONDS)
        return response
