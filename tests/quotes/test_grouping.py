"""Grouping quotes into statements: what the system proposes, and what editors confirm, reject, split and merge."""

import datetime

import pytest
from django.core.management import call_command

from quotes.models import MAX_PROPOSALS, Quote, Utterance, UtteranceProposal
from tests.factories import make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db

PROPOSED, CONFIRMED, REJECTED = UtteranceProposal.State
DAY = datetime.date(2017, 4, 21)
SENTENCE = "To say we are soft on crime is absolutely ludicrous. In 2016, we locked up over 1,000 people."


def demo_quote(outlet, words):
    return Quote.objects.get(story__outlet__slug=outlet, text__contains=words)


def statement(quote):
    """The outlets and texts of the statement the quote belongs to."""
    quote.refresh_from_db()
    if quote.utterance is None:
        return set()
    return set(quote.utterance.quotes.values_list("story__outlet__slug", "text"))


# The demo articles: Newsmax and Gothamist on the NYPD press conference.


@pytest.mark.parametrize(
    "words",
    ["I would say to President Trump", "my blood began to boil", "absolutely ludicrous", "gang take downs"],
)
def test_the_demo_statements_are_grouped_across_newsmax_and_gothamist(demo, words):
    quote = demo_quote("newsmax", words)

    outlets = {outlet for outlet, _ in statement(quote)}

    assert outlets == {"newsmax", "gothamist"}


def test_de_blasios_look_in_the_eye_statement_holds_both_newsmax_versions_and_gothamists(demo):
    fragment = Quote.objects.get(story__outlet__slug="newsmax", text="look our police officers in the eye")

    assert {text[:30] for _, text in statement(fragment)} == {
        "look our police officers in th",
        "I would say to President Trump",
        "Come here to New York City and",
    }


def test_oneills_statements_at_one_press_conference_stay_separate(demo):
    boil = demo_quote("gothamist", "my blood began to boil")
    ludicrous = demo_quote("gothamist", "absolutely ludicrous")
    boil.refresh_from_db()
    ludicrous.refresh_from_db()

    assert boil.utterance_id != ludicrous.utterance_id
    assert statement(demo_quote("newsmax", "gang take downs")) == statement(ludicrous)


def test_a_one_word_fragment_joins_the_statement_that_has_it(demo):
    """Gothamist: O'Neill "ended his remarks by echoing de Blasio's comment that the statement was 'outrageous.'";
    Newsmax: "'I find this statement to be absolutely outrageous,' he added." One distinctive word, same speaker,
    same press conference: the same statement."""
    echo = Quote.objects.get(story__outlet__slug="gothamist", text="outrageous.")

    assert statement(echo) == {
        ("newsmax", "I find this statement to be absolutely outrageous,"),
        ("gothamist", "outrageous."),
    }


@pytest.mark.parametrize(
    ("outlet", "words"),
    [("gothamist", "The results speak for themselves"), ("gothamist", "intransigence")],
)
def test_statements_nobody_else_printed_are_not_grouped(demo, outlet, words):
    assert statement(demo_quote(outlet, words)) == set()


def test_loading_the_demo_again_changes_no_statement(demo):
    before = sorted(Quote.objects.values_list("pk", "utterance"))

    call_command("load_demo", verbosity=0)

    assert sorted(Quote.objects.values_list("pk", "utterance")) == before
    assert Utterance.objects.count() == 5


# Proposals.


def test_a_saved_quote_is_proposed_with_another_outlets_version_of_the_same_words():
    speaker = make_speaker()
    first = make_quote(speaker=speaker, text=SENTENCE, said_on=DAY)

    second = make_quote(speaker=speaker, text=SENTENCE.replace("we are", "we're"), said_on=DAY + datetime.timedelta(1))

    proposal = UtteranceProposal.objects.get(quote=second)
    assert (proposal.partner, proposal.state) == (first, PROPOSED)
    assert proposal.score > 0.9


@pytest.mark.parametrize(
    "other",
    [
        {"speaker": "someone else"},
        {"said_on": DAY + datetime.timedelta(days=2)},
        {"occasion": "Radio interview"},
        {"text": "Look at this city in 2017, it didn't happen by accident."},
    ],
)
def test_no_proposal_for_another_speaker_day_occasion_or_statement(other):
    speaker = make_speaker()
    make_quote(speaker=speaker, text=SENTENCE, said_on=DAY, occasion="Press conference")
    fields = {"speaker": speaker, "text": SENTENCE, "said_on": DAY, "occasion": "press conference", **other}
    if fields["speaker"] == "someone else":
        fields["speaker"] = make_speaker()

    quote = make_quote(**fields)

    assert not UtteranceProposal.objects.filter(quote=quote).exists()


