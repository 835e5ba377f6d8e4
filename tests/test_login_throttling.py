"""Admin logins are throttled per username and address together (django-axes): guessing stops, colleagues don't."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories import PASSWORD

LOGIN = reverse("admin:login")
ATTEMPTS = reverse("admin:axes_accessattempt_changelist")
LIMIT = 10
COOL_OFF = timedelta(minutes=15)


def log_in(client, username, password, **headers):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"}, **headers)


def fail(client, username, times, **headers):
    return [log_in(client, username, "wrong password", **headers) for _ in range(times)][-1]


def logged_in(response):
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_ten_wrong_passwords_lock_the_login_out_even_with_the_right_password(editor):
    client = Client()

    ninth = fail(client, "edith", LIMIT - 1)
    assert ninth.status_code == 200
    assert "Please enter the correct username and password" in ninth.text

    tenth = fail(client, "edith", 1)
    assert tenth.status_code == 429
    assert "Too many failed logins: “edith” cannot log in from this address until" in tenth.text
    assert "even with the right password. An editor or an administrator can unlock it sooner." in tenth.text
    assert '<form action="/admin/login/" method="post" id="login-form">' in tenth.text  # still the admin's page

    right = log_in(client, "edith", PASSWORD)
    assert right.status_code == 429
    assert "Too many failed logins" in right.text
    assert client.get("/admin/").status_code == 302  # not logged in


def test_the_lockout_says_when_it_lifts(editor):
    client = Client()
    fail(client, "edith", LIMIT)
    attempt = AccessAttempt.objects.get(username="edith")
    attempt.attempt_time = attempt.attempt_time.replace(year=2026, month=12, day=3, hour=19, minute=30, second=0)
    attempt.save()

    with override_settings(AXES_COOLOFF_TIME=timedelta(days=3650)):  # keep it locked whatever today's date
        response = log_in(client, "edith", PASSWORD)

    # 19:30 UTC plus ten years, shown in the newsroom's time zone (America/New_York).
    assert "cannot log in from this address until Nov. 30, 2036, 2:30 p.m. EST" in response.text


def test_the_same_username_from_another_address_still_logs_in(editor):
    fail(Client(), "edith", LIMIT, REMOTE_ADDR="198.51.100.7")

    assert logged_in(log_in(Client(), "edith", PASSWORD, REMOTE_ADDR="203.0.113.20"))


def test_another_username_from_the_same_address_still_logs_in(editor, fact_checker):
    fail(Client(), "edith", LIMIT, REMOTE_ADDR="198.51.100.7")

    assert logged_in(log_in(Client(), "fred", PASSWORD, REMOTE_ADDR="198.51.100.7"))
    assert log_in(Client(), "edith", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429


def test_a_successful_login_forgets_earlier_failures(editor):
    client = Client()
    fail(client, "edith", LIMIT - 1)
    assert logged_in(log_in(client, "edith", PASSWORD))

    assert fail(Client(), "edith", LIMIT - 1).status_code == 200


def test_the_lockout_lifts_once_the_cool_off_has_passed(editor):
    fail(Client(), "edith", LIMIT)

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - COOL_OFF + timedelta(minutes=1)
    )
    assert log_in(Client(), "edith", PASSWORD).status_code == 429  # 14 minutes later: still locked

    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=1, seconds=1)
    )
    assert logged_in(log_in(Client(), "edith", PASSWORD))  # 15 minutes and a second later


def test_attempts_during_the_lockout_do_not_extend_it(editor):
    client = Client()
    fail(client, "edith", LIMIT)
    locked_at = AccessAttempt.objects.get().attempt_time

    fail(client, "edith", 5)

    assert AccessAttempt.objects.get().attempt_time == locked_at


def test_an_editor_unlocks_a_login_and_the_user_logs_in(editor_client, fact_checker):
    fail(Client(), "fred", LIMIT)
    fail(Client(), "nobody", 3)
    attempt = AccessAttempt.objects.get(username="fred")

    page = editor_client.get(ATTEMPTS)
    assert page.status_code == 200
    assert "Unlock the selected logins" in page.text
    assert page.text.count("not locked") == 1  # nobody's three failures; fred's row shows when his lock lifts
    response = editor_client.post(ATTEMPTS, {"action": "unlock", "_selected_action": [attempt.pk]}, follow=True)

    assert "Unlocked 1 login(s)" in response.text
    assert logged_in(log_in(Client(), "fred", PASSWORD))


def test_a_fact_checker_cannot_unlock(editor, fact_checker_client):
    fail(Client(), "edith", LIMIT)
    attempt = AccessAttempt.objects.get(username="edith")

    assert fact_checker_client.get(ATTEMPTS).status_code == 403
    assert fact_checker_client.post(ATTEMPTS, {"action": "unlock", "_selected_action": [attempt.pk]}).status_code == 403
    delete_page = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert fact_checker_client.post(delete_page, {"post": "yes"}).status_code == 403

    assert log_in(Client(), "edith", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_a_superuser_can_unlock(admin_client):
    from tests.factories import make_user

    make_user("gina")
    fail(Client(), "gina", LIMIT)
    attempt = AccessAttempt.objects.get(username="gina")

    admin_client.post(ATTEMPTS, {"action": "unlock", "_selected_action": [attempt.pk]})

    assert logged_in(log_in(Client(), "gina", PASSWORD))


@pytest.mark.parametrize(
    "username",
    ["e" * 10_000, "edith\x00", "<script>alert(1)</script>"],
    ids=["10,000 characters", "NUL byte", "HTML"],
)
def test_hostile_usernames_get_a_form_error_or_a_lockout_never_a_500(editor, username):
    client = Client()
    responses = [log_in(client, username, "wrong password") for _ in range(LIMIT)]

    assert {r.status_code for r in responses[:-1]} == {200}
    assert responses[-1].status_code in (200, 429)
    assert "<script>alert(1)</script>" not in responses[-1].text
    assert 'class="errornote"' in responses[-1].text or "errorlist" in responses[-1].text
    assert logged_in(log_in(client, "edith", PASSWORD))


def test_an_html_username_is_escaped_in_the_lockout_message(db):
    response = fail(Client(), "<b>bold</b>", LIMIT)

    assert response.status_code == 429
    assert "“&lt;b&gt;bold&lt;/b&gt;” cannot log in" in response.text


@pytest.mark.django_db
class TestClientAddress:
    """Behind PROXY_COUNT proxies, the client is the address the last of them saw; with none, REMOTE_ADDR."""

    def test_without_a_proxy_a_forged_forwarded_for_changes_nothing(self, editor):
        for n in range(LIMIT):
            log_in(Client(), "edith", "wrong", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")

        assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
        assert log_in(Client(), "edith", PASSWORD, REMOTE_ADDR="198.51.100.7").status_code == 429

    @override_settings(PROXY_COUNT=1)
    def test_behind_one_proxy_clients_are_told_apart_by_the_address_it_appended(self, editor):
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for n in range(LIMIT):  # the client forges the left part; the proxy appended the right-most address
            log_in(Client(), "edith", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.7", **proxy)

        assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
        locked = log_in(Client(), "edith", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy)
        assert locked.status_code == 429
        assert logged_in(log_in(Client(), "edith", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.20", **proxy))

    @override_settings(PROXY_COUNT=1)
    def test_behind_a_proxy_a_missing_or_garbled_header_falls_back_to_remote_addr(self, editor):
        log_in(Client(), "edith", "wrong", REMOTE_ADDR="10.0.0.1")
        log_in(Client(), "edith", "wrong", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")

        assert AccessAttempt.objects.get().ip_address == "10.0.0.1"
        assert AccessAttempt.objects.get().failures_since_start == 2
