"""Keyset pagination of the public lists: "Next page" walks every item exactly once, newest first (or best
match first for a search), with no OFFSET and no count(*), and a forged page link never causes a 500."""

import pytest

import publishing.pagination
from tests.factories import make_claim, make_quote, make_speaker, make_story
from tests.public_site import Page, get_page, queries_of

pytestmark = pytest.mark.django_db

PER_PAGE = 3


@pytest.fixture(autouse=True)
def small_pages(monkeypatch):
    monkeypatch.setattr(publishing.pagination, "PER_PAGE", PER_PAGE)


@pytest.fixture
def quotes():
    """Ten public quotes; the claims of the first eight."""
    story, speaker = make_story(), make_speaker(slug="bill-de-blasio")
    quotes = [make_quote(story=story, speaker=speaker, text=f"Crime fell in district {n}.") for n in range(10)]
    for quote in quotes[:8]:
        make_claim(quotes=[quote], text=f"Crime fell in district {quote.pk}")
    return quotes


def walk(client, path, query=""):
    """Follow "Next page" from the first page; the items of each page (by id) and every query run."""
    pages, sql, url = [], [], f"{path}?{query}"
    while url:
        assert len(pages) < 20, "the Next page links go round in circles"
        page_sql, response = queries_of(client, url)
        page = Page(response)
        pages.append(page.ids_linked(path))
        sql += page_sql
        next_page = page.next_page()
        url = f"{path}{next_page}" if next_page else None
    return pages, sql


@pytest.mark.parametrize(
    ("path", "items"),
    [("/quotes/", lambda quotes: quotes), ("/claims/", lambda quotes: [q.claims.get() for q in quotes[:8]])],
)
def test_following_next_page_walks_every_item_once_newest_first(client, quotes, path, items):
    pages, _ = walk(client, path)

    expected = [item.pk for item in reversed(items(quotes))]
    assert [pk for page in pages for pk in page] == expected
    assert [len(page) for page in pages[:-1]] == [PER_PAGE] * (len(pages) - 1)
    assert 0 < len(pages[-1]) <= PER_PAGE


def test_following_next_page_through_a_search_walks_every_match_once_best_first(client, quotes):
    better = make_quote(speaker=quotes[0].speaker, story=quotes[0].story, text="Crime, crime and crime.")

    pages, _ = walk(client, "/quotes/", "q=crime")

    walked = [pk for page in pages for pk in page]
    assert walked[0] == better.pk
    # The ten quotes tie on rank and follow newest first.
    assert walked[1:] == [quote.pk for quote in reversed(quotes)]


def test_the_next_page_link_keeps_the_filters(client, quotes):
    make_quote(text="Crime fell elsewhere too.")  # another speaker

    pages, _ = walk(client, "/quotes/", "speaker=bill-de-blasio")

    assert [pk for page in pages for pk in page] == [quote.pk for quote in reversed(quotes)]


def test_a_later_page_links_back_to_the_first_page_and_the_last_has_no_next(client, quotes):
    first = get_page(client, "/quotes/")
    assert "First page" not in [link["text"] for link in first.links]

    second = get_page(client, f"/quotes/{first.next_page()}")
    assert second.link("First page") == "?"

    last_url = "/quotes/"
    while (next_page := get_page(client, last_url).next_page()) is not None:
        last_url = f"/quotes/{next_page}"
    assert get_page(client, last_url).ids_linked("/quotes/") == [quotes[0].pk]


@pytest.mark.parametrize(("path", "query"), [("/quotes/", ""), ("/claims/", ""), ("/quotes/", "q=crime")])
def test_no_page_counts_all_rows_or_skips_rows_with_offset(client, quotes, path, query):
    pages, sql = walk(client, path, query)

    assert len(pages) >= 3
    assert not [query for query in sql if "OFFSET" in query.upper()]
    assert not [query for query in sql if "COUNT(" in query.upper()]


FORGED = [
    "abc",
    "-1",
    "0",
    "1e12",
    "1.5",
    "99999999999999999999999",
    "9" * 5000,
    "²",
    "١٢",
    " 12",
    "12\x00",
    "1.5_abc",
    "nan_3",
    "inf_3",
    "1.5_-1",
    "1.5_" + "9" * 5000,
    "9" * 400 + "_3",
]


@pytest.mark.parametrize("cursor", FORGED)
@pytest.mark.parametrize(("path", "query"), [("/quotes/", {}), ("/claims/", {}), ("/quotes/", {"q": "crime"})])
def test_a_forged_page_link_answers_400_or_the_first_page_never_500(client, quotes, path, query, cursor):
    response = client.get(path, {**query, "after": cursor})

    if response.status_code == 200:
        first = get_page(client, path, query)
        assert Page(response).ids_linked(path) == first.ids_linked(path)
    else:
        assert response.status_code == 400
        assert b"not valid" in response.content
