"""Scoring provenance against a labelled set of real articles: the rules of the provenance evaluation
(README, "Measuring provenance"), as plain functions with no database, so tests can check them on tiny cases.

- read_set(): a set's JSON, checked, with a clear message for what is wrong.
- match(): which extractor proposal matches which label; extraction_counts() counts the figures' parts.
- clusters of quotes (the system's statements, the two baselines) and pair_counts() over them.
- figures(): the ratios, from counts that add up across articles and sets.

Counts, not ratios, are what each step returns: the totals of several sets are their summed counts.
"""

import datetime
import re
import unicodedata
from itertools import combinations

from rapidfuzz import fuzz
from rapidfuzz import utils as fuzz_utils

from .text import DASHES, QUOTE_MARKS, fold, straighten_apostrophes, strip_quotation

UNATTRIBUTED = "unattributed"  # a label's speaker for scare quotes, titles and terms
KINDS = ("full", "fragment")
SAME_TEXT_RATIO = 85  # a proposal and a label at least this alike (rapidfuzz ratio) are the same quotation
FUZZY_BASELINE_RATIO = 80  # the fuzzy baseline's threshold, within one speaker

_MARKS = str.maketrans({**dict.fromkeys(QUOTE_MARKS.replace("'", ""), '"'), **dict.fromkeys(DASHES, "-")})
_OUTER_PUNCTUATION = re.compile(r"^[\s.,;:!?]+|[\s.,;:!?]+$")


class SetError(ValueError):
    """A labelled set that does not follow the format."""


# Reading a set.


def read_set(document):
    """The set, checked against the format; SetError says where it departs from it. Dates become dates."""
    if not isinstance(document, dict) or not isinstance(document.get("articles"), list):
        raise SetError("the set must be a JSON object with a list of “articles”.")
    for n, article in enumerate(document["articles"], 1):
        where = f"article {n}"
        if not isinstance(article, dict):
            raise SetError(f"{where}: not an object.")
        for name in ("url", "outlet", "text"):
            if not isinstance(article.get(name), str) or not article[name].strip():
                raise SetError(f"{where}: “{name}” must be a non-empty string.")
        article["date"] = _date(article.get("date"), where)
        if not isinstance(article.get("quotes"), list):
            raise SetError(f"{where}: “quotes” must be a list.")
        for m, quote in enumerate(article["quotes"], 1):
            _check_quote(quote, f"{where}, quote {m}")
    document.setdefault("name", "")
    return document


def _date(value, where):
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        raise SetError(f"{where}: “date” must be YYYY-MM-DD or null, not {value!r}.") from None


def _check_quote(quote, where):
    if not isinstance(quote, dict):
        raise SetError(f"{where}: not an object.")
    for name in ("speaker", "text"):
        if not isinstance(quote.get(name), str) or not quote[name].strip():
            raise SetError(f"{where}: “{name}” must be a non-empty string.")
    if quote.get("kind") not in KINDS:
        raise SetError(f"{where}: “kind” must be “full” or “fragment”, not {quote.get('kind')!r}.")
    keys = [quote["utterance"]] if quote.get("utterance") is not None else []
    keys += quote.get("utterances") or []
    if not all(isinstance(key, str) for key in keys):
        raise SetError(f"{where}: “utterance” and “utterances” must be strings.")


def statement_keys(quote):
    """The statements a label says the quote reports: its `utterance` and any of its `utterances`."""
    return frozenset([quote.get("utterance"), *(quote.get("utterances") or [])]) - {None}


def is_attributed(quote):
    return quote["speaker"] != UNATTRIBUTED


# Extraction.


def normalised(text):
    """Quoted words as compared: case, accents, curly marks, dashes and spacing aside, and the punctuation and
    marks at the ends (a label keeps the comma before "she said"; a proposal may not)."""
    text = " ".join(fold(straighten_apostrophes(text)).translate(_MARKS).split())
    return _OUTER_PUNCTUATION.sub("", strip_quotation(text))


