"""Text-fragment links: open a source article scrolled to, and highlighting, the quoted words.

``text_fragment_url(article_url, quote, article_text="", at=None)`` appends a WICG Scroll-to-Text Fragment directive
(https://wicg.github.io/scroll-to-text-fragment/) to the article's address::

    URL#:~:text=[prefix-,]textStart[,textEnd][,-suffix]

How the directive is built:

- The quote is used as given: pass the words as the article prints them (``Quote.locate_in_story`` passes the
  located span, ``article_text[start:end]``, so curly quotes and spelling are the article's own). Only
  whitespace and quotation marks at its two ends are trimmed (a browser needs the words, and the words inside
  the marks are in the article whatever marks enclose them); whitespace runs inside a paragraph collapse to
  one space, as the browser sees them. Internal punctuation is kept
  exactly: curly apostrophes and quotes, em dashes, editorial brackets, a trailing comma or full stop.
  An empty quote leaves the URL unchanged.
- Each term is percent-encoded as UTF-8 with nothing left "safe": spaces become ``%20``, ``,`` ``%2C``,
  ``&`` ``%26``, and ``-`` (which ``urllib.parse.quote`` leaves alone) ``%2D``, so that the ``,`` and
  ``-`` of the directive's own syntax stay unambiguous.
- Browsers match case-insensitively, on word boundaries, and one term cannot span two paragraphs (block
  boundaries). A quote of at most ``LONG_QUOTE_WORDS`` (10) words in one paragraph is a single term. A longer
  quote, or one that spans paragraphs (contains a line break), becomes ``textStart,textEnd``: the first
  ``EDGE_WORDS`` (5) words of its first paragraph and the last 5 words of its last paragraph, whole words only.
  Punctuation-only tokens (a spaced em dash) do not count as words. With more than 10 words in one
  paragraph, start and end never overlap. If textEnd also occurs inside the quote after textStart (the
  browser would stop there), it grows leftwards by whole words until it is found only at the quote's end;
  if it would run into textStart, the whole quote is used as one term.
- ``prefix-`` and ``-suffix`` are added only when the start term occurs more than once in ``article_text``
  (case-insensitive, whitespace-normalised, word-bounded). They are 1 to ``MAX_CONTEXT_WORDS`` (3) whole words
  from the same paragraph, directly before (prefix) or after (suffix) the occurrence that starts at offset
  ``at`` of ``article_text`` (the located quote; without ``at``, the first occurrence), as few as make the match
  unique in the article (not the W3C selector's 32-character prefix, which may cut words). At the start of a
  paragraph there is no prefix, so a suffix is used. For ``textStart,textEnd`` without ``at`` the occurrence is
  the one where the whole quote is found (else the first), and only a prefix helps: a suffix follows textEnd,
  and a browser would still begin the range at an earlier textStart. Without words before it, textStart
  grows rightwards by whole words instead, while it stays clear of textEnd.
- Without ``article_text`` there is no prefix or suffix.
- A URL that already has a fragment keeps it: ``#id:~:text=...``. A fragment directive already on the URL
  (anything after ``:~:``) is replaced, so the link highlights this quote only.

Word boundaries are approximated as in Latin-script text: a letter or digit next to a letter or digit is no
boundary. Chinese, Japanese kana and Thai are written without spaces, so every character of those scripts is
treated as bounded. (Browsers use ICU's dictionary-based word breaking there.)
"""

import re
from urllib.parse import quote as percent_encode

from .text import WORD, bounded, find_bounded, strip_quotation

LONG_QUOTE_WORDS = 10  # A quote with more words than this (in one paragraph) becomes textStart,textEnd.
EDGE_WORDS = 5  # Words in each of textStart and textEnd.
MAX_CONTEXT_WORDS = 3  # At most this many words of prefix, and of suffix.

# The printed tokens between spaces, punctuation included: terms are cut from the quote at these, whole, so that
# each term is the article's own characters (unlike text.WORD, which leaves the punctuation out).
_TOKEN = re.compile(r"\S+")


