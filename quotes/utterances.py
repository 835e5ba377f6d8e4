"""Do two printed quotes report one utterance, and where do their wordings differ?

Pure Python (no Django): outlets print the same spoken words with different spelling, punctuation, spacing and
contractions, and sometimes only a fragment of them. Words are folded before they are compared (case, accents,
curly and straight apostrophes, contractions, thousands separators), so "To say we’re" and "To say we are" are
the same words; words one outlet writes as two ("take downs") are joined when the other writes them as one.

    overlap(a, b)   0..1: the share of the shorter quote's words found, in order, in the longer one
    compare(a, b)   the other quote `b` as segments against the matching span of `a`, each change classified
"""

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import NamedTuple

from .text import APOSTROPHES, contains_run, straighten_apostrophes
from .text import fold as fold_text

# Quotes whose words overlap at least this much are proposed as one statement. Two outlets' versions of a
# sentence score 0.7 to 1 (a fragment inside the full sentence: 1); different sentences of one speaker share a
# phrase or two and score well under 0.5.
PROPOSE_AT = 0.5
# Runs of fewer matching words are coincidence ("of the", "it is"), not evidence of one utterance.
MIN_RUN = 2
# A quote sharing fewer words than this with another is not grouped with it on shared words alone...
MIN_SHARED_WORDS = 3
# ...unless it is a quote of one or two words printed whole inside the other (or all of it), with a distinctive
# word of at least this many letters. "outrageous", said that day at that occasion, is a fragment of the
# statement that has it; "of course" or "thank you" anybody may say.
MIN_DISTINCTIVE_LETTERS = 7
# An outlet's version may put up to this many more or fewer words in the place of a few of the other's ("[Irma]"
# for "this storm"; "hear my voice" for "see me").
MAX_RETOUCH = 2
# A quote of at most this many words ("you need to leave", "think about that") may be printed inside several
# statements of one speaker: it is paired with the one version it matches best, never with two (a bridge).
SHORT_QUOTE = 4

# A number ("1,000", "2.5", "82%"), or a word with inner apostrophes ("O’Neill", "we're") and editorial
# brackets ("[T]he"). Hyphens and dashes separate words: "take-downs" is "take downs". Not text.WORD: a number and
# a contraction must stay one token each.
TOKEN = re.compile(rf"\d[\d,.]*\d%?|\d%?|[\w\[\]]+(?:[{APOSTROPHES}][\w\[\]]+)*")


def words(text):
    """Whitespace-separated words, so long word lists stay readable."""
    return text.split()


WHOLE_CONTRACTIONS = {
    "won't": "will not",
    "can't": "can not",
    "cannot": "can not",
    "shan't": "shall not",
    "ain't": "is not",
    "let's": "let us",
    "i'm": "i am",
    **{f"{word}'s": f"{word} is" for word in words("it that there here what who where how he she")},
}
SUFFIX_CONTRACTIONS = {"n't": " not", "'re": " are", "'ve": " have", "'ll": " will", "'d": " would"}

NUMBER_WORDS = set(
    words(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
        "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand "
        "thousands million millions billion billions trillion trillions dozen dozens half quarter double twice triple "
        "percent"
    )
)
# Words that change how much or whether: "100" and "over 100" are different claims.
QUALIFIERS = set(
    words(
        "over under more less fewer than about around approximately roughly nearly almost least most some all every "
        "each only just never not no none nobody nothing neither nor without always few many several majority "
        "minority exactly precisely barely hardly scarcely mostly entirely completely partly partially virtually "
        "upwards maybe perhaps probably possibly"
    )
)
# Two different words this alike are one word spelled two ways ("favor", "favour"; "judgment", "judgement").
SPELLING_LIKENESS = 0.8


@dataclass(frozen=True)
class Token:
    word: str  # the folded form that is compared
    start: int  # where it was printed: text[start:end]
    end: int


