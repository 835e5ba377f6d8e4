"""The reader's pages that show verdicts: home, quote and claim lists and pages, speakers, methodology."""

from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_safe

from publishing.caching import public_page
from publishing.csv_export import PUBLIC_EXPORT_SECONDS, RETRY_AFTER_SECONDS, capped, csv_response
from publishing.models import Status
from publishing.pagination import MAX_RANKED, BadCursor, best_match_first, newest_first
from publishing.search import highlight
from quotes.models import Quote
from quotes.utterances import Version
from speakers.models import Speaker

from . import exports, structured_data
from .filters import ClaimFilter, QuoteFilter
from .models import Claim, Correction, Rating
from .scorecard import scorecard_svg

HOME_ITEMS = 8
SPEAKER_PAGE_ITEMS = 10  # the newest of each; the page links to the full, filtered lists


def public_claims():
    # The search document is for the database only; loading it would cost more than the rest of the row.
    return Claim.objects.public().select_related("speaker", "rating").defer("search")


def public_quotes():
    """Public quotes with what a quote page shows: speaker, story, outlets, claims with verdicts.

    Not the story's text: the link into it is stored on the quote (``Quote.source_link``).
    """
    return (
        Quote.objects.public()
        .select_related("speaker", "story__outlet", "reported_via")
        .defer("search", "story__text")
        .prefetch_related(Prefetch("claims", queryset=public_claims().order_by("id")))
    )


def claim_cards():
    """public_claims() with only the columns a claim card shows (includes/claim_card.html)."""
    return public_claims().only("status", "text", "summary", "rating__name", "speaker__name", "speaker__slug")


def quote_cards():
    """public_quotes() with only the columns a quote card shows (includes/quote_card.html), for list pages.

    Fewer columns to fetch and fewer fields to build per row: about a fifth of a list page's ORM time.
    Anything a card starts to show must be added here, or each card costs a query (tests count them).
    """
    verdicts = Claim.objects.public().select_related("rating").only("status", "text", "rating__name").order_by("id")
    return (
        Quote.objects.public()
        .select_related("speaker", "story__outlet")
        .only(
            "status",
            "text",
            "speaker_title",
            "said_on",
            "speaker__name",
            "speaker__slug",
            "story__url",
            "story__outlet__name",
            "story__outlet__slug",
        )
        .prefetch_related(Prefetch("claims", queryset=verdicts))
    )


def canonical(obj, slug):
    """Redirect an old or mistyped slug to the item's permalink."""
    return None if slug == obj.slug else redirect(obj, permanent=True)


@require_safe
@public_page
def home(request):
    return render(
        request,
        "claims/home.html",
        {
            "claims": claim_cards().order_by("-id")[:HOME_ITEMS],
            "quotes": quote_cards().order_by("-id")[:HOME_ITEMS],
        },
    )


def browse(request, filterset_class, queryset, template, export_url):
    """A filtered, searchable list, one keyset page at a time."""
    filterset = filterset_class(request.GET, queryset=queryset)
    cursor = request.GET.get("after") or None
    try:
        if not filterset.is_valid():
            page = None
        elif search := filterset.form.cleaned_data.get("q"):
            page = best_match_first(filterset.qs, search, cursor)
            for item in page.items:
                item.highlighted = highlight(item.text, search)
        else:
            page = newest_first(filterset.qs, cursor)
    except BadCursor:
        return HttpResponseBadRequest("This page link is not valid. Start again from the first page.")
    query = request.GET.copy()
    query.pop("after", None)
    first_page_query = query.urlencode()
    if page and page.next_cursor:
        query["after"] = page.next_cursor
    return render(
        request,
        template,
        {
            "filter": filterset,
            "page": page,
            "search": filterset.form.cleaned_data.get("q") if page else "",
            "max_ranked": MAX_RANKED,
            "first_page_query": first_page_query,
            "next_page_query": query.urlencode(),
            "export_url": export_url,
        },
    )


@require_safe
@public_page(params=[*QuoteFilter.base_filters, "after"])
def quote_list(request):
    return browse(request, QuoteFilter, quote_cards(), "claims/quote_list.html", reverse("quotes:export"))


@require_safe
@public_page(params=[*ClaimFilter.base_filters, "after"])
def claim_list(request):
    return browse(request, ClaimFilter, claim_cards(), "claims/claim_list.html", reverse("claims:export"))


