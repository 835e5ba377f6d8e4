"""The site served exactly as README's "Deployment" section says, by real processes: its collectstatic, migrate
and gunicorn lines, read from the README, with DEBUG=0, behind the proxy headers it documents. Slow (`slow`:
two gunicorn starts and a collectstatic, about 10 s of CPU, 20-45 s on a busy 2-core machine), and part of every
run all the same: a production where every page answers 500 is what it catches."""

import html
import json
import os
import re
import shlex
import subprocess
import sys
import time
from http.client import HTTPConnection
from pathlib import Path

import pytest
from django.core.management import call_command

from newsroom.settings import BASE_DIR
from tests.servers import database_url, free_port

pytestmark = pytest.mark.slow

HOST = "facts.example.org"
PROXIED = {"Host": HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deployment-test-only-8e1f0a9b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b",
    "ALLOWED_HOSTS": HOST,
    "CSRF_TRUSTED_ORIGINS": f"https://{HOST}",
    "NEWSROOM_URL": f"https://{HOST}/",
}
LINKS = re.compile(r'(?:href|src)="(/[^"/][^"]*|/)"')


def readme_commands():
    """The collectstatic, migrate and gunicorn lines of README's Deployment section, as argument lists."""
    section = (BASE_DIR / "README.md").read_text().split("\n## Deployment\n", 1)[1].split("\n## ", 1)[0]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = {}
    for line in block.splitlines():
        if line.startswith(".venv/bin/"):
            args = shlex.split(line)
            args[0] = str(Path(sys.executable).parent / Path(args[0]).name)  # this checkout's virtualenv
            commands[args[2] if args[1] == "manage.py" else "gunicorn"] = args
    assert list(commands) == ["collectstatic", "migrate", "gunicorn"], block
    return commands


def environment(static_root, url):
    """Production settings; the page cache in each process's memory, as a shared Redis could hold pages another
    checkout's server made."""
    inherited = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "SECRET_KEY", "REDIS_URL")}
    return {**inherited, **PRODUCTION, "DATABASE_URL": url, "STATIC_ROOT": str(static_root)}


class Server:
    """gunicorn started with README's line, on a free port; its stderr kept in a file."""

    def __init__(self, gunicorn, env, log):
        self.port = free_port()
        args = [f"127.0.0.1:{self.port}" if arg == "127.0.0.1:8000" else arg for arg in gunicorn]
        assert f"127.0.0.1:{self.port}" in args
        self.log = log
        self.process = subprocess.Popen(args, cwd=BASE_DIR, env=env, stderr=log.open("w"))
        deadline = time.monotonic() + 30
        while self.process.poll() is None and time.monotonic() < deadline:
            try:
                self.get("/healthz/")
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise AssertionError(f"gunicorn did not start:\n{log.read_text()}")

    def get(self, path, headers=None):
        client = HTTPConnection("127.0.0.1", self.port, timeout=10)
        client.request("GET", path, headers=headers or {})
        response = client.getresponse()
        response.body = response.read()
        client.close()
        return response

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=40)
        return [json.loads(line) for line in self.log.read_text().splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def commands():
    return readme_commands()


@pytest.fixture(scope="module")
def static_root(commands, tmp_path_factory):
    """README's collectstatic, once for the module (it compresses every file: seconds)."""
    static_root = tmp_path_factory.mktemp("static")
    env = environment(static_root, "postgres://nobody@127.0.0.1:9/none")  # collectstatic needs no database
    subprocess.run(commands["collectstatic"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    return static_root


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_site_served_as_the_readme_says_answers_every_page_and_static_file(commands, static_root, tmp_path):
    call_command("load_demo", verbosity=0)  # committed, for the server to see it
    env = environment(static_root, database_url())
    subprocess.run(commands["migrate"], cwd=BASE_DIR, env=env, check=True, capture_output=True)
    server = Server(commands["gunicorn"], env, tmp_path / "stderr")
    try:
        home = server.get("/", PROXIED)
        assert home.status == 200
        pages = {html.unescape(link) for link in LINKS.findall(home.body.decode())} | {"/admin/login/"}
        assert len(pages) > 20  # the demo's fact checks, quotes, speakers, stories, feed and stylesheet
        answers = {page: server.get(page, PROXIED) for page in pages}
        static = {
            html.unescape(link)
            for answer in answers.values()
            for link in LINKS.findall(answer.body.decode(errors="replace"))
            if link.startswith("/static/")
        }
        answers |= {path: server.get(path, PROXIED) for path in static}
        plain_http = server.get("/methodology/", {"Host": HOST})
        probe = server.get("/healthz/")  # by IP, in plain HTTP, as a load balancer does
        stranger = server.get("/", {**PROXIED, "Host": "attacker.example"})
    finally:
        log = server.stop()

    assert {path: answer.status for path, answer in answers.items() if answer.status != 200} == {}
    assert any(re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", path) for path in static)
    assert any(path.startswith("/static/admin/css/") for path in static)

    assert plain_http.status == 301
    assert plain_http.getheader("Location") == f"https://{HOST}/methodology/"

    assert probe.status == 200
    assert probe.getheader("Content-Type") == "application/json"
    assert json.loads(probe.body) == {"database": "ok", "cache": "ok"}

    assert stranger.status == 400
    [entry] = log  # the one error of the run, as one JSON line, with its traceback
    assert (entry["level"], entry["logger"], entry["status"]) == ("ERROR", "django.security.DisallowedHost", 400)
    assert "django.core.exceptions.DisallowedHost: Invalid HTTP_HOST header" in entry["traceback"]


def test_while_the_database_is_down_the_site_answers_503_and_logs_each_as_one_json_line(
    commands, static_root, tmp_path
):
    env = environment(static_root, f"postgres://postgres@127.0.0.1:{free_port()}/newsroom")  # nothing listens
    server = Server(commands["gunicorn"], env, tmp_path / "stderr")
    try:
        page = server.get("/claims/", PROXIED)
        health = server.get("/healthz/")
    finally:
        log = server.stop()

    assert page.status == 503
    assert page.getheader("Retry-After") == "30"
    assert b"database is out of reach or too busy" in page.body
    assert health.status == 503
    assert json.loads(health.body) == {"database": "failing", "cache": "ok"}
    [page_error] = [entry for entry in log if entry.get("path") == "/claims/"]
    assert (page_error["level"], page_error["logger"], page_error["status"]) == ("ERROR", "django.request", 503)
    assert "django.db.utils.OperationalError: connection failed" in page_error["traceback"]
    reasons = {entry["message"] for entry in log if entry["logger"] == "publishing.health"}
    assert any(reason.startswith("Health check: database failing: OperationalError(") for reason in reasons)
