"""Where a quote stands in its story's text, and how faithfully the story printed it.

``locate(quote, article) -> Location(start, end, grade, score)`` tries three ways in turn:

1. **Verbatim**: the quote, less the whitespace and quotation marks at its two ends, occurs in the article
   character for character, on word boundaries (``quotes.text.bounded``). The span is exactly those characters
   (a trailing comma or full stop the quote ends with is part of it).
2. **Typographic variant**: it occurs once both texts are normalised (``normalise``): curly and straight quotation
   marks and apostrophes, dashes and the spaces around them, whitespace runs (line breaks, no-break spaces),
   letter case, accents, ligatures, ``…`` and ``...``, and editorial brackets (``[T]he`` reads as ``the``) make no
   difference; nor does punctuation at the quote's two ends (an outlet ends a quote with a comma before "he
   said" where another prints a full stop).
3. **Close variant**: the run of whole words in the article most similar to the normalised quote, scored from 0
   to 1 as rapidfuzz's Indel similarity, ``1 - (characters inserted + deleted) / (length of both)``. Below
   ``CLOSE_THRESHOLD`` (0.8) the quote is **not found**: at 0.8 a 60-character quote differs from its span by
   about a dozen characters (a word or two changed, added or dropped); below it, unrelated words of a long
   article start to score as well as a real misquotation.

Offsets are Python ``str`` indices into the article as given (end exclusive), as in a W3C TextPositionSelector.
Past the verbatim step the span runs from the first word to the last one (no quotation marks or spaces around
it); an editorial bracket it cuts in two (``[T]he``) is taken whole.

**Repeated words.** When the words occur more than once, the occurrence most likely to be the quotation wins:
first one the article encloses in quotation marks (``called the statement "an insult"``), then one inside a
quotation (an odd number of double quotation marks before it in its paragraph), then any other; among equals, the
earliest. So a fragment the reporter also used in their own sentence is found where the speaker is quoted. Only
the first ``MAX_OCCURRENCES`` occurrences are weighed.

**Cost.** Every step is linear in the article's length, plus a fixed number of similarity scores for the close
variant: the ``FUZZY_CANDIDATES`` windows of the quote's length in words that share most words with it, plus, for a
short quote, rapidfuzz's character alignment (which finds a misspelt word); each has its start, then its end, moved
by up to ``FUZZY_SLACK_WORDS`` words to where it scores best, and the best-scoring span wins (among equal scores,
the earlier candidate). A megabyte of text with a 10,000-character quote takes one to two seconds on this project's
machine; an empty quote or article is not found.
"""

import re
import unicodedata
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from enum import StrEnum
from functools import cache, lru_cache
from itertools import islice
from typing import NamedTuple

from rapidfuzz import fuzz
from rapidfuzz.distance import Indel

from .text import DASHES, QUOTE_MARKS, WORD, find_bounded, fold, strip_quotation

CLOSE_THRESHOLD = 0.8
MAX_OCCURRENCES = 1_000
FUZZY_CANDIDATES = 3  # Best word windows refined into a close-variant span.
FUZZY_SLACK_WORDS = 10  # How far, in words, a window's start and end may move while refining it.
PARTIAL_ALIGNMENT_MAX_LENGTH = 300  # Characters: longer quotes are found by their words (rapidfuzz grows slow).


class Grade(StrEnum):
    VERBATIM = "verbatim"
    TYPOGRAPHIC = "typographic"
    CLOSE = "close"
    NOT_FOUND = "not_found"


class Location(NamedTuple):
    """Where the quote is: ``article[start:end]``, and how it compares (score 1.0 up to typography)."""

    start: int | None
    end: int | None
    grade: Grade
    score: float | None


NOT_FOUND = Location(None, None, Grade.NOT_FOUND, None)

