"""Readers and reporters download any filtered list as CSV: every matching public row, Excel-safe."""

import csv
import io

import psycopg
import pytest
from django.db import DataError, connection
from django.db.models import F
from django.db.models.expressions import RawSQL
from django.urls import reverse

from publishing.csv_export import EXPORT_LOCK, MAX_PUBLIC_EXPORTS, Column, CsvExport, ExportTooSlow, spreadsheet_text
from publishing.models import Status
from quotes.models import Quote
from tests.factories import make_claim, make_quote, make_speaker, make_story, rating

pytestmark = pytest.mark.django_db

QUOTE_COLUMNS = [
    "id",
    "url",
    "text",
    "speaker",
    "speaker_title",
    "organisation",
    "outlet",
    "story_headline",
    "story_url",
    "source_link",
    "story_published_on",
    "said_on",
    "occasion",
    "extent",
    "medium",
    "reported_via",
    "status",
    "claim_ids",
    "claim_urls",
    "verdicts",
    "found_in_source",
    "source_start",
    "source_end",
    "utterance_id",
]
CLAIM_COLUMNS = [
    "id",
    "url",
    "text",
    "speaker",
    "verdict",
    "summary",
    "evidence_urls",
    "quote_urls",
    "status",
    "first_published_at",
    "updated_at",
    "retracted_at",
    "retraction_notice",
    "corrected_at",
    "previous_verdicts",
]


def download(client, name, **params):
    response = client.get(reverse(f"{name}:export"), params)
    assert response.status_code == 200, response.content
    body = b"".join(response.streaming_content)
    return response, body


def rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_the_quote_export_has_the_documented_columns_in_order(client):
    make_quote()
    _, body = download(client, "quotes")
    assert body.startswith("\ufeff".encode())
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == QUOTE_COLUMNS


def test_the_claim_export_has_the_documented_columns_in_order(client):
    make_claim()
    _, body = download(client, "claims")
    assert next(csv.reader(io.StringIO(body.decode("utf-8-sig")))) == CLAIM_COLUMNS


def test_a_quote_row_carries_its_story_speaker_deep_link_and_verdicts(client, settings):
    settings.NEWSROOM_URL = "https://facts.example/"
    speaker = make_speaker(name="James O'Neill", organisation="NYPD")
    story = make_story(url="https://news.example/a", headline="Crime falls", text="He said crime is down, again.")
    quote = make_quote(story=story, speaker=speaker, text="crime is down", speaker_title="Commissioner")
    claim = make_claim([quote], rating=rating("mostly-true"))
    make_claim([quote], status=Status.DRAFT, rating=rating("false"))

    _, body = download(client, "quotes")

    [row] = rows(body)
    assert row["id"] == str(quote.pk)
    assert row["url"] == f"https://facts.example/quotes/{quote.pk}/"
    assert row["text"] == "crime is down"
    assert (row["speaker"], row["speaker_title"], row["organisation"]) == ("James O'Neill", "Commissioner", "NYPD")
    assert (row["outlet"], row["story_headline"]) == (story.outlet.name, "Crime falls")
    assert row["story_url"] == "https://news.example/a"
    assert row["source_link"] == "https://news.example/a#:~:text=crime%20is%20down"
    assert (row["story_published_on"], row["said_on"]) == ("2017-04-21", "2017-04-21")
    assert row["status"] == "published"
    # The draft fact check is not public: neither its id nor its verdict is exported.
    assert row["claim_ids"] == str(claim.pk)
    assert row["claim_urls"] == f"https://facts.example/claims/{claim.pk}/"
    assert row["verdicts"] == "Mostly true"


def test_a_claim_row_carries_its_verdict_evidence_and_public_quotes(client, settings):
    settings.NEWSROOM_URL = "https://facts.example/"
    shown, hidden = make_quote(), make_quote(status=Status.DRAFT)
    claim = make_claim([shown, hidden], evidence=2, summary="Right on murders.")

    _, body = download(client, "claims")

    [row] = rows(body)
    assert row["verdict"] == "True"
    assert row["summary"] == "Right on murders."
    assert row["evidence_urls"] == "https://www.nyc.gov/nypd; https://www.nyc.gov/nypd"
    assert row["quote_urls"] == f"https://facts.example/quotes/{shown.pk}/"
    assert row["first_published_at"] == claim.first_published_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert row["retracted_at"] == ""
    assert (row["corrected_at"], row["previous_verdicts"]) == ("", "")


