"""In a real browser: a reporter downloads a filtered list as CSV; an editor imports a CSV, dry run first."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from publishing.models import Status
from quotes.models import Quote
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_reporter_downloads_the_filtered_quotes_as_a_spreadsheet(live_server, page, demo):
    page.goto(f"{live_server.url}{reverse('quotes:list')}")
    page.get_by_label("Speaker").fill("James O'Neill")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**speaker=James*")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    file = download.value

    assert file.suggested_filename.startswith("quotes-speaker-james-oneill-")
    data = Path(file.path()).read_bytes()
    assert data.startswith("\ufeff".encode())  # Excel reads the accents and curly quotes as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    expected = Quote.objects.public().filter(speaker__name="James O'Neill")
    assert sorted(int(row["id"]) for row in rows) == sorted(expected.values_list("id", flat=True))
    assert {row["speaker"] for row in rows} == {"James O'Neill"}


def test_an_editor_imports_quotes_from_a_csv_after_a_dry_run(live_server, page, editor, tmp_path):
    upload = tmp_path / "from-the-reporter.csv"
    upload.write_text(
        "text,speaker,outlet,story_url,said_on\n"
        '"We will not back down, not today.",Jane Roe,Daily Planet,https://planet.example/news/1,2017-04-21\n',
        encoding="utf-8",
    )
    page.goto(f"{live_server.url}{reverse('admin:quotes_quote_changelist')}")
    page.get_by_label("Username").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("link", name="Import from CSV").click()

    page.get_by_label("CSV file").set_input_files(upload)
    page.get_by_role("button", name="Import").click()  # the dry run is ticked by default
    assert "Dry run: this import would create" in page.locator("#content").inner_text()
    assert not Quote.objects.exists()

    page.get_by_label("CSV file").set_input_files(upload)
    page.get_by_label("Dry run: show what would be created, change nothing").uncheck()
    page.get_by_role("button", name="Import").click()

    assert (
        "Imported 1 quote; statement grouping then proposed 0 statements" in page.locator(".messagelist").inner_text()
    )
    quote = Quote.objects.get()
    assert (quote.text, quote.speaker.name, quote.status) == (
        "We will not back down, not today.",
        "Jane Roe",
        Status.DRAFT,
    )