@dataclass(frozen=True)
class Segment:
    """A stretch of the other quote, with what this quote has in its place.

    kind: "same"; "outside" (beyond the span the two quotes share); or a change: "significant" (a number,
    number word, qualifier or negation differs), "minor" (spelling, punctuation, spacing, contraction) or
    "changed" (other words).
    """

    kind: str
    other: str  # the other quote's text, as printed
    this: str = ""  # this quote's words in its place, for a change

    @property
    def is_change(self):
        return self.kind in {"significant", "minor", "changed"}


def fold(word):
    """The word's comparable forms: lowercased, without accents, apostrophes or brackets; contractions spelled out."""
    word = fold_text(straighten_apostrophes(word)).replace("[", "").replace("]", "")
    if word[:1].isdigit():
        return [word.rstrip("%").replace(",", ""), *(["percent"] if word.endswith("%") else [])]
    if word in WHOLE_CONTRACTIONS:
        return WHOLE_CONTRACTIONS[word].split()
    for suffix, spelled in SUFFIX_CONTRACTIONS.items():
        if word.endswith(suffix) and len(word) > len(suffix):
            return (word[: -len(suffix)] + spelled).split()
    return [word.replace("'", "")] if word.replace("'", "") else []


def tokenise(text):
    """The text's words, folded, each with where it was printed (a spelled-out contraction shares one place)."""
    return [Token(word, m.start(), m.end()) for m in TOKEN.finditer(text) for word in fold(m.group())]


def join_split_words(tokens, words_elsewhere):
    """Join two neighbouring words that the other quote prints as one ("take downs" where it has "takedowns")."""
    joined, i = [], 0
    while i < len(tokens):
        if i + 1 < len(tokens) and tokens[i].word + tokens[i + 1].word in words_elsewhere:
            joined.append(Token(tokens[i].word + tokens[i + 1].word, tokens[i].start, tokens[i + 1].end))
            i += 2
        else:
            joined.append(tokens[i])
            i += 1
    return joined


def aligned(a_text, b_text):
    """Both texts' tokens, with words split in one and joined in the other made alike."""
    a, b = tokenise(a_text), tokenise(b_text)
    a = join_split_words(a, {t.word for t in b})
    b = join_split_words(b, {t.word for t in a})
    return a, b


def matching_blocks(a, b):
    """The runs of words, in order, that both token lists share (difflib's Match(a, b, size) tuples)."""
    return SequenceMatcher(None, [t.word for t in a], [t.word for t in b], autojunk=False).get_matching_blocks()[:-1]


def shared_runs(a, b):
    """The shared runs at least MIN_RUN words long."""
    return [block for block in matching_blocks(a, b) if block.size >= MIN_RUN]


def overlap(a_text, b_text):
    """How surely two quotes print the same words, 0 to 1: shared words / words in the shorter quote.

    A fragment printed whole inside a longer quote scores 1 (containment); two versions of a long sentence
    that differ in a word or a contraction score close to 1; quotes that share only a phrase score low.
    """
    return token_overlap(tokenise(a_text), tokenise(b_text))


def token_overlap(a, b):
    shared, shorter = shared_words(a, b)
    return shared / shorter if shorter else 0.0


def shared_words(a, b):
    """(words the quotes share in order, words in the shorter quote); 0 shared where that is no evidence."""
    a = join_split_words(a, {t.word for t in b})
    b = join_split_words(b, {t.word for t in a})
    short, other = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) < MIN_SHARED_WORDS:
        return (len(short) if printed_inside(short, other) else 0), len(short)
    shared = sum(run.size for run in shared_runs(a, b))
    if shared < MIN_SHARED_WORDS or (shared < len(short) and diverges(short, other)):
        return 0, len(short)
    return shared, len(short)


def diverges(short, other):
    """Whether, where the quotes differ, one says something much longer than the other in its place: "If you're
    in an evacuation zone, leave" and "If you're in an evacuation zone, you've got to get out" are two sentences
    that open alike. An outlet's version of a sentence trims words, or retouches a few ("[Irma]" for "this
    storm"); words that one quote has and the other does not (trimmed, or beyond its end) are no divergence."""
    matcher = SequenceMatcher(None, [t.word for t in short], [t.word for t in other], autojunk=False)
    opcodes = matcher.get_opcodes()
    return any(op == "replace" and abs((j2 - j1) - (i2 - i1)) > MAX_RETOUCH for op, i1, i2, j1, j2 in opcodes)


