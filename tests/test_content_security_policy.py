"""Every page carries the Content-Security-Policy (newsroom/settings.py), cached copies and the admin included,
and the public pages hold nothing it would refuse. The browser tests check that Chromium refuses nothing."""

import re

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_quote, make_speaker

pytestmark = pytest.mark.django_db

POLICY = "default-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
# What the policy refuses in a page: inline scripts (JSON-LD is data, not script), style elements and
# attributes, event handler attributes, javascript: links.
REFUSED = re.compile(
    r"<script(?![^>]*type=\"application/ld\+json\")(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:", re.I
)


@pytest.fixture
def pages():
    speaker = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    quote = make_quote(speaker=speaker, text="Murder is down 82 percent since 1993.")
    claim = make_claim(quotes=[quote], text="Murder in New York is down 82 percent since 1993")
    return {
        "home": reverse("home"),
        "quote list": reverse("quotes:list"),
        "quote page": quote.get_absolute_url(),
        "fact check (with JSON-LD)": claim.get_absolute_url(),
        "speaker page (with the SVG scorecard)": reverse("speaker", kwargs={"slug": "bill-de-blasio"}),
        "story page": quote.story.get_absolute_url(),
        "outlet page": quote.story.outlet.get_absolute_url(),
        "methodology": reverse("methodology"),
    }


def test_public_pages_carry_the_policy_and_nothing_it_refuses(client, pages):
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Security-Policy"] == POLICY, name
        assert REFUSED.findall(response.text) == [], name


def test_a_page_served_from_the_page_cache_carries_the_policy(client, pages):
    client.get(pages["quote page"])

    cached = client.get(pages["quote page"])

    assert cached["Content-Security-Policy"] == POLICY


def test_admin_pages_carry_the_policy(client, editor_client):
    assert client.get(reverse("admin:login"))["Content-Security-Policy"] == POLICY
    assert editor_client.get(reverse("admin:quotes_quote_changelist"))["Content-Security-Policy"] == POLICY


def test_an_error_page_carries_the_policy(client):
    assert client.get("/no/such/page/")["Content-Security-Policy"] == POLICY