def test_an_undated_quote_is_compared_with_quotes_said_around_its_storys_date():
    speaker = make_speaker()
    dated = make_quote(speaker=speaker, text=SENTENCE, said_on=DAY)

    undated = make_quote(speaker=speaker, text=SENTENCE, said_on=None, story=make_story(published_on=DAY))

    assert UtteranceProposal.objects.get(quote=undated).partner == dated


# Made-up versions of one statement, as outlets print it.
SHELTER = "If you live near the river, go to a shelter tonight. The water will rise faster than you think."
SHELTER_AGAIN = "If you live near the river go to a shelter tonight, the water will rise faster than you think"


def test_two_undated_versions_of_one_statement_are_proposed():
    speaker, undated = make_speaker(), make_story(published_on=None)
    first = make_quote(speaker=speaker, text=SHELTER, said_on=None, story=undated)

    second = make_quote(speaker=speaker, text=SHELTER_AGAIN, said_on=None, story=make_story(published_on=None))

    assert UtteranceProposal.objects.get(quote=second).partner == first


def test_an_undated_quote_is_proposed_with_a_version_said_on_any_day():
    speaker = make_speaker()
    dated = make_quote(speaker=speaker, text=SHELTER, said_on=DAY)

    undated = make_quote(speaker=speaker, text=SHELTER_AGAIN, said_on=None, story=make_story(published_on=None))

    assert UtteranceProposal.objects.get(quote=undated).partner == dated


def test_an_undated_quote_is_compared_with_the_speakers_newest_quotes_only(monkeypatch):
    monkeypatch.setattr("quotes.models.MAX_CANDIDATES", 2)
    speaker = make_speaker()
    make_quote(speaker=speaker, text=SHELTER, said_on=DAY)  # the third newest: beyond the bound
    for n in range(2):
        make_quote(speaker=speaker, text=f"Crews will clear road number {n} of fallen trees by Monday.", said_on=DAY)

    undated = make_quote(speaker=speaker, text=SHELTER_AGAIN, said_on=None, story=make_story(published_on=None))

    assert not UtteranceProposal.objects.filter(quote=undated).exists()


def test_fragments_printed_inside_a_quote_do_not_crowd_out_its_full_versions():
    speaker, story = make_speaker(), make_story(published_on=DAY)
    full = [make_quote(speaker=speaker, story=story, text=text, said_on=DAY) for text in (SHELTER, SHELTER_AGAIN)]
    fragments = ("go to a shelter tonight", "rise faster than you think", "near the river", "If you live near")
    for text in fragments:  # each scores 1 (contained), as a full version does
        make_quote(speaker=speaker, story=story, text=text, said_on=DAY)

    third = make_quote(speaker=speaker, story=story, text=SHELTER.replace("tonight.", "tonight;"), said_on=DAY)

    partners = set(UtteranceProposal.objects.filter(quote=third).values_list("partner", flat=True))
    assert {quote.pk for quote in full} <= partners


STORM = "This storm is catastrophic and it is coming for the whole coast tonight."
PIER = "The damage to the old pier was catastrophic, and it will take a year to rebuild."


@pytest.mark.parametrize("fragment_first", [False, True])
def test_a_one_word_fragment_does_not_bridge_two_statements_that_print_it(fragment_first):
    speaker = make_speaker()
    if fragment_first:
        fragment = make_quote(speaker=speaker, text="catastrophic", said_on=DAY)
    storm, pier = (make_quote(speaker=speaker, text=text, said_on=DAY) for text in (STORM, PIER))
    if not fragment_first:
        fragment = make_quote(speaker=speaker, text="catastrophic", said_on=DAY)

    pairs = {frozenset(pair) for pair in UtteranceProposal.objects.values_list("quote", "partner")}
    assert len(pairs) == 1  # the fragment with one of them; the two statements share nothing else
    assert pairs <= {frozenset({fragment.pk, storm.pk}), frozenset({fragment.pk, pier.pk})}


