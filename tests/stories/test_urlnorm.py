"""The canonical form of an article URL: one article, one row, however the link was shared."""

import re

import pytest

from stories.models import CANONICAL_URL_PATTERN
from stories.urlnorm import normalise_url


def test_it_strips_utm_tracking_parameters():
    url = "https://news.example/2017/crime?utm_source=twitter&utm_medium=social&utm_campaign=x"

    assert normalise_url(url) == "https://news.example/2017/crime"


def test_it_strips_utm_parameters_whatever_their_case():
    assert normalise_url("https://news.example/a?UTM_Source=newsletter&id=7") == "https://news.example/a?id=7"


def test_it_strips_facebook_and_other_click_identifiers():
    url = "https://news.example/a?fbclid=IwAR0abc&gclid=xyz&msclkid=123"

    assert normalise_url(url) == "https://news.example/a"


def test_it_keeps_other_parameters_in_their_order():
    url = "https://news.example/article.php?z=3&utm_source=x&id=12&a=1&fbclid=abc&page=2"

    assert normalise_url(url) == "https://news.example/article.php?z=3&id=12&a=1&page=2"


def test_it_keeps_a_repeated_parameter_and_a_blank_one():
    assert normalise_url("https://news.example/a?tag=x&tag=y&print=") == "https://news.example/a?tag=x&tag=y&print="


def test_it_lowercases_the_scheme_and_host_but_not_the_path():
    assert normalise_url("HTTPS://News.Example/2017/Crime-Falls") == "https://news.example/2017/Crime-Falls"


def test_it_drops_a_trailing_dot_on_the_host():
    assert normalise_url("https://news.example./a") == "https://news.example/a"


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("http://news.example:80/a", "http://news.example/a"),
        ("https://news.example:443/a", "https://news.example/a"),
    ],
)
def test_it_drops_the_default_port(url, canonical):
    assert normalise_url(url) == canonical


def test_it_keeps_a_port_that_is_not_the_default():
    assert normalise_url("https://news.example:8443/a") == "https://news.example:8443/a"
    assert normalise_url("http://news.example:443/a") == "http://news.example:443/a"


def test_it_drops_the_fragment():
    assert normalise_url("https://news.example/a?id=1#comments") == "https://news.example/a?id=1"


def test_it_gives_a_bare_host_a_root_path():
    assert normalise_url("https://news.example") == "https://news.example/"


def test_it_ignores_surrounding_whitespace_from_a_paste():
    assert normalise_url("  https://news.example/a\n") == "https://news.example/a"


def test_it_keeps_an_ipv6_host_in_brackets():
    assert normalise_url("http://[2001:DB8::1]:8080/a") == "http://[2001:db8::1]:8080/a"


@pytest.mark.parametrize(
    "url",
    [
        "ftp://files.example/report.pdf",
        "javascript:alert(document.cookie)",
        "mailto:desk@news.example",
        "file:///etc/passwd",
        "news.example/no-scheme",
        "https:///no-host",
        "",
    ],
)
def test_it_rejects_anything_but_an_http_or_https_url_with_a_host(url):
    with pytest.raises(ValueError):
        normalise_url(url)


@pytest.mark.parametrize(
    "url", ["https://news.example:8o8o/a", "https://news.example:99999/a", "https://news.example:-1/"]
)
def test_it_rejects_a_malformed_port(url):
    with pytest.raises(ValueError):
        normalise_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "HTTPS://News.Example:443/2017/Crime?utm_source=tw&id=7&fbclid=abc#top",
        "http://news.example/?utm_campaign=spring",
        "https://news.example/a?x=%26utm_source%3Dy",
    ],
)
def test_its_output_is_stable_and_accepted_by_the_database_constraint(url):
    canonical = normalise_url(url)

    assert normalise_url(canonical) == canonical
    assert re.match(CANONICAL_URL_PATTERN, canonical)
    assert not re.search(r"[?&]utm_", canonical, re.IGNORECASE)
