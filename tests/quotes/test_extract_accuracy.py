"""How well the extractor finds and attributes the seed articles' quotations, against hand-labelled answer keys.

Each key (answer_keys/*.json) lists every quotation its article prints, with offsets, the demo speaker's slug
(null for scare quotes) and the extent. A proposal counts as found when it and a key quotation share at least
80% of the longer one's characters. Run with `-s` or read the table printed at the end of the test.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from claims.management.commands.load_demo import SPEAKERS
from quotes.extract import KnownSpeaker, extract_quotes

KEYS = sorted((Path(__file__).parent / "answer_keys").glob("*.json"))
MIN_OVERLAP = 0.8
THRESHOLD = 0.9

DEMO_SPEAKERS = [
    KnownSpeaker(
        name=speaker["name"],
        slug=speaker["slug"],
        title=speaker.get("title", ""),
        organisation=speaker.get("organisation", ""),
        aliases=tuple(speaker["aliases"]),
        is_organisation=speaker.get("kind") == "organisation",
    )
    for speaker in SPEAKERS
]


def overlap(a_start, a_end, b_start, b_end):
    shared = max(0, min(a_end, b_end) - max(a_start, b_start))
    return shared / max(a_end - a_start, b_end - b_start)


def attributed_right(proposal, quote):
    if quote.get("new_speaker"):  # not a demo speaker: a new speaker proposed under the name the article prints
        return proposal.speaker_slug is None and quote["new_speaker"].split()[-1] in (proposal.speaker or "")
    if quote["speaker"] is None:  # a scare quote or a title proposed with a speaker is an attribution error
        return proposal.speaker is None
    return proposal.speaker_slug == quote["speaker"]


def score(key, proposals):
    """Matches each key quotation to at most one proposal; returns the counts the figures are made of.

    A key may name a speaker who is not among the demo speakers (``new_speaker``, in the hold-out keys).
    """
    unmatched = list(proposals)
    found = attributed = extent_right = 0
    misses = []
    for quote in key:
        best = max(unmatched, key=lambda p: overlap(p.start, p.end, quote["start"], quote["end"]), default=None)
        if best is None or overlap(best.start, best.end, quote["start"], quote["end"]) < MIN_OVERLAP:
            misses.append(f"not found: {quote['text'][:60]!r} (key: {quote['speaker']}, {quote['extent']})")
            continue
        unmatched.remove(best)
        found += 1
        if attributed_right(best, quote):
            attributed += 1
        else:
            misses.append(
                f"attributed to {best.speaker!r} ({best.speaker_slug}), key says "
                f"{quote.get('new_speaker') or quote['speaker']!r}: {quote['text'][:60]!r}"
            )
        if best.extent != quote["extent"]:
            misses.append(f"extent {best.extent!r}, key says {quote['extent']!r}: {quote['text'][:60]!r}")
        extent_right += best.extent == quote["extent"]
    misses += [f"not in the key: {p.text[:60]!r} ({p.start}-{p.end}, speaker {p.speaker!r})" for p in unmatched]
    return {"key": len(key), "proposed": len(proposals), "found": found, "attributed": attributed,
            "extent": extent_right, "misses": misses}  # fmt: skip


def figures(counts):
    return {
        "precision": counts["found"] / counts["proposed"] if counts["proposed"] else 0.0,
        "recall": counts["found"] / counts["key"],
        "attribution": counts["attributed"] / counts["found"] if counts["found"] else 0.0,
        "extent": counts["extent"] / counts["found"] if counts["found"] else 0.0,
    }


@pytest.fixture(scope="module")
def results():
    results = {}
    for path in KEYS:
        key = json.loads(path.read_text(encoding="utf-8"))
        text = (settings.BASE_DIR / key["article"]).read_text(encoding="utf-8")
        for quote in key["quotes"]:
            assert text[quote["start"] : quote["end"]] == quote["text"], f"{path.name}: offsets of {quote['text']!r}"
        results[path.stem] = score(key["quotes"], extract_quotes(text, DEMO_SPEAKERS))
    return results


def test_the_answer_keys_cover_both_seed_articles(results):
    assert set(results) == {"gothamist-2017-04-21", "newsmax-2017-04-21"}
    assert all(counts["key"] >= 8 for counts in results.values())


def test_precision_recall_and_attribution_are_at_least_ninety_percent(results, capsys):
    total = {name: sum(counts[name] for counts in results.values()) for name in ("key", "proposed", "found")}
    total |= {name: sum(counts[name] for counts in results.values()) for name in ("attributed", "extent")}
    rows = [(name, figures(counts)) for name, counts in results.items()] + [("both articles", figures(total))]
    with capsys.disabled():
        print("\n\nQuotation extraction against the hand-labelled answer keys")
        print(f"{'article':<24}{'precision':>10}{'recall':>10}{'attribution':>12}{'extent':>10}")
        for name, row in rows:
            print(f"{name:<24}" + "".join(f"{row[k]:>{w}.2f}" for k, w in zip(row, (10, 10, 12, 10), strict=True)))
        for name, counts in results.items():
            for miss in counts["misses"]:
                print(f"  {name}: {miss}")
    for name, row in rows:
        assert row["precision"] >= THRESHOLD, f"{name}: precision {row['precision']:.2f}"
        assert row["recall"] >= THRESHOLD, f"{name}: recall {row['recall']:.2f}"
        assert row["attribution"] >= THRESHOLD, f"{name}: attribution {row['attribution']:.2f}"


def test_without_known_speakers_it_still_names_the_people_the_key_names(capsys):
    """A newsroom with no speakers yet: the proposed new speakers' names must name the right people."""
    surname = {speaker.slug: speaker.name.split()[-1] for speaker in DEMO_SPEAKERS}
    surname["us-department-of-justice"] = "Justice"
    right = found = 0
    for path in KEYS:
        key = json.loads(path.read_text(encoding="utf-8"))
        proposals = extract_quotes((settings.BASE_DIR / key["article"]).read_text(encoding="utf-8"), [])
        for quote in key["quotes"]:
            match = next((p for p in proposals if overlap(p.start, p.end, quote["start"], quote["end"]) >= 0.8), None)
            if match:
                found += 1
                expected = surname.get(quote["speaker"])
                right += (match.speaker is None) if expected is None else expected in (match.speaker or "")
    with capsys.disabled():
        print(f"\nWithout known speakers: attribution by name {right / found:.2f} ({right} of {found})")
    assert right / found >= THRESHOLD