def test_a_short_fragment_goes_with_a_full_version_it_is_printed_in():
    speaker = make_speaker()
    make_quote(speaker=speaker, text=STORM, said_on=DAY)
    make_quote(speaker=speaker, text="coming for the whole coast", said_on=DAY)

    fragment = make_quote(speaker=speaker, text="the whole coast", said_on=DAY)

    assert UtteranceProposal.objects.get(quote=fragment).partner.text == STORM


def test_a_rejected_proposal_is_not_proposed_again():
    speaker = make_speaker()
    make_quote(speaker=speaker, text=SENTENCE)
    quote = make_quote(speaker=speaker, text=SENTENCE)
    UtteranceProposal.objects.get(quote=quote).reject()

    quote.save()
    call_command("group_quotes", verbosity=0)

    assert list(UtteranceProposal.objects.values_list("state", flat=True)) == [REJECTED]


def test_a_proposal_for_a_quote_already_in_a_statement_joins_it():
    speaker = make_speaker()
    a, b = make_quote(speaker=speaker, text=SENTENCE), make_quote(speaker=speaker, text=SENTENCE)
    utterance = UtteranceProposal.objects.get(quote=b).confirm()

    c = make_quote(speaker=speaker, text="absolutely ludicrous. In 2016, we locked up over 1,000 people")
    UtteranceProposal.objects.get(quote=c).confirm()

    assert set(utterance.quotes.all()) == {a, b, c}


@pytest.mark.parametrize("candidates", [2, 30])
def test_proposing_runs_the_same_queries_for_2_and_30_candidates(django_assert_num_queries, candidates):
    speaker = make_speaker()
    story = make_story()
    for _ in range(candidates):
        make_quote(speaker=speaker, story=story, text=SENTENCE)
    quote = make_quote(speaker=speaker, story=story, text=SENTENCE)

    # forget its pending proposals, the candidates with their texts, record the best ones
    with django_assert_num_queries(3):
        proposals = quote.propose_utterance()

    assert [proposal.score for proposal in proposals] == [1.0] * min(candidates, MAX_PROPOSALS)


# Split and merge.


def grouped(*quotes):
    """An editor confirms that the quotes report one statement (their saves may have proposed it already)."""
    UtteranceProposal.objects.get_or_create(quote=quotes[0], partner=quotes[1])[0].confirm()
    for quote in quotes[2:]:
        UtteranceProposal.objects.get_or_create(quote=quote, partner=quotes[0])[0].confirm()
    quotes[0].refresh_from_db()
    return quotes[0].utterance


def test_a_quote_split_from_its_statement_leaves_it_and_is_not_proposed_for_it_again():
    speaker = make_speaker()
    a, b, c = (make_quote(speaker=speaker, text=SENTENCE) for _ in range(3))
    utterance = grouped(a, b, c)

    c.refresh_from_db()
    c.leave_utterance()

    assert set(utterance.quotes.all()) == {a, b}
    assert c.utterance is None
    assert not UtteranceProposal.objects.involving(c).filter(state=PROPOSED).exists()


def test_splitting_a_statement_of_two_dissolves_it():
    speaker = make_speaker()
    a, b = (make_quote(speaker=speaker, text=SENTENCE) for _ in range(2))
    grouped(a, b)

    a.refresh_from_db()
    a.leave_utterance()

    assert Utterance.objects.count() == 0
    assert Quote.objects.filter(utterance__isnull=False).count() == 0


def test_merging_two_statements_brings_every_quote_into_one():
    speaker = make_speaker()
    a, b, c, d = (make_quote(speaker=speaker, text=f"{SENTENCE} {n}") for n in "wxyz")
    first, second = grouped(a, b), grouped(c, d)

    first.merge(second)

    assert set(first.quotes.all()) == {a, b, c, d}
    assert not Utterance.objects.filter(pk=second.pk).exists()


def test_confirming_a_proposal_between_two_statements_merges_them():
    speaker = make_speaker()
    a, b, c, d = (make_quote(speaker=speaker, text=f"{SENTENCE} {n}") for n in "wxyz")
    grouped(a, b), grouped(c, d)

    UtteranceProposal.objects.create(quote=a, partner=c).confirm()

    assert Utterance.objects.count() == 1
    assert Utterance.objects.get().quotes.count() == 4


# manage.py group_quotes


