"""Text primitives the quote tools share: which characters are quotation marks, apostrophes and dashes; folding
for comparison; words and word boundaries.

Pure Python (no Django). Used by ``locate`` (finding a quote in its story), ``fragments`` (text-fragment links),
``utterances`` (versions of one statement) and ``extract`` (proposing quotations).
"""

import re
import unicodedata

# Characters printed as apostrophes inside a word (O’Neill, we’re): the straight one, the right and left single
# quotation marks (the left one a common misprint), the modifier letter apostrophe and the backtick.
APOSTROPHES = "'’‘ʼ`"
# Every quotation mark and apostrophe, straight, curly, low, reversed, angled and CJK, and the acute accent and
# primes that stand in for them in typed text.
QUOTE_MARKS = "\"'`´‘’‚‛“”„‟«»‹›「」『』′″ʼ"
# Hyphens, dashes and minus signs of every width, including the small and full-width forms.
DASHES = "-‐‑‒–—―−﹘﹣－"

# A run of letters and digits: the words of a text, punctuation and underscores aside.
WORD = re.compile(r"[^\W_]+")

_STRAIGHT_APOSTROPHES = str.maketrans(dict.fromkeys(APOSTROPHES, "'"))
_QUOTATION_ENDS = re.compile(rf"^[\s{re.escape(QUOTE_MARKS)}]+|[\s{re.escape(QUOTE_MARKS)}]+$")
# Scripts written without spaces between words: Thai, Japanese kana, Chinese (CJK ideographs).
_UNSPACED_SCRIPTS = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def strip_quotation(text: str) -> str:
    """``text`` without the whitespace and quotation marks at its two ends: the quoted words themselves."""
    return _QUOTATION_ENDS.sub("", text)


def straighten_apostrophes(text: str) -> str:
    """``text`` with every apostrophe printed as ``'``, so that "we’re" and "we're" compare alike."""
    return text.translate(_STRAIGHT_APOSTROPHES)


def fold(text: str) -> str:
    """``text`` as it is compared: case folded, compatibility forms decomposed (``…`` to ``...``, ligatures) and
    accents dropped, so that "Café" and "cafe" are alike. The result may be longer or shorter than ``text``."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def is_word_character(char: str) -> bool:
    """Whether ``char`` is part of a word for word boundaries: a letter or digit of a script written with spaces.

    Every character of a script written without spaces (Chinese, Japanese kana, Thai) is treated as a word of its
    own, as Latin-script rules cannot tell where words end there. (Browsers use ICU's dictionary-based breaking.)
    """
    return char.isalnum() and not _UNSPACED_SCRIPTS.match(char)


def bounded(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` begins and ends on word boundaries (not between two word characters)."""
    starts = start == 0 or not (is_word_character(text[start - 1]) and is_word_character(text[start]))
    ends = end == len(text) or not (is_word_character(text[end - 1]) and is_word_character(text[end]))
    return starts and ends


def find_bounded(text: str, term: str, begin: int = 0):
    """Yield where ``term`` occurs in ``text`` from ``begin`` on, on word boundaries (overlapping occurrences too)."""
    at = text.find(term, begin)
    while at != -1:
        if bounded(text, at, at + len(term)):
            yield at
        at = text.find(term, at + 1)


def contains_run(longer, shorter):
    """Whether the items of ``shorter`` (words, say) stand together, in order, in ``longer``."""
    n = len(shorter)
    return n > 0 and any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))