def test_a_claim_row_says_when_it_was_last_corrected_and_which_verdicts_it_replaced(client):
    claim = make_claim(rating=rating("true"))
    for slug in ("mostly-true", "half-true"):
        claim.rating = rating(slug)
        claim.correct(f"Now {slug}.")
    claim.correct("We fixed the 1993 figure; the verdict stands.")
    latest = claim.corrections.latest("published_at")

    _, body = download(client, "claims")

    [row] = rows(body)
    assert row["verdict"] == "Half true"
    assert row["previous_verdicts"] == "True; Mostly true"
    assert row["corrected_at"] == latest.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_only_public_rows_are_exported_and_retracted_ones_say_so(client):
    published = make_quote(text="Published words")
    retracted = make_quote(text="Retracted words")
    retracted.retract("The speaker was misidentified.")
    make_quote(text="Draft words", status=Status.DRAFT)
    make_quote(text="In a draft story", story=make_story(status=Status.DRAFT))

    _, body = download(client, "quotes")

    assert {(row["text"], row["status"]) for row in rows(body)} == {
        (published.text, "published"),
        (retracted.text, "retracted"),
    }


def test_draft_claims_are_not_exported(client):
    make_claim(text="Public claim")
    make_claim(text="Draft claim", status=Status.DRAFT, rating=None, ruling="")
    _, body = download(client, "claims")
    assert [row["text"] for row in rows(body)] == ["Public claim"]


def test_the_export_follows_the_lists_filters_and_search_and_is_not_paged(client):
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    for n in range(25):
        make_quote(speaker=mayor, text=f"Crime is down in borough {n}")
    make_quote(speaker=mayor, text="The budget is balanced")
    make_quote(text="Crime is down everywhere")  # another speaker

    response, body = download(client, "quotes", speaker="bill-de-blasio", q="crime")

    texts = [row["text"] for row in rows(body)]
    assert texts == [f"Crime is down in borough {n}" for n in range(25)]  # all 25, oldest first
    assert response["Content-Disposition"].startswith(
        'attachment; filename="quotes-search-crime-speaker-bill-de-blasio-'
    )


def test_the_file_name_says_what_was_exported_and_when(client):
    make_quote()
    response, _ = download(client, "quotes", speaker="Bill de Blasio")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    filename = response["Content-Disposition"].split("filename=")[1].strip('"')
    assert filename.startswith("quotes-speaker-bill-de-blasio-")
    assert filename.endswith(".csv")
    assert len(filename) == len("quotes-speaker-bill-de-blasio-2026-11-23.csv")


def test_the_byte_order_mark_can_be_left_out(client):
    make_quote()
    _, body = download(client, "quotes", bom="0")
    assert body.startswith(b"id,url,text,")


@pytest.mark.parametrize(
    ("text", "exported"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1 for the mayor", "'+1 for the mayor"),
        ("-2 percent, he said", "'-2 percent, he said"),
        ("@everyone listen", "'@everyone listen"),
        ("   =SUM(A1:A9)", "'   =SUM(A1:A9)"),
        ("\tTabbed", "'\tTabbed"),
        ("'=already quoted", "''=already quoted"),
        ('\u00a0=HYPERLINK("http://evil.example")', '\'\u00a0=HYPERLINK("http://evil.example")'),  # no-break space
        ("\u200b\ufeff@everyone", "'\u200b\ufeff@everyone"),  # zero-width space, byte-order mark
        ("＝1+1", "'＝1+1"),  # fullwidth equals sign
        ("\u3000Crime is down", "\u3000Crime is down"),
        ("Crime is down 2-3 percent", "Crime is down 2-3 percent"),
        ("It's 'fine'", "It's 'fine'"),
    ],
)
def test_cells_a_spreadsheet_would_run_as_formulas_are_prefixed_with_an_apostrophe(client, text, exported):
    make_quote(text=text, speaker=make_speaker(name="=cmd|' /C calc'!A0"))
    _, body = download(client, "quotes")
    [row] = rows(body)
    assert row["text"] == exported
    assert row["speaker"] == "'=cmd|' /C calc'!A0"
    assert spreadsheet_text(row["text"]) == text  # the documented rule recovers the original


def test_multi_line_quotes_and_commas_survive_the_csv_quoting(client):
    text = 'First paragraph, with "marks".\nSecond paragraph; still the quote.'
    make_quote(text=text)
    _, body = download(client, "quotes")
    [row] = rows(body)
    assert row["text"] == text


def test_malformed_filters_get_a_400_naming_them(client):
    response = client.get(reverse("quotes:export"), {"said_after": "2017-13-45"})
    assert response.status_code == 400
    assert b"said_after" in response.content


@pytest.mark.parametrize(
    "params",
    [
        {"q": "x" * 10_000},
        {"q": "crime\x00"},
        {"story": "-1"},
        {"story": str(10**30)},
        {"story": "abc"},
        {"verdict": "no-such-verdict"},
        {"said_after": "2017-02-30"},
    ],
)
def test_hostile_parameters_get_a_400(client, params):
    make_quote()
    response = client.get(reverse("quotes:export"), params)
    assert response.status_code == 400
    assert b"Correct them and try again" in response.content