def printed_inside(short, other):
    """Whether a quote of one or two words is the other quote, or is printed whole in it and distinctive."""
    words, theirs = [t.word for t in short], [t.word for t in other]
    if not words:
        return False
    if words == theirs:
        return True
    if max(len(word) for word in words) < MIN_DISTINCTIVE_LETTERS:
        return False
    return contains_run(theirs, words)


class Found(NamedTuple):
    """A candidate that matches: its overlap score, its key, the evidence (the words it shares in order with the
    quote: a full version of a sentence shares more of it than a fragment, although both score 1), and its length
    in words."""

    score: float
    key: object
    shared: int
    words: int


def is_short(text):
    """Whether a quote is a fragment too short to tell a speaker's statements apart ("you need to leave")."""
    return len(tokenise(text)) <= SHORT_QUOTE


def matches(text, candidates, at_least=PROPOSE_AT):
    """A Found for each of candidates, (key, text) pairs, that overlaps text at least at_least.

    The text is tokenised once, and a candidate that shares too few words (in any order) to reach at_least is
    not aligned at all: most of a speaker's quotes of a day share little.
    """
    mine = tokenise(text)
    my_words = Counter(t.word for t in mine)
    for key, other_text in candidates:
        theirs = tokenise(other_text)
        in_common = sum((my_words & Counter(t.word for t in theirs)).values())
        # Words one quote splits and the other joins ("take downs", "takedowns") are not counted here: allow two.
        if not theirs or in_common + 2 < max(MIN_SHARED_WORDS, at_least * min(len(mine), len(theirs))):
            continue
        shared, shorter = shared_words(mine, theirs)
        if shared and shared / shorter >= at_least:
            yield Found(shared / shorter, key, shared, len(theirs))


def is_significant(word):
    return word[:1].isdigit() or word in NUMBER_WORDS or word in QUALIFIERS


def classify(this_words, other_words):
    if any(is_significant(word) for word in (*this_words, *other_words)):
        return "significant"
    this_joined, other_joined = "".join(this_words), "".join(other_words)
    if this_joined and other_joined and SequenceMatcher(None, this_joined, other_joined).ratio() >= SPELLING_LIKENESS:
        return "minor"
    return "changed"


def pieces(text, tokens):
    """The text cut at each token's start, so the pieces join up to the text again; the first takes any lead-in."""
    starts = [0] + [t.start for t in tokens[1:]] + [len(text)]
    return [text[starts[i] : starts[i + 1]] for i in range(len(tokens))]


def surface(piece, last):
    """What a reader sees of a piece of quote: case, quote-mark style and spacing aside; trailing
    punctuation counts, except at the end of the shared span (a fragment ends where its outlet cut it)."""
    piece = straighten_apostrophes(piece).casefold()
    if last:
        match = TOKEN.search(piece)
        piece = match.group() if match else ""
    return "".join(piece.split())


def run_of(tokens, start, step, test):
    """How many tokens from tokens[start], in direction step (-1 or 1), pass test."""
    count, i = 0, start
    while 0 <= i < len(tokens) and test(tokens[i].word):
        count, i = count + 1, i + step
    return count


def is_qualifier(word):
    return word in QUALIFIERS


