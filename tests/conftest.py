import os

import psycopg
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connections
from django.test import Client

from publishing.caching import page_cache
from tests.factories import make_user
from tests.servers import installed

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def pytest_configure(config):
    # Tests serve static files from the apps' folders; the hashed manifest needs collectstatic first.
    # Hashing personas' passwords at full strength is most of the suite's time; tests need no strength.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def pytest_report_header(config):
    db = settings.DATABASES["default"]
    # The maintenance database: the one DATABASE_URL names need not exist (pytest-django creates test_<name>).
    with psycopg.connect(
        dbname="postgres", user=db["USER"], password=db["PASSWORD"], host=db["HOST"], port=db["PORT"] or None
    ) as connection:
        version = connection.execute("SHOW server_version").fetchone()[0]
    where = "DATABASE_URL" if os.environ.get("DATABASE_URL") else "embedded server in .pgdata/"
    return f"database server: PostgreSQL {version} ({where})"


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached pages and a cache believed healthy: query counts measure real work, and no
    test sees another's pages or outage."""
    page_cache.reset()
    cache.clear()


# Personas. An editor runs the desk; a fact-checker writes claims and rulings.
@pytest.fixture
def editor(db):
    return make_user("edith", group="Editors", first_name="Edith")


@pytest.fixture
def fact_checker(db):
    return make_user("fred", group="Fact-checkers", first_name="Fred")


@pytest.fixture
def editor_client(editor):
    client = Client()
    client.force_login(editor)
    return client


@pytest.fixture
def fact_checker_client(fact_checker):
    client = Client()
    client.force_login(fact_checker)
    return client


@pytest.fixture
def demo(db):
    """The demo newsroom: two real articles, their speakers, quotes and claims (manage.py load_demo)."""
    call_command("load_demo", verbosity=0)


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium, driven by Playwright. Never skipped in CI."""
    return installed(CHROMIUM, f"BROWSER TESTS SKIPPED: no Chromium at {CHROMIUM} (apt-get install -y chromium)")


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Once Playwright's loop runs in this thread, Django hands out other connection objects (asgiref's
    # thread-critical Local), which lack the snapshot serialized_rollback restores: carry it over.
    snapshots = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, snapshot in snapshots.items():
            connections[alias]._test_serialized_contents = snapshot
        browser = playwright.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()
        connections.close_all()  # the connections opened in Playwright's context, or the test DB can't be dropped


# Tells the test about every Content-Security-Policy violation in a page (the console says it in prose).
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => window.reportCspViolation(
    `${event.effectiveDirective} refused ${event.blockedURI} on ${event.documentURI} line ${event.lineNumber}`
))"""


@pytest.fixture
def csp_violations():
    """What the browser refused under the Content-Security-Policy, in any tab of the test: console messages
    and securitypolicyviolation events."""
    return []


@pytest.fixture
def page(browser, csp_violations):
    """A tab in a fresh browser context. A test whose pages break the Content-Security-Policy fails."""
    context = browser.new_context()
    context.expose_function("reportCspViolation", lambda violation: csp_violations.append(violation))
    context.add_init_script(REPORT_CSP_VIOLATIONS)
    context.on(
        "console", lambda message: "Content Security Policy" in message.text and csp_violations.append(message.text)
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    for tab in context.pages:
        tab.evaluate("0")  # a round trip: reports still on their way arrive first
    context.close()
    assert csp_violations == [], "the browser refused what the page asked for under the Content-Security-Policy"