@pytest.mark.parametrize(
    "params", [{"q": "'; DROP TABLE quotes_quote; --"}, {"speaker": "<script>alert(1)</script>"}, {"q": '"unbalanced'}]
)
def test_payloads_in_filters_are_searched_for_as_text(client, params):
    make_quote(text="Crime is down")
    _, body = download(client, "quotes", **params)
    assert rows(body) == []
    assert Quote.objects.count() == 1


def test_each_list_page_links_to_the_csv_of_its_selection(client):
    make_quote()
    page = client.get(reverse("quotes:list"), {"speaker": "someone", "q": "crime", "utm_source": "x"}).content.decode()
    # The list's own parameters, in the order of its address (by name); nothing it does not read.
    assert f'href="{reverse("quotes:export")}?q=crime&amp;speaker=someone"' in page
    assert "Download CSV" in client.get(reverse("claims:list")).content.decode()


def test_the_slug_free_addresses_in_exports_lead_to_the_pages(client):
    quote = make_quote()
    claim = make_claim([quote])
    assert client.get(f"/quotes/{quote.pk}/").url == quote.get_absolute_url()
    assert client.get(f"/claims/{claim.pk}/").url == claim.get_absolute_url()
    assert client.get(f"/quotes/{make_quote(status=Status.DRAFT).pk}/").status_code == 404


@pytest.mark.parametrize("count", [1, 50])
def test_an_export_runs_the_same_queries_however_many_rows(client, django_assert_num_queries, count):
    for _ in range(count):
        quote = make_quote()
        make_claim([quote])
    # The verdict choices; take a slot; in a savepoint (two statements), JIT off and the COPY; give the slot back.
    with django_assert_num_queries(7):
        _, body = download(client, "quotes")
    assert len(rows(body)) == count


def test_beyond_the_cap_a_reader_is_asked_to_come_back_later(client):
    make_quote()
    # Other downloads, in other database sessions, hold every slot.
    with psycopg.connect(**connection.get_connection_params()) as others:
        others.execute(
            "SELECT pg_advisory_lock(%s, slot) FROM generate_series(1, %s) AS slot", [EXPORT_LOCK, MAX_PUBLIC_EXPORTS]
        )
        response = client.get(reverse("quotes:export"))
    assert response.status_code == 429
    assert response["Retry-After"] == "30"
    assert b"Try again" in response.content
    download(client, "quotes")  # the slots are free again


def test_grouping_and_locating_can_be_checked_from_an_export_alone(client, demo):
    _, body = download(client, "quotes")
    exported = rows(body)
    assert {row["found_in_source"] for row in exported} == {"verbatim"}
    for row in exported:
        quote = Quote.objects.select_related("story").get(pk=row["id"])
        assert quote.story.text[int(row["source_start"]) : int(row["source_end"])] == quote.text
    boil = {row["outlet"]: row["utterance_id"] for row in exported if "blood began to boil" in row["text"]}
    assert set(boil) == {"Newsmax", "Gothamist"}
    assert len(set(boil.values())) == 1 and boil["Newsmax"] != ""


def test_a_download_too_slow_to_finish_is_broken_off_not_cut_short(settings):
    """Past the deadline the stream raises, so the reader's transfer fails instead of ending like a whole file."""
    story, speaker = make_story(), make_speaker()
    Quote.objects.bulk_create(
        Quote(story=story, speaker=speaker, text="x" * 500, position=n, story_public=True) for n in range(1, 400)
    )
    chunks = CsvExport(Quote.objects.order_by("id"), [Column("text", F("text"))]).chunks(deadline=0)
    assert next(chunks) == b""
    with pytest.raises(ExportTooSlow):
        list(chunks)


def test_a_query_that_cannot_start_fails_before_the_download_begins():
    make_quote()
    chunks = CsvExport(Quote.objects.all(), [Column("broken", RawSQL("1 / 0", []))]).chunks()
    with pytest.raises(DataError):
        next(chunks)


@pytest.mark.django_db
def test_an_export_is_not_cut_by_a_web_requests_statement_timeout():
    """Web requests cancel statements past WEB_STATEMENT_TIMEOUT (newsroom/wsgi.py); an export keeps its own
    limits: its COPY of 50 rows, each taking a millisecond, outlives a 5 ms statement timeout."""
    for n in range(50):
        make_quote(text=f"Quote number {n}")
    slow_text = RawSQL("(SELECT quotes_quote.text FROM pg_sleep(0.001 * sign(quotes_quote.id)))", [])
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 5")
        body = b"".join(CsvExport(Quote.objects.order_by("id"), [Column("text", slow_text)]).chunks())
        cursor.execute("RESET statement_timeout")

    assert len(rows(body)) == 50
