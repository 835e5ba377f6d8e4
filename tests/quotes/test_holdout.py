"""Hold-out evaluation of the provenance features on articles the rules were not written for.

HOLD-OUT SET: the three articles in holdout/ are made-up fixtures in the styles of a wire service, a tabloid and a
broadsheet covering the 21 April 2017 press conference (see holdout/README.md). They and their answer keys were
written from the seed articles and the README alone, without looking at quotes/extract.py, quotes/locate.py or
quotes/utterances.py. Do not tune the labels to the implementation: fix the implementation, or, if a label is
wrong, say why in the commit that changes it.

Three parts:
- extraction: the extractor run as test_extract_accuracy.py runs it, scored against the keys (threshold 0.9);
- locating: every attributed key quotation is found verbatim at its place; typographic and reworded versions of
  some are graded "typographic" and "close";
- grouping: the same statements printed by the demo outlets and the hold-out outlets are proposed and grouped
  together, and statements nobody else printed stay alone.

Run with `pytest -s tests/quotes/test_holdout.py` to see the figures.
"""

import datetime
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction

from quotes.extract import extract_quotes
from quotes.models import Match, Quote, UtteranceProposal
from speakers.models import Speaker
from tests.factories import make_outlet, make_speaker, make_story
from tests.quotes.test_extract_accuracy import DEMO_SPEAKERS, figures, overlap, score

HOLDOUT = Path(__file__).parent / "holdout"
ARTICLES = ("wire-2017-04-21", "tabloid-2017-04-21", "broadsheet-2017-04-21")
THRESHOLD = 0.9
DAY = datetime.date(2017, 4, 21)


def load_key(name):
    key = json.loads((HOLDOUT / f"{name}.json").read_text(encoding="utf-8"))
    text = (settings.BASE_DIR / key["article"]).read_text(encoding="utf-8")
    return text, key["quotes"]


def printed(text, quote):
    """The key quotation's words as the article prints them: its paragraphs' parts joined by a newline."""
    segments = quote.get("segments") or [[quote["start"], quote["end"]]]
    return "\n".join(text[start:end] for start, end in segments)


# Extraction.


@pytest.fixture(scope="module")
def results():
    results = {}
    for name in ARTICLES:
        text, key = load_key(name)
        for quote in key:
            assert printed(text, quote) == quote["text"], f"{name}: offsets of {quote['text']!r}"
        results[name] = score(key, extract_quotes(text, DEMO_SPEAKERS))
    return results


@pytest.fixture(scope="module")
def overall(results):
    total = {name: sum(counts[name] for counts in results.values()) for name in ("key", "proposed", "found")}
    total |= {name: sum(counts[name] for counts in results.values()) for name in ("attributed", "extent")}
    return figures(total)


def test_the_holdout_keys_cover_three_outlets_with_enough_quotations(results):
    assert set(results) == set(ARTICLES)
    assert all(counts["key"] >= 12 for counts in results.values())


# Hold-out set: overall figures of at least 0.9, as the seeds' own keys ask of the seeds (0.8 until the attribution
# rules measured on this set raised its attribution from 0.80 to 1.00; see the README).
def test_holdout_extraction_figures_are_at_least_ninety_percent(results, overall, capsys):
    rows = [(name, figures(counts)) for name, counts in results.items()] + [("all three articles", overall)]
    with capsys.disabled():
        print("\n\nHOLD-OUT quotation extraction (articles written without looking at the rules)")
        print(f"{'article':<24}{'precision':>10}{'recall':>10}{'attribution':>12}{'extent':>10}")
        for name, row in rows:
            print(f"{name:<24}" + "".join(f"{row[k]:>{w}.2f}" for k, w in zip(row, (10, 10, 12, 10), strict=True)))
        for name, counts in results.items():
            c = counts
            print(
                f"  {name}: key {c['key']}, proposed {c['proposed']}, found {c['found']}, attributed {c['attributed']}"
            )
            for miss in counts["misses"]:
                print(f"  {name}: {miss}")
    for figure in ("precision", "recall", "attribution"):
        assert overall[figure] >= THRESHOLD, f"overall {figure} {overall[figure]:.2f}"


# Locating.


def attributed_quotations():
    for name in ARTICLES:
        _, key = load_key(name)
        for quote in key:
            if quote["speaker"] is None:
                continue
            parts = quote.get("segments") or [[quote["start"], quote["end"]]]
            for n, (start, end) in enumerate(parts):
                label = f"{name}:{quote['start']}" + (f"/{n + 1}" if len(parts) > 1 else "")
                yield pytest.param(name, start, end, id=label)