def test_group_quotes_recomputes_proposals_for_a_speaker(capsys):
    speaker, other = make_speaker(slug="the-mayor"), make_speaker()
    a = make_quote(speaker=speaker, text=SENTENCE)
    make_quote(speaker=other, text=SENTENCE)
    make_quote(speaker=other, text=SENTENCE)
    UtteranceProposal.objects.all().delete()
    b = make_quote(speaker=speaker, text=SENTENCE)
    UtteranceProposal.objects.all().delete()

    call_command("group_quotes", speaker="the-mayor")

    assert list(UtteranceProposal.objects.values_list("quote", "partner")) in ([(b.pk, a.pk)], [(a.pk, b.pk)])
    assert "2 quotes examined, 1 proposal recorded" in capsys.readouterr().out


def test_group_quotes_dry_run_records_nothing(capsys):
    speaker = make_speaker()
    make_quote(speaker=speaker, text=SENTENCE)
    make_quote(speaker=speaker, text=SENTENCE)
    UtteranceProposal.objects.all().delete()

    call_command("group_quotes", dry_run=True)

    assert not UtteranceProposal.objects.exists()
    assert "Dry run" in capsys.readouterr().out


def proposals_now():
    return {
        (frozenset({proposal.quote_id, proposal.partner_id}), proposal.score, proposal.state)
        for proposal in UtteranceProposal.objects.all()
    }


def test_proposing_in_batches_proposes_what_each_quote_proposes_on_its_own(django_assert_num_queries):
    speaker, other = make_speaker(), make_speaker()
    undated = make_story(published_on=None)
    quotes = [
        make_quote(speaker=speaker, text=SENTENCE, said_on=DAY),
        make_quote(speaker=speaker, text=SENTENCE.replace("1,000", "a thousand"), said_on=DAY + datetime.timedelta(1)),
        make_quote(speaker=speaker, text=SENTENCE, said_on=DAY + datetime.timedelta(2)),  # a day after the second
        make_quote(speaker=speaker, text=SENTENCE, said_on=DAY, occasion="Radio interview"),
        make_quote(speaker=speaker, text=SENTENCE, said_on=DAY, occasion="press conference"),
        make_quote(speaker=speaker, text=SENTENCE, said_on=None, story=undated, occasion="PRESS CONFERENCE"),
        make_quote(speaker=speaker, text=SENTENCE, said_on=None, story=undated, occasion="press conference"),
        make_quote(speaker=speaker, text=SENTENCE, said_on=None, story=undated),
        make_quote(speaker=other, text=SENTENCE, said_on=DAY),
        make_quote(speaker=speaker, text="Something else entirely about the subway budget", said_on=DAY),
    ]
    UtteranceProposal.objects.filter(quote=quotes[2]).first().confirm()  # a statement of two
    UtteranceProposal.objects.filter(quote=quotes[4]).first().reject()  # a pair never proposed again
    UtteranceProposal.objects.filter(state=PROPOSED).delete()

    with django_assert_num_queries(1 + 5):  # the ids, then a batch: quotes, forget, candidates, pairs, record
        examined, proposed = list(Quote.objects.all().propose_utterances())[-1]
    in_batches = proposals_now()

    UtteranceProposal.objects.filter(state=PROPOSED).delete()
    for quote in sorted(quotes, key=lambda quote: -quote.pk):
        Quote.objects.get(pk=quote.pk).propose_utterance()

    assert (examined, proposed) == (len(quotes), len([p for p in in_batches if p[2] == PROPOSED]))
    assert proposed >= 10
    assert in_batches == proposals_now()


def test_batches_and_saves_propose_alike_for_fragments_and_undated_quotes():
    speaker, undated = make_speaker(), make_story(published_on=None)
    texts = [STORM, "catastrophic", PIER, SHELTER, "the whole coast", SHELTER_AGAIN, "near the river", "catastrophic,"]
    for n, text in enumerate(texts):
        make_quote(speaker=speaker, text=text, said_on=None if n % 2 else DAY, story=undated if n % 2 else make_story())
    UtteranceProposal.objects.all().delete()

    list(Quote.objects.all().propose_utterances())
    in_batches = proposals_now()
    UtteranceProposal.objects.all().delete()
    for quote in Quote.objects.order_by("-id"):
        quote.propose_utterance()

    assert len(in_batches) >= 4
    assert in_batches == proposals_now()
