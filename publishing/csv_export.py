"""CSV exports written by PostgreSQL: `COPY (SELECT …) TO STDOUT WITH CSV`, streamed as it is produced.

Python formats nothing per row. The SELECT comes from an ORM queryset (so exports reuse the lists' filters
and the one public queryset), every column is an SQL expression, spreadsheet-formula neutralisation included,
and PostgreSQL's own CSV writer does the RFC 4180 quoting. Python only gathers the COPY's rows into 64 KB
chunks.

The COPY runs inside a transaction, for as long as the reader reads. When the generator is closed early (a
reader who disconnects; the WSGI server closes the response), psycopg cancels the COPY and the transaction
rolls back: no connection is left idle in a transaction.

Spreadsheet safety (OWASP CSV injection, CWE-1236): a text cell is prefixed with one ``'`` when a spreadsheet
would run it as a formula (formula_pattern(): its first character is a tab or a carriage return, or its first
visible character is ``=``, ``+``, ``-`` or ``@`` in any form), so that spreadsheet programs show it as text. A
cell that already begins with ``'`` followed by such a cell is prefixed too, so the rule can be undone exactly:
remove one leading ``'`` from a cell that begins with ``'`` and whose rest would be prefixed
(``spreadsheet_text()``). The import refuses cells the rule describes, unless they begin with ``'``.
"""

import re
import sys
import time
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.conf import settings
from django.db import connections, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Regex
from django.http import StreamingHttpResponse
from django.utils.text import slugify

CHUNK_BYTES = 64 * 1024
BOM = "\ufeff".encode()

# The characters that start a formula, in their ASCII forms; their fullwidth, small, superscript… forms start
# one too (what NFKC folds to them), and so does a tab or a carriage return as the cell's first character.
TRIGGERS = ("=", "+", "-", "@")


@cache
def formula_pattern():
    """What a spreadsheet runs as a formula, as a regular expression matched at the cell's start: a tab or a
    carriage return, or a trigger after any Unicode whitespace and invisible format characters (category Cf: the
    zero-width space and joiners, the byte-order mark, bidi marks, the word joiner…).

    One pattern for PostgreSQL (the exports) and for Python (the import): its characters are written as \\u and
    \\U escapes, which both read, listed from this Python's unicodedata on first use (a scan of every code point
    takes a few tenths of a second: not at start-up). About 45 characters and ranges: PostgreSQL compiles it at
    once (a bracket expression of 20,000 separate characters would take half a second) and caches it per
    connection, and the export's CASE costs what the ASCII-only rule did.
    """
    ignored = [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() or unicodedata.category(c) == "Cf"]
    triggers = [c for c in map(chr, range(sys.maxunicode + 1)) if unicodedata.normalize("NFKC", c).startswith(TRIGGERS)]
    return rf"[\t\r]|{_bracket(ignored)}*{_bracket(triggers)}"


def _bracket(characters):
    """A bracket expression of characters (in code point order): escapes, consecutive ones as ranges."""
    runs = []
    for code in map(ord, characters):
        if runs and runs[-1][1] == code - 1:
            runs[-1][1] = code
        else:
            runs.append([code, code])
    return "[" + "".join(_escape(first) + (f"-{_escape(last)}" if last > first else "") for first, last in runs) + "]"


def _escape(code):
    return f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"


@cache
def needs_prefix_pattern():
    """What spreadsheet_safe() prefixes, at a cell's start: a formula, after any ``'`` already there."""
    return rf"'*({formula_pattern()})"


@cache
def _compiled(pattern):
    return re.compile(pattern)


def looks_like_formula(cell):
    """The match (the characters up to the trigger) when a spreadsheet would run cell as a formula, else None."""
    return _compiled(formula_pattern()).match(cell)


# Public exports running at once, at most. Each holds one PostgreSQL advisory lock (EXPORT_LOCK, slot).
MAX_PUBLIC_EXPORTS = 2
EXPORT_LOCK = 4_202_611  # The advisory-lock namespace of public exports.
RETRY_AFTER_SECONDS = 30
# A public download still running after this long is cut off (the reader sees a broken transfer, not a short
# file), so that slow or stalled readers cannot hold the slots: 600 MB, a million quotes, at 1 MB/s.
PUBLIC_EXPORT_SECONDS = 600


def spreadsheet_safe(expression):
    """The text expression (a field name or an expression), with a leading ``'`` where a spreadsheet would
    read it as a formula."""
    text = Cast(F(expression), TextField()) if isinstance(expression, str) else expression
    return Case(
        When(Regex(text, Value("^" + needs_prefix_pattern())), then=Concat(Value("'"), text, output_field=TextField())),
        default=text,
        output_field=TextField(),
    )