def export(request, kind):
    """Every row the list's filters and search select, as a CSV download (README, "CSV exports")."""
    try:
        csv, name = exports.export(kind, request.GET, public=True, bom=request.GET.get("bom") != "0")
    except exports.InvalidFilters as error:
        return HttpResponseBadRequest(f"Some filters are not valid ({error}). Correct them and try again.")
    chunks = capped(csv.chunks(deadline=PUBLIC_EXPORT_SECONDS), using=csv.queryset.db)
    if next(chunks) is None:  # else the COPY has started
        response = HttpResponse(
            f"Too many downloads are running. Try again in {RETRY_AFTER_SECONDS} seconds.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return csv_response(request, chunks, name)


@require_GET
def quote_export(request):
    return export(request, "quotes")


@require_GET
def claim_export(request):
    return export(request, "claims")


@require_safe
def quote_permalink(request, pk):
    """The slug-free address exports give (/quotes/12/), redirected to the quote's page."""
    return redirect(get_object_or_404(public_quotes(), pk=pk), permanent=True)


@require_safe
def claim_permalink(request, pk):
    """The slug-free address exports give (/claims/12/), redirected to the fact check's page."""
    return redirect(get_object_or_404(public_claims(), pk=pk), permanent=True)


def other_versions(quotes):
    """The public quotes of the same statements as these (confirmed by an editor), other than these: one query."""
    utterances = {quote.utterance_id for quote in quotes if quote.utterance_id}
    if not utterances:
        return []
    return list(
        Quote.objects.public()
        .filter(utterance__in=utterances)
        .exclude(pk__in=[quote.pk for quote in quotes])
        .select_related("speaker", "story__outlet")
        .defer("search", "story__text")
        .order_by("story__outlet__name", "position")
    )


@require_safe
@public_page
def quote_detail(request, pk, slug):
    quote = get_object_or_404(public_quotes(), pk=pk)
    if response := canonical(quote, slug):
        return response
    return render(
        request,
        "claims/quote_detail.html",
        {
            "quote": quote,
            "versions": [Version(version, quote.text) for version in other_versions([quote])],
            "structured_data": structured_data.quotation(quote, request),
        },
    )


@require_safe
@public_page
def claim_detail(request, pk, slug):
    claim = get_object_or_404(
        public_claims()
        .select_related("fact_checker")
        .prefetch_related(
            Prefetch(
                "quotes",
                queryset=Quote.objects.public()
                .select_related("speaker", "story__outlet")
                .order_by("story", "position"),
            ),
            "evidence",
            "corrections",  # newest first (Correction.Meta.ordering)
        ),
        pk=pk,
    )
    if response := canonical(claim, slug):
        return response
    versions = other_versions(claim.quotes.all())
    review = (
        None
        if claim.is_retracted
        else structured_data.claim_review(claim, request, Rating.objects.scale(), other_versions=versions)
    )
    return render(
        request, "claims/claim_detail.html", {"claim": claim, "versions": versions, "structured_data": review}
    )


@require_safe
@public_page
def speaker_detail(request, slug):
    speaker = get_object_or_404(Speaker, slug=slug)
    quotes = list(quote_cards().filter(speaker=speaker).order_by("-id")[:SPEAKER_PAGE_ITEMS])
    claims = list(claim_cards().filter(speaker=speaker).order_by("-id")[:SPEAKER_PAGE_ITEMS])
    if not quotes and not claims:
        raise Http404("No public quotes or claims for this speaker.")
    # Only verdicts the newsroom stands by: a retracted claim keeps its page but no longer counts.
    counts = dict(
        Claim.objects.public()
        .filter(status=Status.PUBLISHED, speaker=speaker, rating__isnull=False)
        .values_list("rating")
        .annotate(n=Count("id"))
        .values_list("rating", "n")
    )
    levels = [(rating, counts.get(rating.id, 0)) for rating in Rating.objects.all()]
    return render(
        request,
        "claims/speaker_detail.html",
        {"speaker": speaker, "quotes": quotes, "claims": claims, "scorecard": scorecard_svg(levels), "levels": levels},
    )


@require_safe
@public_page(params=["after"])
def correction_list(request):
    """Every correction to a public fact check, newest first, one keyset page at a time."""
    public = Correction.objects.public().select_related("claim__speaker").defer("claim__search", "claim__ruling")
    try:
        page = newest_first(public, request.GET.get("after") or None)
    except BadCursor:
        return HttpResponseBadRequest("This page link is not valid. Start again from the first page.")
    return render(
        request, "claims/correction_list.html", {"page": page, "next_page_query": f"after={page.next_cursor}"}
    )


@require_safe
@public_page
def methodology(request):
    return render(request, "claims/methodology.html", {"ratings": Rating.objects.all()})
