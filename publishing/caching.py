"""Conditional GETs and a page cache for the public site, both keyed on the content's version.

`site_version()` is the newest `updated_at` across every model that has one: one query of index-only
max() lookups. Any edit an editor saves (a verdict, a quote, a story, a speaker's name, a rating's
wording) moves it, which changes every page's ETag and cache key at once: a reader never sees a stale
verdict after a correction, and nothing has to remember which pages show what. PAGE_CACHE_SECONDS
bounds what a change the version cannot see (deleting an unused rating) may leave cached.
"""

import hashlib
from functools import wraps

from django.apps import apps
from django.core.cache import cache
from django.db import connection
from django.utils.cache import get_conditional_response, patch_cache_control

PAGE_CACHE_SECONDS = 600


def versioned_tables():
    return [
        model._meta.db_table
        for model in apps.get_models()
        if any(field.name == "updated_at" for field in model._meta.concrete_fields)
    ]


def site_version():
    quote = connection.ops.quote_name
    newest = ", ".join(f"(SELECT max(updated_at) FROM {quote(table)})" for table in versioned_tables())
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT GREATEST({newest})")
        (version,) = cursor.fetchone()
    return version.isoformat() if version else "empty"


def public_page(view):
    """Serve a public GET page with an ETag, a 304 when the reader has it, and from the cache when possible."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = f"{site_version()}|{request.get_full_path()}"
        etag = f'"{hashlib.blake2b(key.encode(), digest_size=16).hexdigest()}"'
        if not_modified := get_conditional_response(request, etag=etag):
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
