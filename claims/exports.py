"""The CSV layouts of quotes and claims (README, "CSV exports"), as SQL columns for publishing.csv_export.

Public exports list public claims only, inside quote rows too; the admin's and the command's list every claim.
Lists inside a cell (a quote's claims, a claim's evidence) are separated by "; ", in id or evidence order.
"""

from django.conf import settings
from django.db.models import F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.aggregates import StringAgg
from django.db.models.functions import Cast, Coalesce, Concat

from publishing.csv_export import Column, CsvExport, filename, spreadsheet_safe
from publishing.search import search_query
from quotes.models import Quote

from .filters import ClaimFilter, QuoteFilter
from .models import Claim, ClaimQuote, Correction, Evidence

SEPARATOR = "; "


def permalink(section, id_field="id"):
    """The item's slug-free public address, e.g. https://facts.example/quotes/12/ (it redirects to the page)."""
    return Concat(
        Value(f"{settings.NEWSROOM_URL.rstrip('/')}/{section}/"),
        Cast(id_field, TextField()),
        Value("/"),
        output_field=TextField(),
    )


class UtcTimestamp(Func):
    """A timestamp as ISO 8601 in UTC, e.g. 2017-04-21T14:05:00Z, which spreadsheets read as a date."""

    template = """to_char(%(expressions)s AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"""
    output_field = TextField()


def joined(queryset, group_by, expression, order_by):
    """One cell listing expression for each row of queryset (already narrowed with OuterRef), "; "-separated."""
    return Coalesce(
        Subquery(
            queryset.order_by()
            .values(group_by)
            .annotate(cell=StringAgg(expression, Value(SEPARATOR), order_by=order_by))
            .values("cell")
        ),
        Value(""),
        output_field=TextField(),
    )


def quote_columns(public=True):
    claims = ClaimQuote.objects.filter(quote=OuterRef("pk"))
    if public:
        claims = claims.filter(claim__in=Claim.objects.public())
    return [
        Column("id", F("id")),
        Column("url", permalink("quotes")),
        Column("text", spreadsheet_safe("text")),
        Column("speaker", spreadsheet_safe("speaker__name")),
        Column("speaker_title", spreadsheet_safe("speaker_title")),
        Column("organisation", spreadsheet_safe("speaker__organisation")),
        Column("outlet", spreadsheet_safe("story__outlet__name")),
        Column("story_headline", spreadsheet_safe("story__headline")),
        Column("story_url", F("story__url")),
        Column("source_link", F("source_link")),
        Column("story_published_on", F("story__published_on")),
        Column("said_on", F("said_on")),
        Column("occasion", spreadsheet_safe("occasion")),
        Column("extent", F("extent")),
        Column("medium", F("medium")),
        Column("reported_via", spreadsheet_safe(Coalesce("reported_via__name", Value("")))),
        Column("status", F("status")),
        Column("claim_ids", joined(claims, "quote", Cast("claim_id", TextField()), "claim_id")),
        Column("claim_urls", joined(claims, "quote", permalink("claims", "claim_id"), "claim_id")),
        Column(
            "verdicts",
            spreadsheet_safe(joined(claims, "quote", Coalesce("claim__rating__name", Value("")), "claim_id")),
        ),
        Column("found_in_source", F("source_match")),
        Column("source_start", F("source_start")),
        Column("source_end", F("source_end")),
        Column("utterance_id", F("utterance_id")),
    ]


def claim_columns(public=True):
    quotes = ClaimQuote.objects.filter(claim=OuterRef("pk"))
    if public:
        quotes = quotes.filter(quote__in=Quote.objects.public())
    evidence = Evidence.objects.filter(claim=OuterRef("pk")).exclude(url="")
    corrections = Correction.objects.filter(claim=OuterRef("pk"))
    latest_correction = Subquery(corrections.order_by("-published_at").values("published_at")[:1])
    return [
        Column("id", F("id")),
        Column("url", permalink("claims")),
        Column("text", spreadsheet_safe("text")),
        Column("speaker", spreadsheet_safe("speaker__name")),
        Column("verdict", spreadsheet_safe(Coalesce("rating__name", Value("")))),
        Column("summary", spreadsheet_safe("summary")),
        Column("evidence_urls", spreadsheet_safe(joined(evidence, "claim", F("url"), "position"))),
        Column("quote_urls", joined(quotes, "claim", permalink("quotes", "quote_id"), "quote_id")),
        Column("status", F("status")),
        Column("first_published_at", UtcTimestamp("first_published_at")),
        Column("updated_at", UtcTimestamp("updated_at")),
        Column("retracted_at", UtcTimestamp("retracted_at")),
        Column("retraction_notice", spreadsheet_safe("retraction_notice")),
        Column("corrected_at", UtcTimestamp(latest_correction)),
        Column(
            "previous_verdicts",
            spreadsheet_safe(
                joined(corrections.filter(kind=Correction.Kind.VERDICT), "claim", F("previous_verdict"), "id")
            ),
        ),
    ]


KINDS = {"quotes": (Quote, QuoteFilter, quote_columns), "claims": (Claim, ClaimFilter, claim_columns)}


class InvalidFilters(ValueError):
    """Filters that do not validate; str() says which and why."""


def export(kind, filters, public=True, bom=True):
    """The CSV export of every kind ("quotes" or "claims") row the filters (the list's query parameters) and
    search select, oldest first, and its file name. Public exports start from .public()."""
    model, filterset_class, columns = KINDS[kind]
    filterset = filterset_class(filters, queryset=model.objects.public() if public else model.objects.all())
    if not filterset.is_valid():
        raise InvalidFilters("; ".join(f"{name}: {' '.join(errors)}" for name, errors in filterset.errors.items()))
    rows = filterset.qs
    if search := filterset.form.cleaned_data.get("q"):
        rows = rows.filter(search=search_query(search))
    choices = {("search" if name == "q" else name): value for name, value in filterset.form.cleaned_data.items()}
    return CsvExport(rows.order_by("id"), columns(public), bom=bom), filename(kind, choices)
