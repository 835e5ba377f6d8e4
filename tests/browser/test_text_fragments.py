"""In a real browser, a quote's text-fragment link scrolls the article to the quoted words.

The article is a test-only page (tests/browser/urls.py) that shows a story's stored text one paragraph to a <p>,
several screens below the fold, with a screen's height between paragraphs: whatever is in view after loading
is where Chromium found the words.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from quotes.fragments import text_fragment_url
from quotes.models import Quote
from stories.models import Story

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.urls("tests.browser.urls"),
]

SCROLL_WAIT_MS = 2_000  # Chromium scrolls to a text fragment shortly after the page has loaded.

IN_VIEW = """() => Array.from(document.querySelectorAll('.article p'))
    .filter(p => { const box = p.getBoundingClientRect(); return box.bottom > 0 && box.top < innerHeight; })
    .map(p => p.id)"""


def article_url(live_server, story):
    return live_server.url + reverse("test_story_text", kwargs={"pk": story.pk})


def open_fresh(page, url):
    """A new tab for each link: Chromium honours a text fragment on a fresh navigation only."""
    tab = page.context.new_page()
    tab.goto(url)
    return tab


def scrolled(tab):
    """Whether the tab scrolls away from the top within SCROLL_WAIT_MS."""
    try:
        tab.wait_for_function("window.scrollY > 0", timeout=SCROLL_WAIT_MS)
    except PlaywrightTimeout:
        return False
    return True


def paragraph_of(story, quote):
    """The id of the paragraph where the quote was located in the story, as the page numbers them."""
    paragraph_start = story.text.rfind("\n", 0, quote.source_start) + 1
    return f"p{len([line for line in story.text[:paragraph_start].splitlines() if line.strip()]) + 1}"


def stored_link(live_server, story, quote):
    """The quote's stored deep link, pointed at the test copy of the story instead of the outlet's site."""
    assert quote.source_link.startswith(story.url + "#:~:text=")
    return article_url(live_server, story) + quote.source_link.removeprefix(story.url)


def test_a_quote_far_below_the_fold_is_scrolled_into_view(live_server, page, demo):
    story = Story.objects.get(outlet__slug="gothamist")
    quote = Quote.objects.get(story=story, text__startswith="[T]he City’s intransigence")
    url = stored_link(live_server, story, quote)

    tab = open_fresh(page, url)

    assert scrolled(tab), f"Chromium did not scroll to {url}"
    assert tab.evaluate(IN_VIEW) == [paragraph_of(story, quote)]
    assert tab.evaluate("window.scrollY") > tab.evaluate("innerHeight") * 10


def test_words_that_are_not_in_the_article_leave_it_at_the_top(live_server, page, demo):
    story = Story.objects.get(outlet__slug="gothamist")
    url = text_fragment_url(article_url(live_server, story), "Crime fell by ninety-nine percent overnight", story.text)
    assert ":~:text=" in url

    tab = open_fresh(page, url)
    tab.wait_for_timeout(SCROLL_WAIT_MS)

    assert tab.evaluate("window.scrollY") == 0
    assert tab.evaluate(IN_VIEW) == []


def test_every_demo_quote_link_lands_on_the_paragraph_that_prints_it(live_server, page, demo):
    # Repeated words ("soft on crime.", "outrageous", "an insult") need a prefix or suffix to land on the paragraph
    # where the story quotes them; long quotes need textStart,textEnd. Each link opens in its own tab.
    missed = []
    quotes = Quote.objects.select_related("story").order_by("story__outlet__slug", "position")
    for quote in quotes:
        story = quote.story
        url = stored_link(live_server, story, quote)
        tab = open_fresh(page, url)
        expected = paragraph_of(story, quote)
        landed = tab.evaluate(IN_VIEW) if scrolled(tab) else "nowhere (no scroll)"
        if landed != [expected]:
            missed.append(f"{story.outlet.slug} #{quote.position} {quote.text[:40]!r}: {landed}, not {expected}")
        tab.close()

    assert len(quotes) == 26
    assert missed == []
