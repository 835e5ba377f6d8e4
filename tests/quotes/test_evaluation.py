"""Measuring provenance on labelled sets: the scoring rules on tiny cases whose right figures are obvious
(quotes/evaluation.py), and `manage.py evaluate_provenance` end to end on a set written here."""

import copy
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from quotes import evaluation as ev
from quotes.extract import Proposal
from quotes.models import Quote, Utterance, UtteranceProposal
from speakers.models import Speaker
from stories.models import Outlet, Story
from tests.factories import make_outlet, make_speaker, make_story


def proposal(text, speaker=None, slug=None):
    return Proposal(text, 0, len(text), "full", speaker, slug, 0.9, "test")


def label(text, speaker="Jane Doe", kind="full", utterance=None, utterances=()):
    return {"text": text, "speaker": speaker, "kind": kind, "utterance": utterance, "utterances": list(utterances)}


LABELS = [
    label("We will not cut a single teacher,"),
    label("Class sizes will stay where they are."),
    label("responsible", kind="fragment"),
    label("austerity caucus", speaker="unattributed", kind="fragment"),
]


def figures(labels, proposals, slugs=None):
    return ev.extraction_figures(ev.extraction_counts(labels, proposals, slugs))


# Extraction.


def test_a_perfect_proposal_set_scores_one_everywhere():
    proposals = [proposal(q["text"], None if q["speaker"] == "unattributed" else "Jane Doe") for q in LABELS]

    assert figures(LABELS, proposals) == {
        "precision": 1.0,
        "recall": 1.0,
        "recall_full": 1.0,
        "recall_fragment": 1.0,
        "attribution": 1.0,
    }


def test_a_missing_full_quote_lowers_recall_and_full_recall_by_its_share():
    proposals = [
        proposal("We will not cut a single teacher", "Jane Doe"),
        proposal("responsible", "Jane Doe"),
        proposal("austerity caucus"),
    ]

    result = figures(LABELS, proposals)

    assert (result["precision"], result["recall"]) == (1.0, 0.75)
    assert (result["recall_full"], result["recall_fragment"]) == (0.5, 1.0)


def test_an_extra_proposal_lowers_precision_and_each_label_is_matched_once():
    proposals = [proposal("responsible", "Jane Doe"), proposal("responsible", "Jane Doe")]

    result = figures([label("responsible", kind="fragment")], proposals)

    assert (result["precision"], result["recall"]) == (0.5, 1.0)


def test_an_unattributed_label_proposed_with_a_speaker_is_an_attribution_error():
    labels = [label("responsible", kind="fragment"), label("austerity caucus", speaker="unattributed")]
    proposals = [proposal("responsible", "Jane Doe"), proposal("austerity caucus", "Jane Doe")]

    assert figures(labels, proposals)["attribution"] == 0.5


def test_attribution_goes_by_the_known_speakers_slug_or_else_by_the_name_without_middle_initials():
    labels = [label("one two three", speaker="James O'Neill")]

    assert figures(labels, [proposal("one two three", "James P. O’Neill")])["attribution"] == 1.0
    assert figures(labels, [proposal("one two three", "O'Neill")])["attribution"] == 0.0
    assert figures(labels, [proposal("one two three", "commissioner")])["attribution"] == 0.0
    slugs = {"James O'Neill": "james-oneill"}
    assert figures(labels, [proposal("one two three", "the commissioner", "james-oneill")], slugs)["attribution"] == 1
    assert figures(labels, [proposal("one two three", "Bill de Blasio", "bill-de-blasio")], slugs)["attribution"] == 0


@pytest.mark.parametrize(
    ("proposed", "labelled", "matches"),
    [
        ("“We’re not cutting” ", "We're not cutting,", True),  # equal once normalised
        ("We will not cut a single teacher", "We will not cut a single teacher, not one,", True),  # half or more
        ("not cut", "We will not cut a single teacher, not one,", False),  # inside, but too short a part
        ("We will not cut a single teachr.", "We will not cut a single teacher,", True),  # ratio >= 85
        ("We will cut every single teacher.", "We will not cut a single teacher,", False),
    ],
)
def test_a_proposal_matches_a_label_by_the_documented_rule(proposed, labelled, matches):
    assert (ev.likeness(proposed, labelled) is not None) is matches


