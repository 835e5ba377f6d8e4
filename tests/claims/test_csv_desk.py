"""Editors export from the admin (drafts too) and the data desk from the command line."""

import csv
import io
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from publishing.models import Status
from tests.factories import make_claim, make_quote, make_speaker

pytestmark = pytest.mark.django_db


def rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_an_editor_exports_the_selected_quotes_drafts_included(editor_client):
    draft, published, _ = make_quote(status=Status.DRAFT), make_quote(), make_quote()
    response = editor_client.post(
        reverse("admin:quotes_quote_changelist"),
        {"action": "export_selected", "_selected_action": [draft.pk, published.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="quotes-selected-all-statuses-')
    exported = rows(b"".join(response.streaming_content))
    assert [(row["id"], row["status"]) for row in exported] == [
        (str(draft.pk), "draft"),
        (str(published.pk), "published"),
    ]


def test_an_editor_exports_everything_matching_the_change_list_filters(editor_client):
    make_quote(status=Status.DRAFT, text="Draft words")
    make_quote(text="Published words")
    changelist = editor_client.get(reverse("admin:quotes_quote_changelist"), {"status__exact": "draft"})
    assert 'href="export/?status__exact=draft"' in changelist.content.decode()

    response = editor_client.get(reverse("admin:quotes_quote_export"), {"status__exact": "draft"})

    assert [row["text"] for row in rows(b"".join(response.streaming_content))] == ["Draft words"]


def test_the_admin_claim_export_includes_drafts_and_all_their_quotes(editor_client):
    draft_quote = make_quote(status=Status.DRAFT)
    make_claim([draft_quote], status=Status.DRAFT)
    response = editor_client.get(reverse("admin:claims_claim_export"))
    [row] = rows(b"".join(response.streaming_content))
    assert row["status"] == "draft"
    assert row["quote_urls"].endswith(f"/quotes/{draft_quote.pk}/")


def test_bad_change_list_filters_get_a_400_not_a_500(editor_client):
    response = editor_client.get(reverse("admin:quotes_quote_export"), {"no_such_field__exact": "1"})
    assert response.status_code == 400


def test_readers_cannot_use_the_admin_export(client):
    make_quote(status=Status.DRAFT)
    response = client.get(reverse("admin:quotes_quote_export"))
    assert response.status_code == 302  # to the login page


def test_the_command_exports_with_the_lists_filters_every_status_by_default(tmp_path):
    mayor = make_speaker(name="Bill de Blasio", slug="bill-de-blasio")
    make_quote(speaker=mayor, text="Draft words", status=Status.DRAFT)
    make_quote(speaker=mayor, text="Published words")
    make_quote(text="Someone else's words")
    output = tmp_path / "quotes.csv"

    call_command("export_csv", "quotes", "--speaker", "bill-de-blasio", "--output", str(output), stderr=io.StringIO())

    assert [row["text"] for row in rows(output.read_bytes())] == ["Draft words", "Published words"]

    call_command("export_csv", "quotes", "--public", "--no-bom", "-o", str(output), stderr=io.StringIO())
    assert output.read_bytes().startswith(b"id,url,")
    assert [row["text"] for row in rows(output.read_bytes())] == ["Published words", "Someone else's words"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_command_writes_to_standard_output():
    """In a subprocess, since the command writes bytes to the real standard output; the test database is
    committed (a transactional test) and named to it through DATABASE_URL."""
    make_claim(text="Crime is down 5 percent")
    db = connection.settings_dict
    host = quote(db["HOST"], safe="")  # the embedded server's is a socket folder
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{host}{':' + str(db['PORT']) if db['PORT'] else ''}/{db['NAME']}"
    result = subprocess.run(
        [sys.executable, "manage.py", "export_csv", "claims", "--no-bom"],
        capture_output=True,
        check=True,
        env={**os.environ, "DATABASE_URL": url},
    )
    assert result.stdout.startswith(b"id,url,text,speaker,verdict,")
    assert [row["text"] for row in rows(result.stdout)] == ["Crime is down 5 percent"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["quotes", "--said-after", "2017-02-30"], "said_after: Enter a valid date."),
        (["claims", "--said-after", "2017-01-01"], "claims cannot be filtered by said_after"),
        (["quotes", "--output", "/no/such/folder/quotes.csv"], "Cannot write /no/such/folder/quotes.csv"),
    ],
)
def test_the_command_explains_bad_options(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_csv", *arguments)
