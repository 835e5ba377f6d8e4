"""Drill: readers who stop reading a CSV download cannot hold the export slots.

Two readers start a download and then read nothing more, whatever the server sends. Once the socket buffers are
full, each export waits on its reader; after EXPORT_STALL_SECONDS it is cut, its COPY cancelled and its slot freed,
so a third reader's download starts instead of getting 429 for as long as the stalled readers like.
"""

import socket
import time

import pytest

from publishing.csv_export import MAX_PUBLIC_EXPORTS
from tests.claims.test_csv_streaming import leftovers, many_quotes
from tests.servers import database_url, gunicorn

pytestmark = [pytest.mark.drill, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

STALL_SECONDS = 2


def start_download(site, receive_buffer=4096):
    """A reader that asks for the export, reads its first bytes, then nothing more. A small receive window keeps
    the server from handing most of the file to the kernel."""
    port = int(site.rsplit(":", 1)[1])
    reader = socket.socket()
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    reader.connect(("127.0.0.1", port))
    reader.settimeout(10)
    reader.sendall(b"GET /quotes/export/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    return reader, reader.recv(1024).split(b"\r\n", 1)[0]


def test_two_stalled_downloads_free_their_slots_and_a_third_starts_within_the_cut_off():
    many_quotes()
    with gunicorn({"DATABASE_URL": database_url(), "EXPORT_STALL_SECONDS": str(STALL_SECONDS)}) as site:
        stalled = [start_download(site) for _ in range(MAX_PUBLIC_EXPORTS)]
        assert [status for _, status in stalled] == [b"HTTP/1.1 200 OK"] * MAX_PUBLIC_EXPORTS
        stalled_at = time.monotonic()
        refused = start_download(site)
        assert refused[1] == b"HTTP/1.1 429 Too Many Requests"  # both slots are held while the readers stall
        refused[0].close()

        while True:
            reader, status = start_download(site)
            reader.close()
            waited = time.monotonic() - stalled_at
            if status == b"HTTP/1.1 200 OK" or waited > STALL_SECONDS + 15:
                break
            time.sleep(0.2)

        assert status == b"HTTP/1.1 200 OK"
        assert waited < STALL_SECONDS + 5
        for reader, _ in stalled:
            reader.close()
    deadline = time.monotonic() + 10
    while leftovers() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers() == []
