"""No query string a reader (or a bot) can send makes the quote or claim list fail.

Hypothesis throws arbitrary filters, dates, ids, searches and page cursors at /quotes/ and /claims/, plus query
strings that are not even well-formed. Every answer is 200 (a page, perhaps saying a filter is not valid), 400
(a page link this site did not make) or 404; never a 500. The test client re-raises a view's exception, so a
failure shows its traceback and the shrunk query string.
"""

from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories import make_claim, make_quote, make_speaker

LISTS = ["/quotes/", "/claims/"]
ACCEPTABLE = {200, 400, 404}

# Every parameter either list reads; each list ignores the other's date filters.
KEYS = [
    "q",
    "speaker",
    "outlet",
    "story",
    "verdict",
    "kind",
    "after",
    "said_after",
    "said_before",
    "checked_after",
    "checked_before",
]

SQL = "'; DROP TABLE quotes_quote; --"
HTML = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ESCAPED_AWAY = [b"<script>alert", b"<img src=x"]  # what must never reach a page unescaped

# Anything at all, and strings that look like numbers to one parser and not to another.
number_like = st.text(alphabet="0123456789_.-+eE ²³¹١٢٣٤٥٦٧٨٩", max_size=30)
junk = st.one_of(
    st.text(max_size=40),  # any Unicode, NUL and control characters included
    st.integers().map(str),
    st.floats().map(str),  # nan, inf, 1e+300, -0.0
    number_like,
)
cursors = st.one_of(
    st.integers().map(str),
    st.builds(lambda rank, last: f"{rank}_{last}", st.floats(), st.integers()),  # search-page cursors
    st.builds(lambda rank, last: f"{rank}_{last}", number_like, number_like),
)


def field(*meaningful):
    """A parameter's value: one that means something to its filter, or junk."""
    return st.one_of(*meaningful, junk)


# A filter that rejects its value shows a message and skips the cursor, so most values should be ones a filter
# accepts: the combinations behind them (a valid search with a bad cursor) are where errors hide.
FILTERS = {
    "q": field(st.sampled_from(['"soft on crime"', "soft -crime", "crime or murder", "café", "murder"])),
    "speaker": field(st.sampled_from(["bill-de-blasio", "Bill de Blasio", "de blasio", "nobody"])),
    "outlet": field(st.sampled_from(["outlet-hits", "nowhere"])),
    "story": field(st.integers(min_value=1, max_value=10**6).map(str)),
    "verdict": field(st.sampled_from(["true", "mostly-true", "pants-on-fire"])),
    "kind": field(st.sampled_from(["full", "fragment", "paraphrase", "person", "organisation"])),
    "after": field(cursors),
    **{name: field(st.dates().map(str)) for name in KEYS if name.endswith(("_after", "_before"))},
}
queries = st.builds(
    lambda known, unknown: {**unknown, **known},
    st.fixed_dictionaries({}, optional=FILTERS),
    st.dictionaries(keys=st.text(max_size=12), values=junk, max_size=3),  # parameters no list has
)


@pytest.fixture
def seeded(db):
    """Public quotes and claims for the filters to hit: a speaker, an outlet, a story, verdicts, a phrase."""
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    quote = make_quote(speaker=mayor, text="To say we are soft on crime is absolutely ludicrous.")
    quote.story.outlet.slug = "outlet-hits"
    quote.story.outlet.save()
    make_quote(story=quote.story, text="Since 1993, murder is down 82 percent.")
    make_claim(quotes=[quote], text="New York City is soft on crime")
    make_claim(text="Murder is down 82 percent since 1993")
    return quote


def test_the_seeded_lists_answer_the_meaningful_filters(client, seeded):
    # The values the strategies favour do find something, so the cases below exercise full result pages.
    cache.clear()
    quotes = client.get("/quotes/", {"speaker": "Bill de Blasio", "q": '"soft on crime"', "said_after": "2017-04-21"})
    assert quotes.status_code == 200
    assert "<mark>soft</mark> <mark>on</mark> <mark>crime</mark>" in quotes.text
    claims = client.get("/claims/", {"outlet": "outlet-hits", "verdict": "true", "kind": "person"})
    assert claims.status_code == 200
    assert "New York City is soft on crime" in claims.text
    assert "Murder is down 82 percent" not in claims.text


