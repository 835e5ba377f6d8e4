"""A download over a real socket: it streams, and a reader who hangs up leaves nothing behind in PostgreSQL."""

import csv
import io
import socket
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection

from quotes.models import Quote
from tests.factories import make_quote

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROWS = 30_000  # about 10 MB of CSV: far more than the socket buffers hold


def many_quotes():
    first = make_quote(text="Crime is down " * 20)
    Quote.objects.bulk_create(
        Quote(
            story=first.story,
            speaker=first.speaker,
            text=first.text,
            position=n,
            status=first.status,
            first_published_at=first.first_published_at,
            story_public=first.story_public,
        )
        for n in range(first.position + 1, first.position + ROWS)
    )


def leftovers():
    """Sessions of the test database still inside the export: idle in a transaction, running a COPY, or
    holding an export slot."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT state, left(query, 40) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid()
              AND (state LIKE 'idle in transaction%%' OR (state = 'active' AND query LIKE 'COPY%%'))
            UNION ALL
            SELECT 'advisory lock', objid::text FROM pg_locks WHERE locktype = 'advisory' AND granted
            """
        )
        return cursor.fetchall()


def get(live_server, path):
    address = urlsplit(live_server.url)
    reader = socket.create_connection((address.hostname, address.port), timeout=10)
    reader.sendall(f"GET {path} HTTP/1.1\r\nHost: {address.hostname}\r\nConnection: close\r\n\r\n".encode())
    return reader


def test_a_reader_who_hangs_up_after_64_kb_leaves_no_transaction_copy_or_slot_behind(live_server):
    many_quotes()
    reader = get(live_server, "/quotes/export/")
    received = b""
    while len(received) < 64 * 1024:
        received += reader.recv(65536)
    assert b"200 OK" in received.split(b"\r\n", 1)[0]
    assert leftovers()  # mid-download: the export is still running
    reader.close()

    deadline = time.monotonic() + 5
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers() == []


def test_a_whole_download_over_a_socket_has_every_row(live_server):
    many_quotes()
    reader = get(live_server, "/quotes/export/?bom=0")
    received = bytearray()
    while chunk := reader.recv(1 << 20):
        received += chunk
    reader.close()
    headers, _, body = bytes(received).partition(b"\r\n\r\n")
    assert b"Content-Type: text/csv; charset=utf-8" in headers
    assert b"Content-Length" not in headers  # streamed, not buffered
    rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
    assert len(rows) == ROWS
    assert {row["text"] for row in rows} == {"Crime is down " * 20}
    assert leftovers() == []