def likeness(proposal_text, label_text):
    """How alike a proposal and a label are (0-100), or None unless they are the same quotation: equal once
    normalised, one inside the other and at least half its length, or a rapidfuzz ratio of SAME_TEXT_RATIO."""
    a, b = normalised(proposal_text), normalised(label_text)
    if not a or not b:
        return None
    if a == b:
        return 100.0
    shorter, longer = sorted((a, b), key=len)
    if shorter in longer and 2 * len(shorter) >= len(longer):
        return 100.0 * len(shorter) / len(longer)
    ratio = fuzz.ratio(a, b)
    return ratio if ratio >= SAME_TEXT_RATIO else None


def match(labels, proposals):
    """(label index, proposal index) pairs: the most alike pairs first, each label and proposal used once."""
    candidates = [
        (score, i, j)
        for i, label in enumerate(labels)
        for j, proposal in enumerate(proposals)
        if (score := likeness(proposal.text, label["text"])) is not None
    ]
    used_labels, used_proposals, pairs = set(), set(), []
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i not in used_labels and j not in used_proposals:
            used_labels.add(i)
            used_proposals.add(j)
            pairs.append((i, j))
    return sorted(pairs)


def same_name(a, b):
    """Whether two printed names name one person: case, accents, apostrophes, dots and middle initials aside
    ("James P. O’Neill" is "James O'Neill"; "O'Neill" alone is not: a surname may be anyone's)."""

    def words(name):
        return [word for word in fold(straighten_apostrophes(name)).replace(".", " ").split() if len(word) > 1]

    return words(a) == words(b)


def attributed_right(proposal, label, slugs=None):
    """Whether the proposal's speaker is the label's: by the known speaker's slug (`slugs`: label name -> slug),
    else by name. An "unattributed" label is right only without a speaker."""
    if label["speaker"] == UNATTRIBUTED:
        return proposal.speaker is None
    if proposal.speaker is None:
        return False
    slug = (slugs or {}).get(label["speaker"])
    return (slug is not None and proposal.speaker_slug == slug) or same_name(proposal.speaker, label["speaker"])


def extraction_counts(labels, proposals, slugs=None):
    """What one article's extraction figures are made of."""
    pairs = match(labels, proposals)
    found = [labels[i] for i, _ in pairs]
    return {
        "labels": len(labels),
        "proposals": len(proposals),
        "matched": len(pairs),
        **{kind: sum(label["kind"] == kind for label in labels) for kind in KINDS},
        **{f"{kind}_found": sum(label["kind"] == kind for label in found) for kind in KINDS},
        "attributed_right": sum(attributed_right(proposals[j], labels[i], slugs) for i, j in pairs),
    }


def extraction_figures(counts):
    return {
        "precision": ratio(counts["matched"], counts["proposals"]),
        "recall": ratio(counts["matched"], counts["labels"]),
        **{f"recall_{kind}": ratio(counts[f"{kind}_found"], counts[kind]) for kind in KINDS},
        "attribution": ratio(counts["attributed_right"], counts["matched"]),
    }


# Statement grouping. Quotes are (speaker, text, kind, statement keys) tuples, in one order for every method; a
# clustering gives each quote a cluster id (quotes with the same id are in one statement).