def test_the_best_matching_proposal_takes_the_label():
    labels = [label("We will not cut a single teacher"), label("We will not cut a single nurse")]
    proposals = [proposal("We will not cut a single nurse"), proposal("We will not cut a single teacher")]

    assert ev.match(labels, proposals) == [(0, 1), (1, 0)]


# Statement grouping.

# Three versions of statement a, two of b; the system puts A1, A2 together and A3 with both b's.
QUOTES = [
    ("Doe", "A1", "full", frozenset({"a"})),
    ("Doe", "A2", "full", frozenset({"a"})),
    ("Doe", "A3", "fragment", frozenset({"a"})),
    ("Doe", "B1", "full", frozenset({"b"})),
    ("Doe", "B2", "full", frozenset({"b"})),
]
CLUSTERS = ev.components(5, [(0, 1), (2, 3), (3, 4)])


def test_pairwise_precision_recall_and_f1_of_a_small_clustering():
    counts = ev.pair_counts(QUOTES, CLUSTERS)

    # True pairs: A1A2 A1A3 A2A3 B1B2; predicted: A1A2 A3B1 A3B2 B1B2; both: A1A2 B1B2.
    assert counts == {"true": 4, "predicted": 4, "correct": 2}
    assert ev.pair_figures(counts) == {"precision": 0.5, "recall": 0.5, "f1": 0.5}


def test_pairs_of_full_quotes_leave_the_fragments_out():
    counts = ev.pair_counts(QUOTES, CLUSTERS, kinds=("full",))

    assert counts == {"true": 2, "predicted": 2, "correct": 2}
    assert ev.pair_figures(counts)["f1"] == 1.0


def test_a_quote_spanning_two_statements_pairs_with_the_versions_of_each():
    quotes = [
        ("Doe", "x", "full", ev.statement_keys(label("x", utterance="a", utterances=["a", "b"]))),
        ("Doe", "y", "full", ev.statement_keys(label("y", utterance="a"))),
        ("Doe", "z", "full", ev.statement_keys(label("z", utterance="b"))),
    ]

    assert ev.pair_counts(quotes, [0, 1, 2])["true"] == 2  # x-y, x-z; not y-z


def test_no_pairs_predicted_gives_no_precision_and_zero_recall_and_f1():
    assert ev.pair_figures({"true": 3, "predicted": 0, "correct": 0}) == {"precision": None, "recall": 0.0, "f1": 0.0}


def test_the_exact_baseline_ignores_case_and_punctuation_only():
    quotes = [
        ("Doe", "We will not cut, a single teacher.", "full", frozenset()),
        ("Roe", "we will not cut a single teacher", "full", frozenset()),
        ("Doe", "We will not cut a single teacher, not one.", "full", frozenset()),
    ]

    clusters = ev.exact_clusters(quotes)

    assert clusters[0] == clusters[1] != clusters[2]


def test_the_fuzzy_baseline_merges_one_speakers_alike_quotes_transitively():
    quotes = [
        ("Doe", "We will not cut a single teacher", "full", frozenset()),
        ("Doe", "We will not cut a single teacher this year", "full", frozenset()),  # ratio 86 with the first
        (
            "Doe",
            "We will not cut a single teacher this year or next year",
            "full",
            frozenset(),
        ),  # 87; 74 with the first
        ("Roe", "We will not cut a single teacher", "full", frozenset()),  # another speaker
        ("Doe", "Class sizes will stay where they are", "full", frozenset()),
    ]

    clusters = ev.fuzzy_clusters(quotes)

    assert clusters[0] == clusters[1] == clusters[2]
    assert len(set(clusters)) == 3