def assert_never_fails(client, query_string):
    for path in LISTS:
        cache.clear()  # each example renders afresh rather than from the page cache
        response = client.get(path, QUERY_STRING=query_string)
        assert response.status_code in ACCEPTABLE, f"{path}?{query_string} → {response.status_code}"
        if response.status_code == 400:
            # Only a page link this site did not make is refused; a bad filter gets a page that says so.
            assert "after" in response.wsgi_request.GET, f"{path}?{query_string} → 400"
        for payload in ESCAPED_AWAY:
            assert payload not in response.content, f"{path}?{query_string} echoes {payload!r} unescaped"


BAD_INPUT = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)


@BAD_INPUT
@given(query=queries)
# Filters the lists do not have.
@example(query={"sort": "-id", "page": "2", "format": "json", "speaker__in": "1,2", "id": "1"})
# Malformed and out-of-range dates.
@example(query={"said_after": "2017-02-30", "said_before": "yesterday", "checked_after": "99999-01-01"})
@example(query={"said_before": "2017-02-30", "checked_before": "yesterday", "said_after": "99999-01-01"})
@example(query={"said_after": "0001-01-01", "checked_after": "0001-01-01", "checked_before": "9999-12-31"})
# Page cursors, on a plain list and on a search.
@example(query={"after": "0"})
@example(query={"after": "-1"})
@example(query={"after": str(10**12)})
@example(query={"after": str(10**30)})
@example(query={"after": "abc"})
@example(query={"after": "1.5_abc"})
@example(query={"after": "²"})  # a digit to str.isdigit(), not to int()
@example(query={"after": "9" * 5000})  # more digits than int() converts
@example(query={"q": "crime", "after": "0"})
@example(query={"q": "crime", "after": "1.5_abc"})
@example(query={"q": "crime", "after": "nan_1"})
@example(query={"q": "crime", "after": "inf_5"})
@example(query={"q": "crime", "after": "0.5_0"})
@example(query={"q": "crime", "after": f"0.5_{10**30}"})
@example(query={"q": "crime", "after": "0.5_" + "9" * 5000})
@example(query={"q": "crime", "after": "1e400_1"})
@example(query={"q": "crime", "after": "5e-324_1"})  # the smallest float above zero
@example(query={"q": "crime", "after": "-0.0_1"})
# A 10 KB search, and other searches.
@example(query={"q": "soft on crime " * 730})
@example(query={"q": '"soft on'})
@example(query={"q": "-"})
@example(query={"q": "or"})
@example(query={"q": "-crime or -soft"})
@example(query={"q": "😡 🚔 soft on crime 🗽", "speaker": "😡"})
@example(query={"q": "café", "speaker": "Bill de Blasio", "verdict": "true", "kind": "person"})
# NUL bytes, in every parameter at once and one at a time.
@example(query=dict.fromkeys(KEYS, "\x00"))
@example(query={"q": "soft\x00crime"})
@example(query={"speaker": "de\x00blasio"})
@example(query={"outlet": "\x00"})
@example(query={"verdict": "\x00"})
@example(query={"story": "1\x00"})
@example(query={"after": "\x00"})
@example(query={"q": "crime", "after": "0.5_1\x00"})
# SQL and HTML payloads, in every parameter.
@example(query=dict.fromkeys(KEYS, SQL))
@example(query=dict.fromkeys(KEYS, HTML))
@example(query={"q": HTML})
@example(query={"speaker": HTML, "said_after": HTML})
# Story ids.
@example(query={"story": str(10**30)})
@example(query={"story": "0"})
@example(query={"story": "-1"})
@example(query={"story": "1.5"})
@example(query={"story": "1e400"})
@example(query={"story": "NaN"})
@example(query={"story": "Infinity"})
@example(query={"story": "9" * 5000})
def test_no_filter_or_search_makes_a_list_fail(client, seeded, query):
    assert_never_fails(client, urlencode(query))


@BAD_INPUT
@given(raw=st.one_of(st.binary(max_size=80), st.tuples(st.sampled_from(KEYS), st.binary(max_size=40))))
@example(raw=b"%")
@example(raw=b"q=%ZZ")
@example(raw=b"q=%ff%fe")  # not UTF-8
@example(raw=b"q=%C0%80")  # an overlong NUL
@example(raw=b"q=%00&speaker=%00&after=%00")
@example(raw=b"&&&==&=")
@example(raw=b"after=1&after=abc&after=2")
@example(raw=b"q")
@example(raw=("q", b"\xff\xfe\x00"))
def test_a_malformed_query_string_never_makes_a_list_fail(client, seeded, raw):
    if isinstance(raw, tuple):
        key, value = raw
        raw = key.encode() + b"=" + value
    assert_never_fails(client, raw.decode("latin-1"))  # how a WSGI server passes the bytes it received
