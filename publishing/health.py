"""How the site answers when the services behind it fail.

- `HealthCheck`, the first middleware, answers the load balancer's `/healthz/` before anything else runs: no
  ALLOWED_HOSTS check (balancers probe by IP), no HTTPS redirect (they probe in plain HTTP), no page cache.
  It asks the database for one row and the cache for one key, each in a thread of its own that it waits for
  at most CHECK_SECONDS, so it answers in time even when a service hangs. A database that does not answer
  makes it 503 (take this server out of rotation); a cache that does not answer is only reported, since the
  site serves every page without one, slower.
- `server_error`, the project's handler500: when a request failed because PostgreSQL could not be reached or
  did not answer in time (OperationalError or InterfaceError, from a view or a middleware such as the page
  cache; a web request's statement timeout is one), the reader gets a 503 with Retry-After and a static page
  that says so, instead of "Server Error (500)". The page needs
  neither the database nor a request context. The error is logged as any other (django.request, with its
  traceback).
"""

import json
import logging
import sys
import threading
import time

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import patch_cache_control
from django.views import defaults

logger = logging.getLogger(__name__)

CHECK_SECONDS = 1.5
REUSE_SECONDS = 1
RETRY_AFTER_SECONDS = 30


def database_answers():
    """One query on a connection of the checking thread's own, closed after it."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    finally:
        connection.close()


def cache_answers():
    cache.set("healthz", "ok", 10)
    return cache.get("healthz") == "ok"


def run_checks(checks, seconds):
    """Run each check at once, in a daemon thread of its own; {name: "ok", "failing" or "no answer"} after at most
    seconds. A hung service keeps its thread until the driver's own timeout ends it; the request goes on."""
    answers = {}

    def run(name, check):
        try:
            answers[name] = "ok" if check() else "failing"
        except Exception as error:
            logger.warning("Health check: %s failing: %r", name, error)
            answers[name] = "failing"

    threads = [threading.Thread(target=run, args=item, name=f"healthz-{item[0]}", daemon=True) for item in checks]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + seconds
    for thread in threads:
        thread.join(max(0, deadline - time.monotonic()))
    results = {name: answers.get(name, "no answer") for name, _ in checks}
    for name in (name for name, answer in results.items() if answer == "no answer"):
        logger.warning("Health check: %s gave no answer within %s s", name, seconds)
    return results


class HealthCheck:
    """Answer /healthz/ with each check's result: 200 while the database answers, else 503 (module docstring).

    Anyone can ask, as often as they like: one check runs at a time in each process, and its result answers every
    probe for REUSE_SECONDS, so a flood of probes (or a slow database) cannot pile up threads and connections.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.lock = threading.Lock()
        self.checked_at, self.results = float("-inf"), None

    def __call__(self, request):
        if request.path != "/healthz/":
            return self.get_response(request)
        with self.lock:
            if time.monotonic() - self.checked_at >= REUSE_SECONDS:
                self.results = run_checks([("database", database_answers), ("cache", cache_answers)], CHECK_SECONDS)
                self.checked_at = time.monotonic()
            results = self.results
        status = 200 if results["database"] == "ok" else 503
        response = HttpResponse(json.dumps(results), content_type="application/json", status=status)
        patch_cache_control(response, no_store=True)
        return response


def server_error(request):
    """Django's 500 page, or a 503 when the exception being handled is the database's being unreachable."""
    if not isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return defaults.server_error(request)
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