def text_fragment_url(article_url: str, quote: str, article_text: str = "", at: int | None = None) -> str:
    """The article's URL with a ``:~:text=`` directive that scrolls to and highlights ``quote``.

    ``at`` is where the quote's words begin in ``article_text``, when it has been located there.
    """
    paragraphs = _paragraphs(strip_quotation(quote or ""))
    if not paragraphs:
        return article_url
    article_text = article_text or ""
    position = None if at is None else _collapsed_position(article_text, at)
    directive = _directive(paragraphs, "\n".join(_paragraphs(article_text)), position)
    base, _, fragment = article_url.partition("#")
    fragment = fragment.split(":~:", 1)[0]
    return f"{base}#{fragment}:~:text={directive}"


def _collapsed_position(article_text: str, at: int) -> int:
    """Where offset ``at`` of the article lands once ``_paragraphs`` has collapsed its whitespace and blank lines."""
    before = article_text[:at]
    collapsed = "\n".join(_paragraphs(before))
    # One space or line break separates the quote from the text before it, if that ended in whitespace.
    return len(collapsed) + (1 if collapsed and before[-1].isspace() else 0)


def _directive(paragraphs: list[str], article: str, position: int | None) -> str:
    """The directive's terms. ``position``: where the quote begins in ``article``, if known."""
    folded_article = _fold(article)
    quote = "\n".join(paragraphs)
    first, last = _TOKEN.findall(paragraphs[0]), _TOKEN.findall(paragraphs[-1])

    if len(paragraphs) == 1 and _word_count(first) <= LONG_QUOTE_WORDS:
        return _single_term(quote, article, folded_article, position)

    # textStart is first[:start_stop]; textEnd is last[end_from:].
    start_stop = _index_after_words(first, EDGE_WORDS)
    end_from = _index_before_words(last, EDGE_WORDS)
    one_paragraph = len(paragraphs) == 1

    # The browser looks for textEnd from where textStart ends: inside the quote, it must first match at the end.
    folded_quote = _fold(quote)
    while True:
        start, end = " ".join(first[:start_stop]), " ".join(last[end_from:])
        if _find_all(folded_quote, end, len(start))[:1] == [len(quote) - len(end)]:
            break
        if end_from == 0 or (one_paragraph and end_from - 1 < start_stop):
            if one_paragraph:
                return _single_term(quote, article, folded_article, position)
            break  # Best effort: the end is a whole paragraph.
        end_from -= 1

    occurrences = _find_all(folded_article, start)
    if len(occurrences) <= 1:
        return _join("", start, end, "")
    if position is None:
        anchor = next((at for at in occurrences if folded_article.startswith(folded_quote, at)), occurrences[0])
    else:
        anchor = _nearest(occurrences, position)
    before, _ = _around(article, anchor, len(start))
    if _word_count(_TOKEN.findall(before)):
        prefix, _ = _context(article, folded_article, occurrences, anchor, len(start), suffix_allowed=False)
        return _join(prefix, start, end, "")

    # No words before it in its paragraph: make textStart itself longer, short of textEnd.
    limit = end_from if one_paragraph else len(first)
    while len(occurrences) > 1 and start_stop < limit:
        start_stop += 1
        start = " ".join(first[:start_stop])
        occurrences = _find_all(folded_article, start)
    return _join("", start, end, "")


def _single_term(term: str, article: str, folded_article: str, position: int | None) -> str:
    occurrences = _find_all(folded_article, term)
    if len(occurrences) <= 1:
        return _join("", term, "", "")
    anchor = occurrences[0] if position is None else _nearest(occurrences, position)
    prefix, suffix = _context(article, folded_article, occurrences, anchor, len(term))
    return _join(prefix, term, "", suffix)


def _context(article, folded_article, occurrences, anchor, length, suffix_allowed=True) -> tuple[str, str]:
    """The fewest whole words before (then also after) the anchor occurrence that single it out."""
    before, after = _around(article, anchor, length)

    def count(prefix: str, suffix: str) -> int:
        return sum(_has_context(folded_article, at, length, _fold(prefix), _fold(suffix)) for at in occurrences)

    prefix = suffix = ""
    for words in range(1, MAX_CONTEXT_WORDS + 1):
        candidate = _last_words(before, words)
        if candidate is None:
            break
        prefix = candidate
        if count(prefix, "") == 1:
            return prefix, ""
    if not suffix_allowed:
        return prefix, ""
    for words in range(1, MAX_CONTEXT_WORDS + 1):
        candidate = _first_words(after, words)
        if candidate is None:
            break
        suffix = candidate
        if count(prefix, suffix) == 1:
            break
    return prefix, suffix


