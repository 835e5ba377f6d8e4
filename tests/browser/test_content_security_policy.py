"""In a real browser, the site and its admin work under their Content-Security-Policy (newsroom/settings.py).

Every browser test fails on a refused script, style or image (the `page` fixture, tests/conftest.py): the
public pages in test_accessibility.py, the admin's quote entry in test_admin_quote_entry.py. Here: that
check catches what the policy refuses, and the admin's other working pages break nothing.
"""

import pytest
from django.urls import reverse

from claims.models import Claim
from quotes.models import Quote
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

INLINE_SCRIPT = """() => {
    const script = document.createElement("script");
    script.textContent = "window.inlineScriptRan = true";
    document.head.append(script);
}"""


def test_an_inline_script_is_refused_and_reported(live_server, page, csp_violations):
    page.goto(live_server.url + reverse("home"))

    page.evaluate(INLINE_SCRIPT)

    assert page.evaluate("window.inlineScriptRan") is None
    page.evaluate("0")  # let the report arrive
    assert any("script-src" in violation for violation in csp_violations)
    csp_violations.clear()  # expected here: the page fixture fails a test on any other


def test_an_inline_style_attribute_is_refused_and_reported(live_server, page, csp_violations):
    page.goto(live_server.url + reverse("home"))

    page.evaluate("document.body.setAttribute('style', 'background: red')")

    assert page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(255, 0, 0)"
    page.evaluate("0")
    assert any("style-src" in violation for violation in csp_violations)
    csp_violations.clear()


def test_the_admins_working_pages_load_under_the_policy(live_server, page, editor, demo):
    quote = Quote.objects.filter(claims__isnull=False).first()
    claim = Claim.objects.first()
    pages = [
        reverse("admin:index"),
        reverse("admin:quotes_quote_changelist"),
        reverse("admin:quotes_quote_change", args=[quote.pk]),
        reverse("admin:quotes_quote_import"),
        reverse("admin:claims_claim_changelist"),
        reverse("admin:claims_claim_change", args=[claim.pk]),
        reverse("admin:claims_claim_add"),
        reverse("admin:stories_story_change", args=[quote.story.pk]),
        reverse("admin:speakers_speaker_change", args=[quote.speaker.pk]),
    ]
    page.goto(live_server.url + reverse("admin:login"))
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")

    for url in pages:
        response = page.goto(live_server.url + url)
        assert response.status == 200, url
        page.wait_for_load_state("load")
        assert "'self'" in response.headers["content-security-policy"], url
