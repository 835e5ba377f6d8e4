"""When services fail: /healthz/ tells the load balancer, in time, and readers get a 503 that says to come back
when PostgreSQL is unreachable, rather than a bare 500. Faults are real: connections refused by a closed port,
or held by a socket that never answers."""

import json
import logging
import socket
import time

import psycopg
import pytest
from django.db import connection
from django.test import Client, RequestFactory

from publishing.health import REUSE_SECONDS, server_error
from publishing.json_logs import JsonLines
from tests.factories import make_claim
from tests.test_content_security_policy import REFUSED

committed = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def closed_port():
    """A local port where nothing listens: connecting to it is refused at once, as to a stopped server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_server():
    """A local port that takes connections and never answers, as a frozen server or a black-holed network."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(16)
        yield listener.getsockname()[1]


@pytest.fixture
def point_the_database_at():
    """Make the site's database connection go to another port from its next connection on; the server ends the
    connection kept from earlier requests, as a stopped PostgreSQL does."""
    saved = dict(connection.settings_dict)

    def point(port):
        if connection.connection is not None:
            with psycopg.connect(**connection.get_connection_params()) as admin:
                admin.execute("SELECT pg_terminate_backend(%s, 5000)", [connection.connection.info.backend_pid])
        connection.settings_dict.update(HOST="127.0.0.1", PORT=str(port))

    yield point
    connection.close()
    connection.settings_dict.update(saved)


def reader():
    return Client(raise_request_exception=False)  # a server answers the error, as gunicorn would


def assert_unavailable(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "database is out of reach or too busy just now" in response.text
    assert REFUSED.findall(response.text) == []  # styled by the site's stylesheet: nothing the CSP refuses


@committed
def test_a_public_page_answers_503_while_the_database_is_unreachable(point_the_database_at):
    url = make_claim(text="Crime is down 5 percent").get_absolute_url()
    point_the_database_at(closed_port())

    assert_unavailable(reader().get(url))


@committed
def test_a_cached_page_answers_503_while_the_database_is_unreachable(point_the_database_at):
    """The page cache asks the database for its version before serving a copy: with no database, no copy."""
    url = make_claim(text="Crime is down 5 percent").get_absolute_url()
    client = reader()
    assert client.get(url).status_code == 200  # kept in the page cache, and the connection kept
    point_the_database_at(closed_port())

    assert_unavailable(client.get(url))


@committed
def test_the_admin_answers_503_while_the_database_is_unreachable(editor_client, point_the_database_at):
    editor_client.raise_request_exception = False
    assert editor_client.get("/admin/").status_code == 200
    point_the_database_at(closed_port())

    assert_unavailable(editor_client.get("/admin/claims/claim/"))


@committed
def test_an_outage_is_logged_as_one_json_line_with_its_traceback(point_the_database_at, caplog):
    url = make_claim(text="Crime is down 5 percent").get_absolute_url()
    point_the_database_at(closed_port())

    with caplog.at_level(logging.WARNING, logger="django.request"):
        reader().get(url)

    [record] = [record for record in caplog.records if record.name == "django.request"]
    line = JsonLines().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["level"] == "ERROR"
    assert entry["logger"] == "django.request"
    assert entry["message"] == f"Service Unavailable: {url}"
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", url, 503)
    assert entry["traceback"].startswith("Traceback (most recent call last):")
    assert "django.db.utils.OperationalError" in entry["traceback"]


def test_any_other_error_is_still_a_500():
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert not response.has_header("Retry-After")


@pytest.mark.django_db
def test_healthz_answers_a_probe_by_ip_in_plain_http_and_is_never_cached(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    for _ in range(2):
        response = client.get("/healthz/", headers={"host": "10.0.4.17:8000"})

        assert response.status_code == 200
        assert response.json() == {"database": "ok", "cache": "ok"}
        assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_refuses_connections(client, point_the_database_at):
    point_the_database_at(closed_port())
    response = client.get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {"database": "failing", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_in_time_when_the_database_hangs(client, point_the_database_at, silent_server):
    point_the_database_at(silent_server)
    started = time.monotonic()
    response = client.get("/healthz/")
    assert time.monotonic() - started < 2
    assert response.status_code == 503
    assert response.json() == {"database": "no answer", "cache": "ok"}


def redis_at(port):
    return {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"redis://127.0.0.1:{port}/0"}
    }


@pytest.mark.django_db
def test_a_failing_cache_is_reported_but_keeps_the_server_in_rotation(client, settings):
    settings.CACHES = redis_at(closed_port())
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "failing"}


@pytest.mark.django_db
def test_a_hanging_cache_is_reported_in_time(client, settings, silent_server):
    settings.CACHES = redis_at(silent_server)
    started = time.monotonic()
    response = client.get("/healthz/")
    assert time.monotonic() - started < 2
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "no answer"}


@pytest.mark.django_db
def test_a_flood_of_probes_runs_one_check_a_second(client, monkeypatch):
    """Anyone may probe /healthz/: a flood must not become a flood of database connections."""
    checks = []
    monkeypatch.setattr("publishing.health.database_answers", lambda: checks.append(1) or True)

    started = time.monotonic()
    answers = [client.get("/healthz/", headers={"host": "10.0.0.7"}) for _ in range(50)]
    seconds = time.monotonic() - started

    assert {response.status_code for response in answers} == {200}
    assert len(checks) <= 1 + seconds // REUSE_SECONDS < 50
