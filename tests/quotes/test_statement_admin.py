"""Editors decide what the system proposes: confirm or reject a statement, take a quote out, merge statements."""

import pytest
from django.urls import reverse

from quotes.models import Quote, Utterance, UtteranceProposal
from tests.factories import make_outlet, make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db

PROPOSED, CONFIRMED, REJECTED = UtteranceProposal.State
SENTENCE = "To say we are soft on crime is absolutely ludicrous. In 2016, we locked up over 1,000 people."
QUOTE_CHANGELIST = reverse("admin:quotes_quote_changelist")
STATEMENT_CHANGELIST = reverse("admin:quotes_utterance_changelist")


def change_page(quote):
    return reverse("admin:quotes_quote_change", args=[quote.pk])


@pytest.fixture
def speaker():
    return make_speaker(name="James O'Neill")


@pytest.fixture
def versions(speaker):
    """Newsmax printed the sentence first; Gothamist's version was proposed as the same statement."""
    newsmax = make_quote(speaker=speaker, story=make_story(outlet=make_outlet(name="Newsmax")), text=SENTENCE)
    gothamist = make_quote(
        speaker=speaker,
        story=make_story(outlet=make_outlet(name="Gothamist")),
        text=SENTENCE.replace("we are", "we're"),
    )
    return newsmax, gothamist


def test_the_quote_page_shows_the_proposed_statement_with_the_other_outlet(editor_client, versions):
    newsmax, gothamist = versions

    page = editor_client.get(change_page(gothamist)).content.decode()

    assert "Same statement as" in page
    assert "(Newsmax)" in page
    assert "Confirm the proposed statement" in page
    assert "Reject the proposed statement" in page


def test_an_editor_confirms_the_proposal_from_the_quote_page(editor_client, editor, versions):
    newsmax, gothamist = versions

    response = editor_client.post(
        change_page(gothamist), {"CHANGE_FORM-action": "confirm_statements", "_selected_action": [gothamist.pk]}
    )

    assert response.status_code == 302
    newsmax.refresh_from_db()
    gothamist.refresh_from_db()
    assert newsmax.utterance is not None
    assert newsmax.utterance == gothamist.utterance
    assert UtteranceProposal.objects.get().decided_by == editor


def test_fact_checkers_see_proposals_but_cannot_confirm_them(fact_checker_client, versions):
    newsmax, gothamist = versions

    page = fact_checker_client.get(change_page(gothamist)).content.decode()
    fact_checker_client.post(QUOTE_CHANGELIST, {"action": "confirm_statements", "_selected_action": [gothamist.pk]})

    assert "Same statement as" in page
    assert "Confirm the proposed statement" not in page
    assert list(UtteranceProposal.objects.values_list("state", flat=True)) == [PROPOSED]
    assert not Quote.objects.filter(utterance__isnull=False).exists()


def test_an_editor_rejects_proposals_from_the_list_and_they_are_not_proposed_again(editor_client, versions):
    newsmax, gothamist = versions

    editor_client.post(QUOTE_CHANGELIST, {"action": "reject_statements", "_selected_action": [gothamist.pk]})
    gothamist.save()

    assert list(UtteranceProposal.objects.values_list("state", flat=True)) == [REJECTED]
    assert Quote.objects.filter(utterance__isnull=False).count() == 0


def test_the_list_filters_quotes_awaiting_a_decision(editor_client, versions, speaker):
    make_quote(speaker=speaker, text="Look at this city in 2017.")

    page = editor_client.get(QUOTE_CHANGELIST, {"statement": "proposed"}).content.decode()

    assert "Look at this city" not in page
    assert "To say we are soft" in page
    assert "To say we&#x27;re soft" in page


def test_a_statement_lists_each_outlets_version(editor_client, versions):
    UtteranceProposal.objects.get().confirm()
    statement = Utterance.objects.get()

    page = editor_client.get(reverse("admin:quotes_utterance_change", args=[statement.pk])).content.decode()

    assert "Newsmax" in page
    assert "Gothamist" in page
    assert "To say we&#x27;re soft on crime" in page


def test_an_editor_takes_a_quote_out_of_a_statement(editor_client, speaker, versions):
    newsmax, gothamist = versions
    third = make_quote(speaker=speaker, text=SENTENCE)
    for proposal in UtteranceProposal.objects.all():
        proposal.confirm()
    statement = Utterance.objects.get()
    quotes = list(statement.quotes.order_by("id"))
    data = {
        "speaker": speaker.pk,
        "said_on": "",
        "occasion": "",
        "quotes-TOTAL_FORMS": "3",
        "quotes-INITIAL_FORMS": "3",
        "quotes-MIN_NUM_FORMS": "0",
        "quotes-MAX_NUM_FORMS": "1000",
    }
    for i, quote in enumerate(quotes):
        data[f"quotes-{i}-id"] = quote.pk
        data[f"quotes-{i}-utterance"] = statement.pk
    data[f"quotes-{quotes.index(third)}-remove"] = "on"

    response = editor_client.post(reverse("admin:quotes_utterance_change", args=[statement.pk]), data)

    assert response.status_code == 302
    assert set(statement.quotes.all()) == {newsmax, gothamist}
    third.refresh_from_db()
    assert third.utterance is None


def test_an_editor_merges_two_statements_of_one_speaker(editor_client, speaker):
    first, second = Utterance.objects.create(speaker=speaker), Utterance.objects.create(speaker=speaker)
    make_quote(speaker=speaker, utterance=first)
    make_quote(speaker=speaker, utterance=second)

    editor_client.post(STATEMENT_CHANGELIST, {"action": "merge_statements", "_selected_action": [first.pk, second.pk]})

    assert list(Utterance.objects.all()) == [first]
    assert first.quotes.count() == 2


def test_statements_of_different_speakers_are_not_merged(editor_client, speaker):
    first, second = Utterance.objects.create(speaker=speaker), Utterance.objects.create(speaker=make_speaker())

    response = editor_client.post(
        STATEMENT_CHANGELIST, {"action": "merge_statements", "_selected_action": [first.pk, second.pk]}, follow=True
    )

    assert Utterance.objects.count() == 2
    assert "Select two or more statements of one speaker" in response.content.decode()