def components(count, edges):
    """Cluster ids for `count` items joined by `edges` (index pairs), transitively: a union-find."""
    parent = list(range(count))

    def root(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        parent[root(a)] = root(b)
    return [root(i) for i in range(count)]


def without_punctuation(text):
    """The exact-match baseline's key: lowercased, punctuation removed, spacing collapsed."""
    kept = "".join(" " if unicodedata.category(char).startswith("P") else char for char in text.lower())
    return " ".join(kept.split())


def exact_clusters(quotes):
    """Baseline: quotes with the same words once lowercased and without punctuation (what quote corpora do)."""
    first = {}
    return [first.setdefault(without_punctuation(text), i) for i, (_, text, _, _) in enumerate(quotes)]


def fuzzy_clusters(quotes):
    """Baseline: one speaker's quotes whose rapidfuzz ratio (lowercased, letters and digits) is at least
    FUZZY_BASELINE_RATIO, merged transitively."""
    edges = [
        (i, j)
        for (i, a), (j, b) in combinations(enumerate(quotes), 2)
        if a[0] == b[0] and fuzz.ratio(a[1], b[1], processor=fuzz_utils.default_process) >= FUZZY_BASELINE_RATIO
    ]
    return components(len(quotes), edges)


def pair_counts(quotes, clusters, kinds=KINDS):
    """True pairs (sharing a statement key), predicted pairs (in one cluster) and both, among the quotes of the
    given kinds."""
    chosen = [i for i, quote in enumerate(quotes) if quote[2] in kinds]
    counts = {"true": 0, "predicted": 0, "correct": 0}
    for i, j in combinations(chosen, 2):
        true, predicted = bool(quotes[i][3] & quotes[j][3]), clusters[i] == clusters[j]
        counts["true"] += true
        counts["predicted"] += predicted
        counts["correct"] += true and predicted
    return counts


def pair_figures(counts):
    """Pairwise precision, recall and F1 (None where there is nothing to divide by: no pairs predicted)."""
    return {
        "precision": ratio(counts["correct"], counts["predicted"]),
        "recall": ratio(counts["correct"], counts["true"]),
        "f1": ratio(2 * counts["correct"], counts["predicted"] + counts["true"]),
    }


# Adding up.


def ratio(part, whole):
    """part / whole, or None when there is nothing to measure (no proposals, no pairs)."""
    return part / whole if whole else None


def add(totals, counts):
    """Counts added into totals, key by key, nested dictionaries too."""
    for key, value in counts.items():
        if isinstance(value, dict):
            add(totals.setdefault(key, {}), value)
        else:
            totals[key] = totals.get(key, 0) + value
    return totals


# Two labellers of one set.


def agreement(first, second):
    """How far two labellings of the same articles agree (each a read_set() document, articles in one order):
    on which quotations there are, on their speakers, and on which of them report one statement.

    Quotations are matched article by article with the extraction's rule (match()). Returns counts: the
    quotations each labelled and both did, the matched ones given the same speaker, and the pairs counted as the
    grouping figures count them, the first labelling's statements standing as the truth and the second's as the
    clustering (pairwise F1 is the same either way round)."""
    counts = {"first": 0, "second": 0, "both": 0, "same_speaker": 0}
    quotes, second_keys = [], []
    for one, other in zip(first["articles"], second["articles"], strict=True):
        if one["text"] != other["text"]:
            raise SetError(f"{one['url']}: the two sets hold different texts for this article.")
        ours, theirs = one["quotes"], other["quotes"]
        pairs = match(ours, [_Quoted(quote["text"]) for quote in theirs])
        counts["first"] += len(ours)
        counts["second"] += len(theirs)
        counts["both"] += len(pairs)
        for i, j in pairs:
            a, b = ours[i], theirs[j]
            counts["same_speaker"] += (a["speaker"] == b["speaker"] == UNATTRIBUTED) or same_name(
                a["speaker"], b["speaker"]
            )
            if is_attributed(a) and is_attributed(b):
                quotes.append((a["speaker"], a["text"], a["kind"], statement_keys(a)))
                second_keys.append(statement_keys(b))
    edges = [(i, j) for (i, a), (j, b) in combinations(enumerate(second_keys), 2) if a & b]
    counts["grouping"] = pair_counts(quotes, components(len(quotes), edges))
    return counts


def agreement_figures(counts):
    return {
        "quotations": ratio(2 * counts["both"], counts["first"] + counts["second"]),
        "speakers": ratio(counts["same_speaker"], counts["both"]),
        "grouping": pair_figures(counts["grouping"]),
    }


class _Quoted:
    """A labelled quotation in the shape match() compares (a proposal's .text)."""

    def __init__(self, text):
        self.text = text
