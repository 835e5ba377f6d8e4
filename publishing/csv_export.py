"""CSV exports written by PostgreSQL: `COPY (SELECT …) TO STDOUT WITH CSV`, streamed as it is produced.

Python formats nothing per row. The SELECT comes from an ORM queryset (so exports reuse the lists' filters
and the one public queryset), every column is an SQL expression, spreadsheet-formula neutralisation included,
and PostgreSQL's own CSV writer does the RFC 4180 quoting. Python only gathers the COPY's rows into 64 KB
chunks.

The COPY runs inside a transaction, for as long as the reader reads. When the generator is closed early (a
reader who disconnects; the WSGI server closes the response), psycopg cancels the COPY and the transaction
rolls back: no connection is left idle in a transaction.

Spreadsheet safety (OWASP CSV injection, CWE-1236): a text cell is prefixed with one ``'`` when its first
non-space character is ``=``, ``+``, ``-`` or ``@``, or its first character is a tab or a carriage return, so
that spreadsheet programs show it as text. A cell that already begins with ``'`` followed by such a cell is
prefixed too, so the rule can be undone exactly: remove one leading ``'`` from a cell that begins with ``'``
and whose rest would be prefixed (``spreadsheet_text()``).
"""

import re
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date

from django.db import connections, transaction
from django.db.models import Case, F, TextField, Value, When
from django.db.models.functions import Cast, Concat
from django.db.models.lookups import Regex
from django.utils.text import slugify

CHUNK_BYTES = 64 * 1024
BOM = "\ufeff".encode()

# The rule, once for PostgreSQL (a POSIX regular expression) and once for Python.
NEEDS_PREFIX_SQL = r"^'*([\t\r]|[[:space:]]*[-=+@])"
NEEDS_PREFIX = re.compile(r"'*([\t\r]|\s*[-=+@])")

# Public exports running at once, at most. Each holds one PostgreSQL advisory lock (EXPORT_LOCK, slot).
MAX_PUBLIC_EXPORTS = 2
EXPORT_LOCK = 4_202_611  # The advisory-lock namespace of public exports.
RETRY_AFTER_SECONDS = 30


def spreadsheet_safe(expression):
    """The text expression (a field name or an expression), with a leading ``'`` where a spreadsheet would
    read it as a formula."""
    text = Cast(F(expression), TextField()) if isinstance(expression, str) else expression
    return Case(
        When(Regex(text, Value(NEEDS_PREFIX_SQL)), then=Concat(Value("'"), text, output_field=TextField())),
        default=text,
        output_field=TextField(),
    )


def spreadsheet_text(cell):
    """A cell of an exported file as it was before spreadsheet_safe() (one leading ``'`` removed)."""
    if cell.startswith("'") and NEEDS_PREFIX.match(cell, 1):
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

    def chunks(self):
        """The file, as bytes: the header, then PostgreSQL's CSV in chunks of about CHUNK_BYTES."""
        sql, params = self.sql()
        yield self.header()
        connection = connections[self.queryset.db]
        with transaction.atomic(using=self.queryset.db), connection.cursor() as cursor:
            # JIT-compiling the SELECT's expressions delays the first row by about a second on a million rows,
            # and saves nothing over the whole export (bench/exports.py).
            cursor.execute("SET LOCAL jit = off")
            # Logged like any query when queries are (DEBUG, or tests counting them); psycopg runs the COPY.
            logged = cursor.debug_sql(sql, params) if hasattr(cursor, "debug_sql") else nullcontext()
            with logged, cursor.cursor.copy(sql, params) as copy:
                buffer = bytearray()
                for row in copy:
                    buffer += row
                    if len(buffer) >= CHUNK_BYTES:
                        yield bytes(buffer)
                        buffer.clear()
                if buffer:
                    yield bytes(buffer)


def capped(chunks, using="default"):
    """chunks, run only while one of MAX_PUBLIC_EXPORTS slots is free.

    The generator first yields whether it got a slot; when it did, the file follows. The slot (a session
    advisory lock) is given back when the generator finishes or is closed.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT slot FROM generate_series(1, %s) AS slot WHERE pg_try_advisory_lock(%s, slot) LIMIT 1",
            [MAX_PUBLIC_EXPORTS, EXPORT_LOCK],
        )
        slot = cursor.fetchone()
    try:
        yield slot is not None
        if slot:
            yield from chunks
    finally:
        if slot:
            with connections[using].cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [EXPORT_LOCK, slot[0]])


def filename(kind, choices, today=None):
    """E.g. ``quotes-speaker-bill-de-blasio-2026-11-23.csv``: what was exported (the filters used) and when."""
    parts = [kind]
    for name, value in choices.items():
        if value not in (None, ""):
            parts.append(slugify(f"{name} {value}")[:60].strip("-"))
    stem = "-".join(part for part in parts if part)[:150].strip("-")
    return f"{stem}-{(today or date.today()).isoformat()}.csv"
