"""The WSGI application as gunicorn serves it (newsroom.wsgi): HEAD is answered with the headers alone.

Django's test client drops a HEAD response's body itself, so these tests call the WSGI application directly,
as a server does.
"""

import io
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.factories import make_quote

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def application():
    """newsroom.wsgi's application. Importing it gives connections opened from then on the web requests' statement
    timeout; the rest of the suite gets its options back."""
    options = settings.DATABASES["default"]["OPTIONS"]
    saved = dict(options)
    from newsroom.wsgi import application

    yield application
    options.clear()
    options.update(saved)


@contextmanager
def kept_test_transaction():
    """A request closes the database connection it found, and with it the test's transaction; Django's test
    client disconnects that the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def serve(application, method, path):
    """The status, headers and body the application hands to the server."""
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
    }
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=status, headers=dict(headers))

    with kept_test_transaction():
        result = application(environ, start_response)
        try:
            body = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return started["status"], started["headers"], body


@pytest.fixture
def quote():
    return make_quote(text="Murder is down 82 percent since 1993.")


@pytest.mark.parametrize("path", ["/", "/quotes/", "/no/such/page/", "/admin/login/"])
def test_a_head_request_gets_the_pages_headers_and_no_body(application, quote, path):
    status, headers, body = serve(application, "GET", path)
    head_status, head_headers, head_body = serve(application, "HEAD", path)

    assert body, "the GET has the page"
    assert head_body == b""
    assert head_status == status
    assert (head_headers["Content-Type"], head_headers["Content-Length"]) == (
        headers["Content-Type"],
        headers["Content-Length"],
    ), "HEAD tells what a GET would get"


def test_a_cached_page_asked_for_twice_by_head_has_no_body_and_stays_whole_for_get(application, quote):
    path = quote.get_absolute_url()

    first = serve(application, "HEAD", path)
    second = serve(application, "HEAD", path)  # from the page cache
    status, headers, body = serve(application, "GET", path)

    assert (first[0], first[2], second[0], second[2]) == ("200 OK", b"", "200 OK", b"")
    assert second[1]["ETag"] == headers["ETag"]
    assert b"Murder is down 82 percent since 1993." in body
    assert headers["Content-Length"] == str(len(body))
