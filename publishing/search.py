"""Full-text search shared by quotes and claims: English stemming, accents folded (café finds cafe).

Documents are stored generated columns (`search_vector`) with a GIN index; queries use PostgreSQL's
websearch syntax: "a phrase", `or`, `-exclusion`.
"""

import re

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import models
from django.db.models import Value
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

SEARCH_CONFIG = "english"


class Unaccent(models.Func):
    """public.immutable_unaccent(): unaccent() wrapped as IMMUTABLE so it can feed a generated column."""

    function = "immutable_unaccent"
    output_field = models.TextField()


def search_vector(*fields):
    return SearchVector(*(Unaccent(field) for field in fields), config=SEARCH_CONFIG)


def search_query(text):
    return SearchQuery(Unaccent(Value(text)), search_type="websearch", config=SEARCH_CONFIG)


def search_terms(text):
    """The words a reader searched for, without websearch operators (or, -exclusions, quotes)."""
    words = re.findall(r"-?\w+", text)
    return [word for word in words if not word.startswith("-") and word.lower() != "or"]


def highlight(text, query):
    """text, HTML-escaped, with the searched words (and their inflections) wrapped in <mark>.

    Escaping happens segment by segment, so a quote containing <script> renders as text while the
    highlight markup stays intact.
    """
    terms = sorted({term.lower() for term in search_terms(query)}, key=len, reverse=True)
    if not terms:
        return escape(text)
    stems = "|".join(re.escape(term[: max(4, len(term) - 2)]) if len(term) > 4 else re.escape(term) for term in terms)
    pattern = re.compile(rf"\b(?:{stems})\w*", re.IGNORECASE)
    out, last = [], 0
    for match in pattern.finditer(text):
        out.append(escape(text[last : match.start()]))
        out.append(format_html("<mark>{}</mark>", match.group()))
        last = match.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