def quoted_starts(text, key, words):
    """Where the words occur inside a key quotation's span: the places a locator may rightly put them."""
    starts, at = set(), text.find(words)
    while at != -1:
        if any(q["start"] <= at and at + len(words) <= q["end"] for q in key):
            starts.add(at)
        at = text.find(words, at + 1)
    return starts


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "start", "end"), list(attributed_quotations()))
def test_each_attributed_holdout_quotation_is_found_verbatim_where_it_is_quoted(name, start, end):
    """A quotation spanning paragraphs is located part by part: each paragraph's part is verbatim in the text."""
    text, key = load_key(name)
    words = text[start:end]

    quote = Quote.objects.create(
        story=make_story(text=text), speaker=make_speaker(), text=words, said_on=DAY, position=1
    )

    assert quote.source_match == Match.VERBATIM, f"{words!r}: graded {quote.source_match}"
    assert quote.story.text[quote.source_start : quote.source_end] == words
    # Where the words also stand in the reporter's voice, the quoted occurrence wins.
    assert quote.source_start in quoted_starts(text, key, words), f"located at {quote.source_start}, key {start}"


# (article, words as the story prints them at the key's place, words as an editor typed them, grade)
VARIANTS = [
    pytest.param(
        "wire-2017-04-21",
        "It's an unacceptable statement that denigrates the people of New York City and the men and women of the NYPD,",
        "It’s an unacceptable statement that denigrates the people of New York City and the men and women of the NYPD,",
        Match.TYPOGRAPHIC,
        id="straight apostrophe typed curly",
    ),
    pytest.param(
        "tabloid-2017-04-21",
        "To say we’re soft on crime is absolutely ludicrous.",
        "To say we're soft on crime is absolutely ludicrous.",
        Match.TYPOGRAPHIC,
        id="curly apostrophe typed straight",
    ),
    pytest.param(
        "broadsheet-2017-04-21",
        "New York City continues to see gang murder after gang murder, the predictable consequence of the city’s "
        "‘soft on crime’ stance.",
        "New York City continues to see gang murder after gang murder, the predictable consequence of the city's "
        "'soft on crime' stance.",
        Match.TYPOGRAPHIC,
        id="nested curly single quotes typed straight",
    ),
    pytest.param(
        "wire-2017-04-21",
        "I would say to President Trump and to Attorney General Sessions — if you believe this statement is accurate,",
        "I would say to President Trump and to Attorney General Sessions - if you believe this statement is accurate,",
        Match.TYPOGRAPHIC,
        id="em dash typed as hyphen",
    ),
    pytest.param(
        "tabloid-2017-04-21",
        "In 2016, we locked up over 1,000 people in 100 gang take downs -- most of them are still awaiting "
        "sentences or in jail,",
        "In 2016, we locked up over 1,000 people in 100 gang take downs — most of them are still awaiting "
        "sentences or in jail,",
        Match.TYPOGRAPHIC,
        id="double hyphen typed as em dash",
    ),
    pytest.param(
        "broadsheet-2017-04-21",
        "Look at this city in 2017—it didn’t happen by accident,",
        "Look at this city in 2017 - it didn't happen by accident,",
        Match.TYPOGRAPHIC,
        id="unspaced em dash typed as spaced hyphen",
    ),
    pytest.param(
        "tabloid-2017-04-21",
        "[M]aybe we should ask them if they think we’re soft on crime,",
        "Maybe we should ask them if they think we’re soft on crime,",
        Match.TYPOGRAPHIC,
        id="printed [M]aybe typed without brackets",
    ),
    pytest.param(
        "wire-2017-04-21",
        "the predictable consequence of the city's 'soft on crime' stance,",
        "[T]he predictable consequence of the city's 'soft on crime' stance,",
        Match.TYPOGRAPHIC,
        id="printed the typed [T]he",
    ),
    pytest.param(
        "wire-2017-04-21",
        "In 2016, we locked up more than 1,000 people in over 100 gang takedowns — most of them are still awaiting "
        "sentences or in jail.",
        "In 2016, we locked up over 1,000 people in over 100 gang takedowns — most of them are still awaiting "
        "sentences or in jail.",
        Match.CLOSE,
        id="printed more than 1,000 typed over 1,000",
    ),
    pytest.param(
        "tabloid-2017-04-21",
        "In 2016, we locked up over 1,000 people in 100 gang take downs -- most of them are still awaiting "
        "sentences or in jail,",
        "In 2016, we locked up more than 1,000 people in 100 gang take downs -- most of them are still awaiting "
        "sentences or in jail,",
        Match.CLOSE,
        id="printed over 1,000 typed more than 1,000",
    ),
    pytest.param(
        "broadsheet-2017-04-21",
        "To say we are soft on crime is absolutely ludicrous,",
        "To say we're soft on crime is absolutely ludicrous,",
        Match.CLOSE,
        id="printed we are typed we're",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "words", "typed", "grade"), VARIANTS)