_DOUBLE_MARKS = re.compile('["“”„‟«»]')
_TRAILING_PUNCTUATION = ".,;:!?…"
_NOT_WORD_ENDS = re.compile(r"^[\W_]+|[\W_]+$")
# What the normaliser rewrites; everything else is plain ASCII, lowercased one for one.
_SPECIAL = re.compile(
    rf"\s*[{re.escape(DASHES)}]+\s*"  # a dash, with any spaces around it → "-"
    r"|\s{2,}|[^\S ]"  # a whitespace run, or one character of whitespace other than a space → " "
    r"|[\[\]]"  # editorial brackets → nothing
    rf"|[{re.escape(QUOTE_MARKS)}]"  # any quotation mark or apostrophe → "'"
    r"|[^\x00-\x7f]"  # any other non-ASCII character → _fold_character
)


class Normalised(NamedTuple):
    """A folded text and, for each of its characters, the index in the original of the character it came from."""

    text: str
    offsets: array

    def original_span(self, original: str, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that the folded ``text[start:end]`` came from (``start < end``)."""
        begin, finish = self.offsets[start], self.offsets[end - 1] + 1
        while finish < len(original) and unicodedata.combining(original[finish]):
            finish += 1  # accents written as separate characters after the last letter
        span = original[begin:finish]
        if span.count("]") > span.count("[") and begin > 0 and original[begin - 1] == "[":
            begin -= 1
        if span.count("[") > span.count("]") and original[finish : finish + 1] == "]":
            finish += 1
        return begin, finish


@lru_cache(maxsize=4)  # A story's quotes are located one after another against the same text.
def normalise(text: str) -> Normalised:
    """Fold the differences typography makes, keeping a map back to the original's offsets.

    Quotation marks and apostrophes of every kind become ``'``; a dash of any kind, with the spaces around it,
    becomes ``-``; whitespace runs become one space; editorial brackets go; letters are lowercased (casefold),
    compatibility forms decomposed (``…`` → ``...``, ligatures) and accents dropped; invisible format characters
    (soft hyphens, zero-width spaces) go.
    """
    parts: list[str] = []
    offsets = array("q")
    position = 0
    for match in _SPECIAL.finditer(text):
        if match.start() > position:
            parts.append(text[position : match.start()].lower())
            offsets.extend(range(position, match.start()))
        folded = _fold(match.group())
        parts.append(folded)
        offsets.extend([match.start()] * len(folded))
        position = match.end()
    parts.append(text[position:].lower())
    offsets.extend(range(position, len(text)))
    return Normalised("".join(parts), offsets)


def _fold(chunk: str) -> str:
    if len(chunk) > 1:
        return "-" if any(char in DASHES for char in chunk) else " "
    return _fold_character(chunk)


@cache
def _fold_character(char: str) -> str:
    if char in DASHES:
        return "-"
    if char.isspace():
        return " "
    if char in "[]" or unicodedata.category(char) == "Cf":
        return ""
    if char in QUOTE_MARKS:
        return "'"
    return fold(char)


def locate(quote: str, article: str) -> Location:
    """Find ``quote`` in ``article``: verbatim, else as a typographic variant, else as a close variant."""
    exact = strip_quotation(quote or "")
    if not article or not WORD.search(exact):
        return NOT_FOUND
    spans = [(at, at + len(exact)) for at in islice(find_bounded(article, exact), MAX_OCCURRENCES)]
    if spans:
        start, end = _likeliest(article, spans)
        return Location(start, end, Grade.VERBATIM, 1.0)

    words = _NOT_WORD_ENDS.sub("", normalise(quote).text)
    if not words:
        return NOT_FOUND
    folded = normalise(article)
    found = [(at, at + len(words)) for at in islice(find_bounded(folded.text, words), MAX_OCCURRENCES)]
    if found:
        start, end = _likeliest(article, [folded.original_span(article, *span) for span in found])
        return Location(start, end, Grade.TYPOGRAPHIC, 1.0)

    return _closest(words, folded, article)


def _likeliest(article: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The span most likely to be the quotation: enclosed in quotation marks, then inside one, then the first."""
    if len(spans) == 1:
        return spans[0]
    marks = [match.start() for match in _DOUBLE_MARKS.finditer(article)]
    return max(spans, key=lambda span: (_quotedness(article, *span, marks), -span[0]))


def _quotedness(article: str, start: int, end: int, marks: list[int]) -> int:
    """2 if quotation marks enclose the span, 1 if it is inside a quotation in its paragraph, else 0."""
    while end < len(article) and article[end] in _TRAILING_PUNCTUATION:
        end += 1
    if start > 0 and end < len(article) and article[start - 1] in QUOTE_MARKS and article[end] in QUOTE_MARKS:
        return 2
    paragraph_start = article.rfind("\n", 0, start) + 1
    return (bisect_left(marks, start) - bisect_left(marks, paragraph_start)) % 2


def _closest(words: str, folded: Normalised, article: str) -> Location:
    """The close variant: the best-scoring run of whole words, if it scores at least CLOSE_THRESHOLD."""
    wanted = Counter(WORD.findall(words))
    tokens = list(WORD.finditer(folded.text))
    if not wanted or not tokens:
        return NOT_FOUND
    starts, ends = [token.start() for token in tokens], [token.end() for token in tokens]
    size = min(sum(wanted.values()), len(tokens))
    windows = [(first, first + size) for first in _best_windows(tokens, wanted, size)]
    if len(words) <= PARTIAL_ALIGNMENT_MAX_LENGTH and len(words) <= len(folded.text):
        # Word windows miss a misspelt short quote ("outragous"): rapidfuzz aligns it character by character.
        aligned = fuzz.partial_ratio_alignment(words, folded.text)
        first, last = bisect_right(ends, aligned.dest_start), bisect_left(starts, aligned.dest_end)
        if first < last:
            windows.append((first, last))

    def score(first: int, last: int) -> float:  # tokens[first] to tokens[last - 1]
        return Indel.normalized_similarity(words, folded.text[starts[first] : ends[last - 1]])

    def refine(first: int, last: int) -> tuple[float, int, int]:
        """Move the start, then the end, by up to FUZZY_SLACK_WORDS words to where the span scores best."""
        first = max(
            range(max(0, first - FUZZY_SLACK_WORDS), min(last, first + FUZZY_SLACK_WORDS + 1)),
            key=lambda candidate: (score(candidate, last), -candidate),
        )
        last = max(
            range(max(first + 1, last - FUZZY_SLACK_WORDS), min(len(tokens), last + FUZZY_SLACK_WORDS) + 1),
            key=lambda candidate: (score(first, candidate), -candidate),
        )
        return score(first, last), first, last

    similarity, first, last = max((refine(*window) for window in windows), key=lambda best: (best[0], -best[1]))
    if similarity < CLOSE_THRESHOLD:
        return NOT_FOUND
    start, end = folded.original_span(article, starts[first], ends[last - 1])
    return Location(start, end, Grade.CLOSE, round(similarity, 3))


def _best_windows(tokens: list[re.Match], wanted: Counter, size: int) -> list[int]:
    """Starts of the FUZZY_CANDIDATES non-overlapping windows of ``size`` words sharing most words with the quote."""
    shared, have, overlaps = 0, Counter(), []
    for index, token in enumerate(tokens):
        word = token.group()
        shared += have[word] < wanted[word]
        have[word] += 1
        if index >= size:
            old = tokens[index - size].group()
            have[old] -= 1
            shared -= have[old] < wanted[old]
        if index >= size - 1:
            overlaps.append(shared)
    chosen: list[int] = []
    for start in sorted(range(len(overlaps)), key=overlaps.__getitem__, reverse=True):  # stable: earliest first
        if all(abs(start - other) >= size for other in chosen):
            chosen.append(start)
            if len(chosen) == FUZZY_CANDIDATES:
                break
    return chosen