def spreadsheet_text(cell):
    """A cell of an exported file as it was before spreadsheet_safe() (one leading ``'`` removed)."""
    if cell.startswith("'") and _compiled(needs_prefix_pattern()).match(cell, 1):
        return cell[1:]
    return cell


@dataclass(frozen=True)
class Column:
    header: str
    expression: object


class CsvExport:
    """The rows of queryset as CSV, one column per Column, streamed in chunks of about 64 KB."""

    def __init__(self, queryset, columns, bom=True):
        self.queryset = queryset
        self.columns = columns
        self.bom = bom

    def sql(self):
        names = {f"csv_{index}": column.expression for index, column in enumerate(self.columns)}
        queryset = self.queryset.annotate(**names).values_list(*names)
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
        return f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)", params

    def header(self):
        line = ",".join(column.header for column in self.columns) + "\n"  # PostgreSQL ends rows with LF too
        return (BOM if self.bom else b"") + line.encode()

    def chunks(self, deadline=None):
        """The file, as bytes, after one empty chunk that says PostgreSQL has started the COPY.

        A caller that takes that first chunk before answering (the views do) reports a query that fails to
        start as an error, not as a 200 with a truncated file. The header and the first row follow at once,
        then chunks of about CHUNK_BYTES. After ``deadline`` seconds the generator raises ExportTooSlow, so
        the reader sees a broken transfer, never a file that merely looks complete.
        """
        sql, params = self.sql()
        connection = connections[self.queryset.db]
        started = time.monotonic()
        with transaction.atomic(using=self.queryset.db), connection.cursor() as cursor:
            # JIT-compiling the SELECT's expressions delays the first row by about a second on a million rows,
            # and saves nothing over the whole export (bench/exports.py). A web request's statement timeout
            # (newsroom/wsgi.py) does not apply: an export has its own limits (deadline, stalled readers).
            cursor.execute("SELECT set_config('jit', 'off', true), set_config('statement_timeout', '0', true)")
            # Logged like any query when queries are (DEBUG, or tests counting them); psycopg runs the COPY.
            logged = cursor.debug_sql(sql, params) if hasattr(cursor, "debug_sql") else nullcontext()
            with logged, connection.wrap_database_errors, cursor.cursor.copy(sql, params) as copy:
                yield b""
                rows = iter(copy)
                yield self.header() + next(rows, b"")  # the first row leaves with the header, at once
                buffer = bytearray()
                for row in rows:
                    buffer += row
                    if len(buffer) >= CHUNK_BYTES:
                        yield bytes(buffer)
                        buffer.clear()
                        if deadline is not None and time.monotonic() - started > deadline:
                            raise ExportTooSlow(f"stopped after {deadline} s")
                if buffer:
                    yield bytes(buffer)


class ExportTooSlow(Exception):
    """A public download that outlived PUBLIC_EXPORT_SECONDS."""


def capped(chunks, using="default"):
    """chunks, while holding one of MAX_PUBLIC_EXPORTS slots; only None when every slot is taken.

    A slot is a session advisory lock, taken one slot at a time (a lock function in a WHERE clause with a LIMIT
    may take locks for rows the query never returns) and given back when the generator finishes or is closed.
    """
    slot = None
    with connections[using].cursor() as cursor:
        for candidate in range(1, MAX_PUBLIC_EXPORTS + 1):
            cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [EXPORT_LOCK, candidate])
            if cursor.fetchone()[0]:
                slot = candidate
                break
    if slot is None:
        yield None
        return
    try:
        yield from chunks
    finally:
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [EXPORT_LOCK, slot])


def csv_response(request, chunks, name):
    """A streaming download of chunks, saved as ``name``.

    A reader who stops reading must not hold the export (its thread, its COPY, its slot) for ever: once the socket
    buffers are full, a write waits for the reader, so each write to the socket may take EXPORT_STALL_SECONDS at
    most. Then it fails, the server closes the response, and closing the chunks cancels the COPY and frees the slot.
    gunicorn hands the application its socket; other servers keep only the export's own deadline.
    """
    if (reader := request.META.get("gunicorn.socket")) is not None:
        reader.settimeout(settings.EXPORT_STALL_SECONDS)  # gunicorn makes it blocking again for the next request
    response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def filename(kind, choices, today=None):
    """E.g. ``quotes-speaker-bill-de-blasio-2026-11-23.csv``: what was exported (the filters used) and when."""
    parts = [kind]
    for name, value in choices.items():
        if value not in (None, ""):
            parts.append(slugify(f"{name} {value}")[:60].strip("-"))
    stem = "-".join(part for part in parts if part)[:150].strip("-")
    return f"{stem}-{(today or date.today()).isoformat()}.csv"