def test_altered_versions_are_graded_typographic_or_close_at_the_printed_words(name, words, typed, grade):
    text, key = load_key(name)
    assert text.count(words) == 1

    quote = Quote.objects.create(
        story=make_story(text=text), speaker=make_speaker(), text=typed, said_on=DAY, position=1
    )

    assert (quote.source_match, quote.source_start) == (grade, text.index(words)), f"score {quote.source_match_score}"
    located = quote.story.text[quote.source_start : quote.source_end]
    if grade == Match.TYPOGRAPHIC:
        # The punctuation ending a quote is one of the typographic differences: the span may leave it out.
        assert located in (words, words.rstrip(".,;:!?"))
    else:
        assert 0.8 <= quote.source_match_score < 1
        assert overlap(quote.source_start, quote.source_end, text.index(words), text.index(words) + len(words)) >= 0.9


# Grouping: the demo newsroom (Newsmax and Gothamist) plus the hold-out outlets' quotes of the same speakers.

# Each statement: (outlet, words its quote contains, or the whole text after "=") for every version printed.
# Labelled by reading the articles: the same utterance, whatever the excerpt or wording.
STATEMENTS = {
    "de Blasio: an unacceptable, outrageous statement": [
        ("newsmax", "It's an unacceptable statement"),
        ("gothamist", "denigrates the people of New York City"),
        ("gothamist", "=outrageous"),
        ("wire", "It's an unacceptable statement"),
        ("wire", "It ignores a quarter century"),
        ("tabloid", "It’s an unacceptable statement"),
        ("tabloid", "It is an outrageous statement"),
        ("broadsheet", "=outrageous"),
        ("broadsheet", "absurd on its face"),
        ("broadsheet", "It ignores a quarter century"),
    ],
    "de Blasio: look our officers in the eye": [
        ("newsmax", "=look our police officers in the eye"),
        ("newsmax", "I would say to President Trump"),
        ("gothamist", "Come here to New York City"),
        ("wire", "I would say to President Trump"),
        ("wire", "=See how that feels."),
        ("tabloid", "look our police officers in the eye and tell them"),
        ("tabloid", "=See how that feels,"),
        ("broadsheet", "If you believe this statement is accurate"),
    ],
    "O'Neill: my blood began to boil": [
        ("newsmax", "my blood began to boil"),
        ("gothamist", "my blood began to boil"),
        ("wire", "blood began to boil"),
        ("tabloid", "my blood began to boil"),
        ("broadsheet", "my blood began to boil"),
    ],
    "O'Neill: soft on crime is absolutely ludicrous": [
        ("newsmax", "absolutely ludicrous"),
        ("gothamist", "absolutely ludicrous"),
        ("wire", "absolutely ludicrous"),
        ("wire", "more than 1,000 people"),
        ("wire", "Maybe we should ask them"),
        ("tabloid", "absolutely ludicrous"),
        ("tabloid", "gang take downs"),
        ("tabloid", "[M]aybe we should ask them"),
        ("broadsheet", "absolutely ludicrous"),
        ("broadsheet", "over 100 gang takedowns"),
    ],
    "O'Neill: look at this city in 2017": [
        ("gothamist", "Look at this city in 2017"),
        ("gothamist", "it didn't happen by accident"),
        ("broadsheet", "Look at this city in 2017"),
        ("broadsheet", "There was a tremendous amount of sacrifice"),
    ],
    "O'Neill: insulting to the memory": [
        ("gothamist", "insulting to the memory of Sergeant"),
        ("wire", "=insulting"),
        ("tabloid", "insulting to the memory"),
        ("broadsheet", "insulting to the memory"),
    ],
    "O'Neill: absolutely outrageous": [
        ("newsmax", "I find this statement"),
        ("gothamist", "=outrageous."),
        ("tabloid", "I find this statement"),
    ],
    "DOJ: gang murder after gang murder": [
        ("newsmax", "gang murder after gang murder"),
        ("newsmax", "=soft on crime."),
        ("gothamist", "=soft on crime."),
        ("wire", "=soft on crime,"),
        ("wire", "gang murder after gang murder"),
        ("tabloid", "=soft on crime."),
        ("tabloid", "gang murder after gang murder"),
        ("broadsheet", "=soft on crime,"),
        ("broadsheet", "gang murder after gang murder"),
    ],
    "Mullins on the radio: cops want to cooperate with ICE": [
        ("gothamist", "want to cooperate with ICE"),
        ("tabloid", "want to cooperate with ICE"),
    ],
    "Mark-Viverito: a JOKE": [(outlet, "a JOKE") for outlet in ("gothamist", "wire", "tabloid", "broadsheet")],
    "Bharara: makes no one safer": [(outlet, "makes no one safer") for outlet in ("gothamist", "wire", "tabloid")]
    + [("broadsheet", "makes no one safer")],
}
# Statements only one outlet printed: they must stay alone.
ALONE = [
    ("gothamist", "The results speak for themselves"),
    ("gothamist", "intransigence"),
    ("gothamist", "=an insult"),
    ("tabloid", "When Washington calls this city"),
]
OUTLETS = {"wire": "wire-2017-04-21", "tabloid": "tabloid-2017-04-21", "broadsheet": "broadsheet-2017-04-21"}