# The command, end to end.

SET = {
    "name": "tiny-budget",
    "conventions": "Every quotation; scare quotes unattributed.",
    "articles": [
        {
            "url": "https://alpha.example/news/2019/05/02/budget",
            "outlet": "Alpha Daily",
            "headline": "Mayor defends budget",
            "date": "2019-05-02",
            "text": "Mayor Jane Doe defended the budget on Thursday.\n\n"
            '"We will not cut a single teacher," Doe said. She called the plan "responsible" and mocked the '
            'so-called "austerity caucus".',
            "quotes": [
                label("We will not cut a single teacher,", utterance="doe-teachers"),
                label("responsible", kind="fragment", utterance="doe-responsible"),
                label("austerity caucus", speaker="unattributed", kind="fragment"),
            ],
        },
        {
            "url": "https://beta.example/2019/budget",
            "outlet": "Beta Times",
            "headline": None,
            "date": None,
            "text": "The mayor, Jane Doe, spoke to reporters.\n\n"
            '"We will not cut a single teacher. Not one," said Doe.',
            "quotes": [label("We will not cut a single teacher. Not one,", utterance="doe-teachers")],
        },
    ],
}


def evaluate(*args, document=SET, tmp_path):
    path = tmp_path / "set.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    out = io.StringIO()
    call_command("evaluate_provenance", str(path), *args, stdout=out)
    return out.getvalue()


def database():
    return [model.objects.count() for model in (Outlet, Story, Speaker, Quote, Utterance, UtteranceProposal)]


@pytest.mark.django_db
def test_the_command_prints_every_figure_as_json_and_leaves_the_database_unchanged(tmp_path):
    # The newsroom already has this story (without text) and a speaker of that name: the set's are its own.
    story = make_story(url=SET["articles"][0]["url"], outlet=make_outlet(name="Alpha Daily"))
    make_speaker(name="Jane Doe")
    before = database()

    report = json.loads(evaluate("--json", tmp_path=tmp_path))

    assert database() == before
    assert Story.objects.get(pk=story.pk).text == ""
    (result,) = report["sets"]
    assert set(result) == {"file", "name", "articles", "labels", "extraction", "locating", "grouping"}
    assert (result["name"], result["articles"], result["labels"]) == ("tiny-budget", 2, 4)
    for run in ("without_speakers", "with_speakers"):
        assert {"precision", "recall", "recall_full", "recall_fragment", "attribution"} <= set(
            result["extraction"][run]
        )
        assert (result["extraction"][run]["labels"], result["extraction"][run]["full"]) == (4, 2)
    assert result["locating"] == {"printed_verbatim": 3, "graded_verbatim": 3, "share": 1.0}
    for quotes in ("all", "full"):
        assert set(result["grouping"][quotes]) == {"system", "exact", "fuzzy"}
        for method in ("system", "exact", "fuzzy"):
            assert {"precision", "recall", "f1"} <= set(result["grouping"][quotes][method])
        # One true pair, the two versions of doe-teachers, which differ by "Not one": not an exact match.
        assert result["grouping"][quotes]["exact"] == {
            "precision": None,
            "recall": 0.0,
            "f1": 0.0,
            "true": 1,
            "predicted": 0,
            "correct": 0,
        }
    assert report["total"] | {"file": None, "name": None} == result | {"file": None, "name": None}


@pytest.mark.django_db
def test_two_sets_are_measured_apart_and_added_up_in_the_total(tmp_path):
    first = evaluate("--json", tmp_path=tmp_path)
    path = tmp_path / "set.json"
    out = io.StringIO()
    call_command("evaluate_provenance", str(path), str(path), "--json", stdout=out)

    report = json.loads(out.getvalue())

    assert len(report["sets"]) == 2
    assert report["sets"][0] == report["sets"][1] == json.loads(first)["sets"][0]
    assert report["total"]["labels"] == 8
    assert report["total"]["grouping"]["all"]["exact"]["true"] == 2  # pairs are only counted within a set
    assert report["total"]["locating"]["share"] == 1.0


