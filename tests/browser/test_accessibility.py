"""The public pages pass axe-core with no serious or critical violations, and work from the keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import Claim
from quotes.models import Quote
from stories.models import Story
from tests.browser import corrected_demo_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BLOCKING = {"serious", "critical"}
# Moderate rules these pages once broke (the lists jumped from h1 to h3): kept clean too.
GUARDED_RULES = {"heading-order"}


def retracted_quote():
    quote = Quote.objects.get(story__outlet__slug="gothamist", text="a JOKE.")
    quote.retract("The tweet was deleted before we could archive it.")
    return quote


# Each page, and something on it that shows it is the page we mean to check.
PAGES = {
    "home": (lambda: reverse("home"), "section h2"),
    "quote list with a search": (lambda: reverse("quotes:list") + '?q="soft on crime"', "blockquote mark"),
    "quote list with a bad filter": (lambda: reverse("quotes:list") + "?said_after=yesterday", ".errorlist"),
    "claim list with a search": (lambda: reverse("claims:list") + "?q=murder", "h3 mark"),
    "quote page": (lambda: Quote.objects.get(text__startswith="Since 1993, murder").get_absolute_url(), ".verdict"),
    "retracted quote page": (lambda: retracted_quote().get_absolute_url(), ".notice"),
    "claim page": (lambda: Claim.objects.get(text__contains="gang takedowns").get_absolute_url(), ".verdict"),
    "speaker page": (lambda: reverse("speaker", kwargs={"slug": "james-oneill"}), ".scorecard svg[role=img]"),
    "story page": (lambda: Story.objects.get(outlet__slug="gothamist").get_absolute_url(), "ol.cards blockquote"),
    "outlet page": (lambda: reverse("outlet", kwargs={"slug": "newsmax"}), "ul.cards a"),
    "methodology page": (lambda: reverse("methodology"), "dl .verdict"),
    "corrected claim page": (lambda: corrected_demo_claim().get_absolute_url(), "[aria-label=Corrections] time"),
    "corrections page": (lambda: corrected_demo_claim() and reverse("corrections"), "ul.cards time"),
}

MISSING_REFERENCES = """() => Array.from(document.querySelectorAll('[aria-describedby], [aria-labelledby]'))
    .flatMap(el => [el.getAttribute('aria-describedby'), el.getAttribute('aria-labelledby')])
    .filter(Boolean).flatMap(ids => ids.split(/\\s+/)).filter(id => !document.getElementById(id))"""


def describe(violations):
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — " + "; ".join(node["html"][:120] for node in v["nodes"][:3])
        for v in violations
    ]


def test_the_public_pages_have_no_serious_accessibility_violations(live_server, page, demo):
    # One test for every page: the demo newsroom is loaded once, and a failure names each page that broke.
    axe = Axe()
    problems = {}
    for name, (url, landmark) in PAGES.items():
        response = page.goto(live_server.url + url())
        assert response.status == 200, name
        assert page.locator(landmark).count() > 0, f"{name}: nothing matches {landmark}"

        violations = axe.run(page).response["violations"]
        found = describe(v for v in violations if v["impact"] in BLOCKING or v["id"] in GUARDED_RULES)
        found += [f"aria reference to a missing id: {missing}" for missing in page.evaluate(MISSING_REFERENCES)]
        if found:
            problems[name] = found

    assert problems == {}


@pytest.mark.parametrize("url_name", ["quotes:list", "claims:list"])
def test_search_hints_and_filter_errors_are_read_with_their_field(live_server, page, demo, url_name):
    # said_after is the quote list's date filter, checked_after the claim list's: each list ignores the other.
    page.goto(f"{live_server.url}{reverse(url_name)}?q=crime&said_after=2017-02-30&checked_after=2017-02-30")

    assert page.evaluate(MISSING_REFERENCES) == []
    search = page.get_by_label("Search", exact=True)
    expect(search).to_have_accessible_description('Use "quotes" for a phrase, or, -word.')
    date = page.get_by_label("on or after")
    expect(date).to_have_accessible_description("Enter a valid date.")
    expect(date).to_have_attribute("aria-invalid", "true")


def test_tab_from_the_top_reaches_the_skip_link_first_then_the_search_field(live_server, page, demo):
    page.goto(live_server.url + reverse("home"))
    assert page.locator("a.skip").bounding_box()["x"] < 0  # off screen until focused

    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.is_visible()  # shown when focused, hidden otherwise
    assert skip.bounding_box()["x"] >= 0

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "site-search":
            break
    else:
        pytest.fail("Tab never reached the search field")
    page.keyboard.type("soft on crime")
    page.keyboard.press("Enter")
    page.wait_for_url("**/quotes/?q=soft+on+crime")
    assert page.locator("blockquote mark").count() > 0


def test_the_skip_link_moves_focus_to_the_main_content(live_server, page, demo):
    page.goto(live_server.url + reverse("quotes:list"))

    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")

    # The next Tab stop after skipping is inside <main>, not the header's navigation.
    assert page.evaluate("document.activeElement.closest('main') !== null")