def metadata(quote):
    """What an editor records for a hold-out quotation, from what the article says of it."""
    if quote["speaker"] in ("bill-de-blasio", "james-oneill"):
        return {"said_on": DAY, "occasion": "Press conference", "medium": Quote.Medium.SPOKEN}
    if quote["speaker"] == "ed-mullins":  # "in a radio interview with John Catsimatidis earlier this year"
        return {"said_on": None, "occasion": "John Catsimatidis's radio show", "medium": Quote.Medium.INTERVIEW}
    # The Justice Department's statement and the tweets: the articles name no occasion an editor would copy.
    medium = Quote.Medium.WRITTEN if quote["speaker"] == "us-department-of-justice" else Quote.Medium.SOCIAL
    return {"said_on": DAY, "occasion": "", "medium": medium}


def find(outlet, words):
    quotes = Quote.objects.filter(story__outlet__slug=outlet)
    quotes = quotes.filter(text=words[1:]) if words.startswith("=") else quotes.filter(text__contains=words)
    matches = list(quotes.values_list("pk", flat=True))
    assert len(matches) == 1, f"{outlet} {words!r}: {len(matches)} quotes"
    return matches[0]


def enter_holdout_quotes():
    """The hold-out outlets' attributed quotations, saved story by story as editors would enter them."""
    for outlet, name in OUTLETS.items():
        text, key = load_key(name)
        story = make_story(outlet=make_outlet(slug=outlet, name=outlet.title()), text=text, published_on=DAY)
        for position, quote in enumerate(key, start=1):
            if quote["speaker"] is None:
                continue
            if quote.get("new_speaker"):
                speaker = make_speaker(name=quote["new_speaker"], slug=quote["speaker"], title="Council Member")
            else:
                speaker = Speaker.objects.get(slug=quote["speaker"])
            Quote.objects.create(
                story=story, speaker=speaker, text=quote["text"], extent=quote["extent"], position=position,
                **metadata(quote),
            )  # fmt: skip


def confirm_all():
    """An editor confirms every pending proposal (each false one merges two statements)."""
    for proposal in UtteranceProposal.objects.filter(state=UtteranceProposal.State.PROPOSED).order_by("id"):
        proposal.confirm()