@pytest.mark.django_db
def test_the_readable_table_names_the_set_and_the_total(tmp_path):
    output = evaluate(tmp_path=tmp_path)

    assert "tiny-budget" in output
    assert "Locating: 3 of 3 quotes printed verbatim graded verbatim (1.00)" in output
    assert "Total of 1 set: 2 articles, 4 labelled quotes" in output
    assert "exact match" in output and "fuzzy ≥ 80" in output


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("broken", "message"),
    [
        ({"articles": "none"}, "a list of “articles”"),
        ({"articles": [{**SET["articles"][1], "date": "May 2"}]}, "article 1: “date” must be YYYY-MM-DD"),
        (
            {"articles": [{**SET["articles"][1], "quotes": [label("x", kind="paraphrase")]}]},
            "article 1, quote 1: “kind” must be “full” or “fragment”",
        ),
        ({"articles": [{**SET["articles"][1], "url": "ftp://beta.example/x"}]}, "url: Enter a full http://"),
    ],
)
def test_a_set_not_in_the_format_is_a_one_line_error_and_changes_nothing(tmp_path, broken, message):
    before = database()

    with pytest.raises(CommandError, match=message):
        evaluate(document=SET | broken, tmp_path=tmp_path)
    assert database() == before


def test_a_file_that_is_not_json_is_a_one_line_error(tmp_path):
    path = tmp_path / "set.json"
    path.write_text("{not json", encoding="utf-8")

    with pytest.raises(CommandError, match="is not JSON"):
        call_command("evaluate_provenance", str(path))


# Two labellers.


def second_labelling(**changes):
    """SET as a second person labelled it: the same articles, their own keys and calls."""
    first, second = copy.deepcopy(SET["articles"])
    first_quotes = [
        label("We will not cut a single teacher", utterance="no-teacher-cuts"),  # no comma: still the same quotation
        label("responsible", speaker=changes.get("speaker", "Jane Doe"), kind="fragment", utterance="plan-responsible"),
    ]  # and no "austerity caucus" at all
    second_quotes = [
        label("We will not cut a single teacher. Not one,", utterance=changes.get("key", "no-teacher-cuts"))
    ]
    return {**SET, "articles": [{**first, "quotes": first_quotes}, {**second, "quotes": second_quotes}]}


def test_two_labellings_agree_on_the_quotations_both_found_their_speakers_and_statements():
    counts = ev.agreement(ev.read_set(copy.deepcopy(SET)), ev.read_set(second_labelling()))
    figures = ev.agreement_figures(counts)

    assert (counts["first"], counts["second"], counts["both"]) == (4, 3, 3)
    assert figures["quotations"] == pytest.approx(6 / 7)
    assert figures["speakers"] == 1.0
    assert figures["grouping"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0}


def test_a_different_speaker_and_a_split_statement_lower_the_agreement():
    counts = ev.agreement(
        ev.read_set(copy.deepcopy(SET)), ev.read_set(second_labelling(speaker="Bob Roe", key="another-statement"))
    )
    figures = ev.agreement_figures(counts)

    assert figures["speakers"] == pytest.approx(2 / 3)
    assert figures["grouping"]["recall"] == 0.0  # the first labeller's one pair, which the second split


def test_the_command_compares_two_files_and_refuses_different_articles(tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_text(json.dumps(SET), encoding="utf-8")
    second.write_text(json.dumps(second_labelling()), encoding="utf-8")
    out = io.StringIO()

    call_command("label_agreement", str(first), str(second), "--json", stdout=out)

    assert json.loads(out.getvalue())["figures"]["speakers"] == 1.0
    other = {**SET, "articles": SET["articles"][:1]}
    second.write_text(json.dumps(other), encoding="utf-8")
    with pytest.raises(CommandError, match="cannot be compared"):
        call_command("label_agreement", str(first), str(second), stdout=out)
