"""An editor, in a real browser, adds a quote to a story through the admin."""

import pytest

from quotes.models import Quote
from tests.factories import PASSWORD, make_speaker, make_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_editor_logs_in_and_adds_a_quote_to_a_story(live_server, page, editor):
    story = make_story(headline="De Blasio challenges Sessions", text="", status="draft")
    make_speaker(name="Bill de Blasio", slug="bill-de-blasio", title="Mayor of New York City")

    page.goto(f"{live_server.url}/admin/stories/story/{story.pk}/change/")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"**/admin/stories/story/{story.pk}/change/")

    page.locator("#id_quotes-0-text").fill("To say we’re soft on crime — absolutely ludicrous.")
    page.locator("#id_quotes-0-speaker_title").fill("Mayor")
    # The speaker field is an autocomplete (select2): type, then pick the suggestion.
    page.locator("#quotes-0 .field-speaker .select2-selection").click()
    page.locator(".select2-search__field").fill("blasio")
    page.locator(".select2-results__option", has_text="Bill de Blasio").click()
    page.locator("input[name=_continue]").click()

    page.wait_for_selector(".messagelist .success")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    quote = Quote.objects.get(story=story)
    assert quote.text == "To say we’re soft on crime — absolutely ludicrous."
    assert quote.speaker.name == "Bill de Blasio"
    assert quote.speaker_title == "Mayor"
