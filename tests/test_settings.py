"""Production settings: secure by default, and no start without a secret or with a mistyped value."""

import os
import re
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from newsroom.settings import BASE_DIR, env_bool, env_choice, env_int, env_seconds
from tests.servers import database_url

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
    ("variable", "value", "message"),
    [
        ("DEBUG", "ture", "DEBUG='ture': expected one of 1, true, yes, on, 0, false, no, off."),
        ("SECURE_SSL_REDIRECT", "of", "SECURE_SSL_REDIRECT='of': expected one of 1, true, yes, on, 0, false, no, off."),
        ("SECURE_HSTS_SECONDS", "1y", "SECURE_HSTS_SECONDS='1y': expected a whole number, 0 or more."),
        ("LOG_LEVEL", "verbose", "LOG_LEVEL='verbose': expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL."),
        ("WEB_STATEMENT_TIMEOUT", "15s", "WEB_STATEMENT_TIMEOUT='15s': expected a whole number, 0 or more."),
        ("CACHE_TIMEOUT", "fast", "CACHE_TIMEOUT='fast': expected a number of seconds above 0, e.g. 0.25."),
        ("EXPORT_STALL_SECONDS", "0", "EXPORT_STALL_SECONDS='0': expected a number of seconds above 0, e.g. 0.25."),
    ],
)
def test_production_refuses_to_start_with_a_mistyped_setting(variable, value, message):
    result = manage("check", env={**PRODUCTION, "DATABASE_URL": database_url(), variable: value})
    assert result.returncode != 0
    assert f"ImproperlyConfigured: {message}" in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("True", True), (" yes ", True), ("ON", True), ("0", False), ("false", False), ("No", False)],
)
def test_booleans_are_read_in_any_of_their_spellings(monkeypatch, value, expected):
    monkeypatch.setenv("NEWSROOM_FLAG", value)
    assert env_bool("NEWSROOM_FLAG", "0") is expected


@pytest.mark.parametrize("value", ["ture", "2", "y", "enabled"])
def test_a_boolean_that_is_neither_true_nor_false_is_refused(monkeypatch, value):
    monkeypatch.setenv("NEWSROOM_FLAG", value)
    with pytest.raises(ImproperlyConfigured, match=rf"^NEWSROOM_FLAG='{value}': expected one of 1, true"):
        env_bool("NEWSROOM_FLAG", "0")


@pytest.mark.parametrize("value", ["-1", "1.5", "60s", "sixty", "١٢"])
def test_a_number_that_is_not_a_whole_number_is_refused(monkeypatch, value):
    monkeypatch.setenv("NEWSROOM_NUMBER", value)
    with pytest.raises(
        ImproperlyConfigured, match=rf"^NEWSROOM_NUMBER='{value}': expected a whole number, 0 or more\.$"
    ):
        env_int("NEWSROOM_NUMBER", 60)


def test_an_empty_setting_reads_as_unset(monkeypatch):
    for name in ("NEWSROOM_FLAG", "NEWSROOM_NUMBER", "NEWSROOM_LEVEL"):
        monkeypatch.setenv(name, "")
    assert env_bool("NEWSROOM_FLAG", "1") is True
    assert env_int("NEWSROOM_NUMBER", 60) == 60
    assert env_choice("NEWSROOM_LEVEL", "WARNING", ("INFO", "WARNING")) == "WARNING"


def test_numbers_and_levels_are_read(monkeypatch):
    monkeypatch.setenv("NEWSROOM_NUMBER", " 0 ")
    monkeypatch.setenv("NEWSROOM_LEVEL", "info")
    assert env_int("NEWSROOM_NUMBER", 60) == 0
    assert env_choice("NEWSROOM_LEVEL", "WARNING", ("INFO", "WARNING")) == "INFO"


@pytest.mark.parametrize(("value", "expected"), [("0.25", 0.25), (" 30 ", 30.0), ("", 5.0)])
def test_seconds_are_read_with_decimals(monkeypatch, value, expected):
    monkeypatch.setenv("NEWSROOM_SECONDS", value)
    assert env_seconds("NEWSROOM_SECONDS", 5) == expected


@pytest.mark.parametrize("value", ["-1", "0", "nan", "inf", "1s"])
def test_seconds_that_are_not_above_zero_are_refused(monkeypatch, value):
    monkeypatch.setenv("NEWSROOM_SECONDS", value)
    with pytest.raises(ImproperlyConfigured, match=rf"^NEWSROOM_SECONDS='{value}': expected a number of seconds"):
        env_seconds("NEWSROOM_SECONDS", 5)


def test_the_readme_configuration_table_lists_every_setting_read_from_the_environment():
    read = set(re.findall(r'env(?:_\w+)?\("([A-Z_]+)"', (BASE_DIR / "newsroom" / "settings.py").read_text()))
    readme = (BASE_DIR / "README.md").read_text()
    table = readme[readme.index("## Configuration") : readme.index("## Deployment")]
    documented = set(re.findall(r"^\| `([A-Z_]+)`", table, re.MULTILINE)) | set(
        re.findall(r"^\| `[A-Z_]+`, `([A-Z_]+)`", table, re.MULTILINE)
    )

    assert len(read) > 20
    assert read - documented == set()
