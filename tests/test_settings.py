"""Production settings: secure by default, and no start without a secret."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from newsroom.settings import BASE_DIR

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-only-5f2b9c0e8d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1",
    "ALLOWED_HOSTS": "facts.example.org",
}


def manage(*args, env):
    inherited = {key: value for key, value in os.environ.items() if key not in ("SECRET_KEY", "DEBUG")}
    environment = {**inherited, **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=environment, capture_output=True, text=True
    )


def database_url():
    db = settings.DATABASES["default"]
    host = db["HOST"].replace("/", "%2F")
    return f"postgres://{db['USER']}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db
def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DATABASE_URL": database_url()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_production_refuses_to_start_without_a_secret_key():
    env = {key: value for key, value in PRODUCTION.items() if key != "SECRET_KEY"}
    result = manage("check", env={**env, "DATABASE_URL": database_url()})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_migrations_match_the_models():
    result = manage("makemigrations", "--check", "--dry-run", env={"DATABASE_URL": database_url()})
    assert result.returncode == 0, result.stdout + result.stderr


def show_statement_timeout(code_before, env):
    program = f"{code_before}; from django.db import connection; cursor = connection.cursor(); "
    program += "cursor.execute('SHOW statement_timeout'); print(cursor.fetchone()[0])"
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", program],
        cwd=BASE_DIR,
        env={**inherited, "DATABASE_URL": database_url(), **env},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db
def test_web_requests_have_a_statement_timeout_and_commands_do_not():
    served = show_statement_timeout("import newsroom.wsgi", {"WEB_STATEMENT_TIMEOUT": "7000"})
    command = show_statement_timeout(
        "import os, django; os.environ['DJANGO_SETTINGS_MODULE'] = 'newsroom.settings'; django.setup()", {}
    )

    assert (served, command) == ("7s", "0")


@pytest.mark.parametrize(
    ("variable", "value"), [("WEB_STATEMENT_TIMEOUT", "15s"), ("CACHE_TIMEOUT", "fast"), ("EXPORT_STALL_SECONDS", "")]
)
def test_a_malformed_number_in_the_environment_stops_the_site_with_its_name(variable, value):
    result = manage("check", env={variable: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr and variable in result.stderr.splitlines()[-1]