def _nearest(occurrences: list[int], position: int) -> int:
    """The occurrence at (or, should whitespace have shifted it, nearest to) ``position``."""
    return min(occurrences, key=lambda at: abs(at - position))


def _has_context(folded_article: str, at: int, length: int, prefix: str, suffix: str) -> bool:
    """Whether the occurrence at ``at`` has ``prefix`` just before it and ``suffix`` just after, in its paragraph."""
    before, after = _around(folded_article, at, length)
    before, after = before.rstrip(), after.lstrip()
    if prefix:
        begin = len(before) - len(prefix)
        if not before.endswith(prefix) or not bounded(before, begin, len(before)):
            return False
    return not suffix or (after.startswith(suffix) and bounded(after, 0, len(suffix)))


def _around(article: str, at: int, length: int) -> tuple[str, str]:
    """The text of the occurrence's paragraph before it and after it."""
    paragraph_start = article.rfind("\n", 0, at) + 1
    paragraph_end = article.find("\n", at + length)
    return article[paragraph_start:at], article[at + length : None if paragraph_end == -1 else paragraph_end]


def _last_words(text: str, count: int) -> str | None:
    """The end of ``text`` from its ``count``-th last word, or None if it has fewer words."""
    starts = [token.start() for token in _TOKEN.finditer(text) if _is_word(token.group())]
    return text[starts[-count] :].rstrip() if len(starts) >= count else None


def _first_words(text: str, count: int) -> str | None:
    """The start of ``text`` up to its ``count``-th word, or None if it has fewer words."""
    ends = [token.end() for token in _TOKEN.finditer(text) if _is_word(token.group())]
    return text[: ends[count - 1]].lstrip() if len(ends) >= count else None


def _index_after_words(tokens: list[str], count: int) -> int:
    """How many leading tokens hold ``count`` words (all of them if fewer)."""
    seen = 0
    for index, token in enumerate(tokens):
        seen += _is_word(token)
        if seen == count:
            return index + 1
    return len(tokens)


def _index_before_words(tokens: list[str], count: int) -> int:
    """Where the trailing tokens holding ``count`` words begin (0 if fewer)."""
    return len(tokens) - _index_after_words(tokens[::-1], count)


def _find_all(folded_text: str, term: str, begin: int = 0) -> list[int]:
    """Where ``term`` occurs on word boundaries in ``folded_text``, from ``begin`` on."""
    return list(find_bounded(folded_text, _fold(term), begin))


def _is_word(token: str) -> bool:
    """Whether the token holds a word (a spaced em dash does not)."""
    return WORD.search(token) is not None


def _word_count(tokens: list[str]) -> int:
    return sum(_is_word(token) for token in tokens)


def _paragraphs(text: str) -> list[str]:
    """Non-blank lines with whitespace runs collapsed: the blocks a browser matches within."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _fold(text: str) -> str:
    """Lowercase, one character for one, so positions in the folded text are positions in the text.

    Not ``text.fold``: dropping accents and decomposing ligatures changes lengths, and offsets found in the folded
    article are used as offsets in the article.
    """
    lowered = text.lower()
    if len(lowered) == len(text):  # no character lowered to two ("İ"): the common case, at C speed
        return lowered
    return "".join(lower if len(lower := char.lower()) == 1 else char for char in text)


def _encode(term: str) -> str:
    return percent_encode(term, safe="").replace("-", "%2D")


def _join(prefix: str, start: str, end: str, suffix: str) -> str:
    terms = [f"{_encode(prefix)}-"] if prefix else []
    terms.append(_encode(start))
    if end:
        terms.append(_encode(end))
    if suffix:
        terms.append(f"-{_encode(suffix)}")
    return ",".join(terms)
