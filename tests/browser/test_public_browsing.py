"""A reader, in a real browser, filters and searches the quotes, and reads a quote on a phone and on a desktop.

Screenshots go to test-artifacts/ at the repository root (git-ignored), for a person to look at.
"""

from pathlib import Path

import pytest
from django.conf import settings
from django.db.models.functions import Length
from django.urls import reverse

from claims.models import Claim
from quotes.models import Quote
from stories.models import Story
from tests.browser import corrected_demo_claim

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts"
PHONE, DESKTOP = 375, 1280


def shown_quotes(page):
    """The quote texts on a list page, whitespace collapsed, as a reader reads them."""
    return [" ".join(text.split()) for text in page.locator("ul.cards blockquote").all_inner_texts()]


def screenshot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=True)
    assert path.stat().st_size > 0
    return path


def test_a_reader_filters_the_quotes_by_speaker(live_server, page, demo):
    page.goto(live_server.url + reverse("quotes:list"))
    assert len(shown_quotes(page)) == 20  # a full first page, every speaker

    page.get_by_label("Speaker", exact=True).fill("James O'Neill")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/quotes/?*speaker=James+O%27Neill*")

    expected = Quote.objects.public().filter(speaker__slug="james-oneill").order_by("-id")
    assert shown_quotes(page) == [" ".join(quote.text.split()) for quote in expected]
    assert len(expected) == 10
    speakers = page.locator("ul.cards .meta a[href^='/speakers/']").all_inner_texts()
    assert set(speakers) == {"James O'Neill"}
    assert page.get_by_label("Speaker", exact=True).input_value() == "James O'Neill"  # the filter stays filled in


def test_a_reader_searches_for_a_phrase_and_sees_it_highlighted(live_server, page, demo):
    page.goto(live_server.url + reverse("quotes:list"))

    page.get_by_label("Search", exact=True).fill('"soft on crime"')
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**/quotes/?q=%22soft+on+crime%22*")

    assert page.get_by_role("heading", level=1).inner_text() == 'Quotes matching “"soft on crime"”'
    expected = [" ".join(q.text.split()) for q in Quote.objects.public() if "soft on crime" in q.text.lower()]
    shown = shown_quotes(page)
    assert len(expected) == 7
    assert sorted(shown) == sorted(expected)  # every quote with the phrase, and no other
    assert "my blood began to boil" not in " ".join(shown)
    for card in page.locator("ul.cards blockquote").all():
        marked = [word.lower() for word in card.locator("mark").all_inner_texts()]
        assert {"soft", "crime"} <= set(marked), card.inner_text()
    # The highlight is visibly different from the text around it.
    mark_background = page.locator("blockquote mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert mark_background not in ("rgba(0, 0, 0, 0)", "transparent")


def test_a_search_for_words_nobody_said_says_so(live_server, page, demo):
    page.goto(live_server.url + reverse("quotes:list"))

    page.get_by_label("Search", exact=True).fill('"tough on crime"')
    page.get_by_role("button", name="Filter").click()

    assert page.locator("ul.cards > li").inner_text() == "No quotes match."
    assert page.locator("blockquote").count() == 0


def test_an_invalid_filter_is_explained_next_to_the_field(live_server, page, demo):
    page.goto(live_server.url + reverse("quotes:list") + "?said_after=2017-02-30")

    field = page.get_by_label("Said on or after")
    assert field.get_attribute("aria-invalid") == "true"
    error = page.locator("#" + field.get_attribute("aria-describedby"))
    assert error.is_visible()
    assert "valid date" in error.inner_text()
    assert page.get_by_role("alert").first.is_visible()


def no_horizontal_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width}px wide in a {width}px viewport"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_quote_page_reads_on_a_phone_and_a_desktop(live_server, page, demo, width):
    # The longest quote, from a story whose headline was not recorded (a long stand-in headline).
    quote = Quote.objects.public().select_related("speaker").order_by(Length("text").desc(), "id").first()
    assert quote.speaker.name == "Ed Mullins"
    page.set_viewport_size({"width": width, "height": 800})

    page.goto(live_server.url + quote.get_absolute_url())
    path = screenshot(page, f"quote-page-{width}px")

    no_horizontal_scroll(page, width)
    text = page.locator("article > blockquote")
    assert text.is_visible()
    assert text.inner_text().startswith("[T]he City’s intransigence")
    box = text.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width  # the whole width of the quote is on screen
    assert box["y"] < 800  # and it starts above the fold
    assert path.exists()


def other_pages():
    return {
        "home": reverse("home"),
        "quote-list-search": reverse("quotes:list") + '?q="soft on crime"',
        "quote-list-bad-filter": reverse("quotes:list") + "?said_after=yesterday",
        "claim-list": reverse("claims:list"),
        "claim-page": Claim.objects.get(text__contains="gang takedowns").get_absolute_url(),
        "speaker-page": reverse("speaker", kwargs={"slug": "james-oneill"}),
        "story-page": Story.objects.get(outlet__slug="gothamist").get_absolute_url(),
        "outlet-page": reverse("outlet", kwargs={"slug": "gothamist"}),
        "methodology": reverse("methodology"),
        "corrected-claim-page": corrected_demo_claim().get_absolute_url(),
        "corrections": reverse("corrections"),
    }


def test_no_public_page_scrolls_sideways_on_a_phone(live_server, page, demo):
    page.set_viewport_size({"width": PHONE, "height": 800})
    for name, url in other_pages().items():
        page.goto(live_server.url + url)
        screenshot(page, f"{name}-{PHONE}px")
        no_horizontal_scroll(page, PHONE)
    # The speaker's scorecard shrinks to the screen instead of overflowing it.
    page.goto(live_server.url + reverse("speaker", kwargs={"slug": "james-oneill"}))
    assert page.locator(".scorecard svg").bounding_box()["width"] <= PHONE