def shared_span(this, other):
    """The span (this[a0:a1], other[b0:b1]) the quotes share, or None.

    It runs from the first to the last shared run, widened over single shared words a word or two away ("in
    100 gang" and "in over 100 gang"); then over numbers or qualifiers next to it on both sides ("two thousand"
    and "three thousand"), or over qualifiers that only one quote prints: "1,000 people" shares its span with
    "more than 1,000 people", but "more than" matters. (A number next to it on one side only is context a
    fragment may leave out: "we locked up" is not contradicted by "In 2016 we locked up".)
    """
    blocks = matching_blocks(this, other)
    runs = [block for block in blocks if block.size >= MIN_RUN]
    if not runs:
        return None
    a0, b0 = runs[0].a, runs[0].b
    a1, b1 = runs[-1].a + runs[-1].size, runs[-1].b + runs[-1].size
    for block in reversed(blocks):
        if block.a + block.size <= a0 and a0 - block.a - block.size <= 2 and 0 <= b0 - block.b - block.size <= 2:
            a0, b0 = block.a, block.b
    for block in blocks:
        if block.a >= a1 and block.a - a1 <= 2 and 0 <= block.b - b1 <= 2:
            a1, b1 = block.a + block.size, block.b + block.size
    this_before, other_before = run_of(this, a0 - 1, -1, is_significant), run_of(other, b0 - 1, -1, is_significant)
    if this_before and other_before:
        a0, b0 = a0 - this_before, b0 - other_before
    elif a0 == 0:
        b0 -= run_of(other, b0 - 1, -1, is_qualifier)
    elif b0 == 0:
        a0 -= run_of(this, a0 - 1, -1, is_qualifier)
    this_after, other_after = run_of(this, a1, 1, is_significant), run_of(other, b1, 1, is_significant)
    if this_after and other_after:
        a1, b1 = a1 + this_after, b1 + other_after
    elif a1 == len(this):
        b1 += run_of(other, b1, 1, is_qualifier)
    elif b1 == len(other):
        a1 += run_of(this, a1, 1, is_qualifier)
    return a0, a1, b0, b1


def compare(this_text, other_text):
    """The other quote as Segments against the span of this quote that it shares: what a reader would mark up.

    The segments' `other` texts join up to other_text exactly. Without any shared run, everything is "changed".
    """
    this, other = aligned(this_text, other_text)
    if not other:
        return [Segment("outside", other_text)] if other_text else []
    this_pieces, other_pieces = pieces(this_text, this), pieces(other_text, other)
    span = shared_span(this, other)
    if span is None:
        return [Segment("changed", other_text, this_text)]
    a0, a1, b0, b1 = span
    segments = [Segment("outside", piece) for piece in other_pieces[:b0]]
    matcher = SequenceMatcher(None, [t.word for t in this[a0:a1]], [t.word for t in other[b0:b1]], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        this_slice, other_slice = this_pieces[a0 + i1 : a0 + i2], other_pieces[b0 + j1 : b0 + j2]
        if op == "equal":
            for k, (mine, theirs) in enumerate(zip(this_slice, other_slice, strict=True)):
                last = b0 + j1 + k == b1 - 1 or a0 + i1 + k == a1 - 1
                same = surface(mine, last) == surface(theirs, last)
                segments.append(Segment("same" if same else "minor", theirs, "" if same else mine.strip()))
        else:
            kind = classify([t.word for t in this[a0 + i1 : a0 + i2]], [t.word for t in other[b0 + j1 : b0 + j2]])
            segments.append(Segment(kind, "".join(other_slice), "".join(this_slice).strip()))
    segments += [Segment("outside", piece) for piece in other_pieces[b1:]]
    return merged(segments)


class Version:
    """Another outlet's version of a quote: its segments against this quote's words, and how many changes of
    each kind they hold (what the quote page sums up above the diff)."""

    def __init__(self, quote, this_text):
        self.quote = quote
        self.segments = compare(this_text, quote.text)
        kinds = Counter(segment.kind for segment in self.segments)
        self.significant, self.changed, self.minor = kinds["significant"], kinds["changed"], kinds["minor"]
        # No change in the words they share, but one is an excerpt of the other.
        self.excerpt = bool(kinds["outside"]) or len(this_text.split()) != len(quote.text.split())


def merged(segments):
    """Neighbouring segments of one kind as one (a contraction spelled out is one change, not two)."""
    result = []
    for segment in segments:
        if result and result[-1].kind == segment.kind and segment.kind in {"same", "outside", "minor"}:
            previous = result.pop()
            segment = Segment(segment.kind, previous.other + segment.other, f"{previous.this} {segment.this}".strip())
        result.append(segment)
    return result