@pytest.fixture(scope="module")
def newsroom(django_db_setup, django_db_blocker):
    """The demo newsroom plus the hold-out quotes, built once and rolled back; what the tests read, as plain data.

    label: quote id → statement; quote: (outlet, words) → id; outlet and text: per quote id; proposed: quote id →
    the quotes proposed with it before any is confirmed; utterance: quote id → statement id once an editor has
    confirmed every proposal.

    The tests using it are marked django_db: pytest-django then runs them before the transactional tests, which
    leave the database empty (no groups, no rating scale) when they finish.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", verbosity=0)
        enter_holdout_quotes()
        quote = {(outlet, words): find(outlet, words) for versions in STATEMENTS.values() for outlet, words in versions}
        quote |= {(outlet, words): find(outlet, words) for outlet, words in ALONE}
        label = {quote[outlet, words]: name for name, versions in STATEMENTS.items() for outlet, words in versions}
        rows = Quote.objects.values_list("pk", "story__outlet__slug", "text", "speaker__slug")
        outlet = {pk: slug for pk, slug, _, _ in rows}
        text = {pk: words for pk, _, words, _ in rows}
        demo_speakers = {speaker.slug for speaker in DEMO_SPEAKERS}
        unlabelled = [
            text for pk, slug, text, speaker in rows if slug in OUTLETS and speaker in demo_speakers and pk not in label
        ]
        proposed = {}
        pairs = UtteranceProposal.objects.exclude(state=UtteranceProposal.State.REJECTED).values_list(
            "quote", "partner"
        )
        for a, b in pairs:
            proposed.setdefault(a, []).append(b)
            proposed.setdefault(b, []).append(a)
        confirm_all()
        utterance = dict(Quote.objects.values_list("pk", "utterance"))
        transaction.set_rollback(True)
    assert not unlabelled, f"hold-out quotes with no statement label: {unlabelled}"
    return SimpleNamespace(label=label, quote=quote, outlet=outlet, text=text, proposed=proposed, utterance=utterance)


def holdout_versions():
    for statement, versions in STATEMENTS.items():
        for outlet, words in versions:
            if outlet in OUTLETS:
                yield pytest.param(statement, outlet, words, id=f"{outlet}: {words}")


@pytest.mark.django_db
@pytest.mark.parametrize(("statement", "outlet", "words"), list(holdout_versions()))
def test_each_holdout_version_is_proposed_with_a_version_of_the_same_statement(newsroom, statement, outlet, words):
    pk = newsroom.quote[outlet, words]
    others = newsroom.proposed.get(pk, [])

    assert others, f"{outlet} {newsroom.text[pk]!r}: no proposal"
    labels = [newsroom.label.get(other) for other in others]
    assert labels == [statement] * len(others), [(newsroom.outlet[o], newsroom.text[o][:50]) for o in others]


@pytest.mark.django_db
@pytest.mark.parametrize("statement", list(STATEMENTS))
def test_once_confirmed_each_statement_holds_every_holdout_version_and_a_demo_one_and_nothing_else(newsroom, statement):
    mine = [newsroom.quote[outlet, words] for outlet, words in STATEMENTS[statement] if outlet in OUTLETS]
    utterances = {newsroom.utterance[pk] for pk in mine}

    assert len(utterances) == 1 and None not in utterances, {newsroom.outlet[pk]: newsroom.utterance[pk] for pk in mine}
    (statement_id,) = utterances
    members = [pk for pk, utterance in newsroom.utterance.items() if utterance == statement_id]
    strangers = [(newsroom.outlet[pk], newsroom.text[pk][:50]) for pk in members if newsroom.label.get(pk) != statement]
    assert not strangers
    assert {newsroom.outlet[pk] for pk in members} & {"newsmax", "gothamist"}, "no demo outlet's version in it"


@pytest.mark.django_db
@pytest.mark.parametrize(("outlet", "words"), ALONE)
def test_statements_only_one_outlet_printed_stay_alone(newsroom, outlet, words):
    pk = newsroom.quote[outlet, words]

    assert [newsroom.text[other][:50] for other in newsroom.proposed.get(pk, [])] == []
    assert newsroom.utterance[pk] is None


@pytest.mark.django_db
def test_every_holdout_version_is_proposed_and_grouped_with_its_own_statement(newsroom, capsys):
    versions = [newsroom.quote[o, w] for ws in STATEMENTS.values() for o, w in ws if o in OUTLETS]
    proposed = [pk for pk in versions if newsroom.proposed.get(pk)]
    right = [pk for pk in proposed if all(newsroom.label.get(o) == newsroom.label[pk] for o in newsroom.proposed[pk])]
    whole = [
        name
        for name, ws in STATEMENTS.items()
        if len({newsroom.utterance[newsroom.quote[o, w]] for o, w in ws if o in OUTLETS} - {None}) == 1
        and None not in {newsroom.utterance[newsroom.quote[o, w]] for o, w in ws if o in OUTLETS}
    ]
    with capsys.disabled():
        print("\nHOLD-OUT grouping (demo newsroom + the three hold-out outlets)")
        print(f"  hold-out versions proposed with some quote: {len(proposed)} of {len(versions)}")
        print(f"  ... with a version of the same statement only: {len(right)} of {len(proposed)}")
        print(f"  statements holding all their hold-out versions once confirmed: {len(whole)} of {len(STATEMENTS)}")
    assert (len(proposed), len(right), len(whole)) == (len(versions), len(versions), len(STATEMENTS))
