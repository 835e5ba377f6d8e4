"""A cell a spreadsheet would run as a formula is neutralised on export and refused on import, whatever invisible
characters or fullwidth forms hide its trigger; ordinary text is left alone (README, "CSV exports")."""

import csv
import io

import pytest
from django.db import connection, transaction
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.db.models.sql import Query
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from claims.exports import export
from publishing.csv_export import looks_like_formula, spreadsheet_safe, spreadsheet_text
from quotes.imports import import_quotes
from quotes.models import Quote
from tests.factories import make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db

# Written out here rather than taken from the code under test: whitespace (what str.strip() removes) and the
# invisible format characters (category Cf: zero-width space and joiners, BOM, bidi marks, word joiner…).
ASCII_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f\x85"
invisible = st.one_of(st.sampled_from(ASCII_SPACES), st.characters(categories=["Zs", "Zl", "Zp", "Cf"]))
# The triggers and their fullwidth, small, superscript and subscript forms.
TRIGGERS = "=+-@＝＋－＠﹦﹢﹣﹫⁺⁼₊₌"
anything = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=20)

formulas = st.builds(
    lambda prefix, trigger, rest: prefix + trigger + rest,
    st.text(invisible, max_size=6),
    st.sampled_from(TRIGGERS),
    anything,
)
# Text whose first visible character is a letter, a digit, a quote mark, or an apostrophe before a letter.
letters = st.characters(categories=["L", "N"])
ordinary = st.builds(
    lambda prefix, start, rest: prefix + start + rest,
    st.text(invisible, max_size=6).filter(lambda prefix: not prefix.startswith(("\t", "\r"))),
    st.one_of(letters, st.sampled_from('"“”‘’«»'), st.builds("'{}".format, letters)),
    anything,
)

# The first example builds the rule's pattern (a scan of every code point): no deadline.
RULE_EXAMPLES = settings(deadline=None)
DB_EXAMPLES = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture], database=None
)


@RULE_EXAMPLES
@given(formulas)
@example('\u00a0=HYPERLINK("http://evil.example","click")')
@example("\u3000\u200b\ufeff＝1+1")
@example("\u2066\u200d﹫SUM(A1)")
def test_a_trigger_after_invisible_characters_is_a_formula_and_one_apostrophe_neutralises_it(cell):
    assert looks_like_formula(cell)
    assert not looks_like_formula("'" + cell)
    assert spreadsheet_text("'" + cell) == cell


@RULE_EXAMPLES
@given(ordinary)
@example("'It's fine'")
@example("Crime is down 2-3 percent")
@example("\u00a0\u200b42 percent")
def test_ordinary_text_is_not_a_formula_and_is_read_back_unchanged(cell):
    assert not looks_like_formula(cell)
    assert spreadsheet_text(cell) == cell


@settings(max_examples=50, deadline=None)
@given(st.lists(st.one_of(formulas, ordinary, anything, st.builds("'{}".format, formulas)), min_size=1, max_size=40))
def test_postgresql_applies_the_same_rule_as_python(cells):
    expected = ["'" + cell if looks_like_formula(cell.lstrip("'")) else cell for cell in cells]
    assert exported(cells) == expected


def exported(cells):
    """spreadsheet_safe() run by PostgreSQL on each cell, in one query."""
    query = Query(None)
    expression = spreadsheet_safe(RawSQL("cell", [], output_field=TextField())).resolve_expression(query)
    sql, params = query.get_compiler(connection=connection).compile(expression)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {sql} FROM unnest(%s::text[]) WITH ORDINALITY AS t(cell, n) ORDER BY n", [*params, cells]
        )
        return [row[0] for row in cursor.fetchall()]


@DB_EXAMPLES
@given(formulas)
def test_an_export_neutralises_the_hidden_formula(client, cell):
    with transaction.atomic():
        make_quote(text=cell, speaker=make_speaker(name="\u200b" + cell))
        response = client.get("/quotes/export/")
        [row] = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"), newline=""))
        transaction.set_rollback(True)
    assert row["text"] == "'" + cell
    assert row["speaker"] == "'\u200b" + cell
    assert spreadsheet_text(row["text"]) == cell


HEADER = ["text", "speaker", "outlet", "story_url"]


def import_file(text):
    data = io.StringIO()
    writer = csv.writer(data, quoting=csv.QUOTE_ALL)
    writer.writerows([HEADER, [text, "James O'Neill", "Gothamist", "https://gothamist.com/a"]])
    return data.getvalue().encode()


@DB_EXAMPLES
@given(formulas)
def test_an_import_refuses_the_hidden_formula_by_line_and_takes_it_as_text_after_an_apostrophe(cell):
    with transaction.atomic():
        result = import_quotes(import_file(cell))
        [(line, message)] = result.errors
        assert line == 2
        assert message.startswith("text: begins with ") and "which spreadsheets run as a formula" in message
        assert not Quote.objects.exists()

        result = import_quotes(import_file("'" + cell))
        assert not result.errors
        assert Quote.objects.get().text == cell.strip()  # the import strips whitespace around every cell
        transaction.set_rollback(True)


@DB_EXAMPLES
@given(formulas)
def test_a_neutralised_cell_survives_an_export_and_an_import(cell):
    with transaction.atomic():
        make_quote(story=make_story(url="https://news.example/formula"), text=cell)
        csv_export, _ = export("quotes", {}, public=False)
        data = b"".join(csv_export.chunks())
        [row] = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        assert row["text"] == "'" + cell
        Quote.objects.all().delete()

        result = import_quotes(data)

        assert not result.errors
        assert Quote.objects.get().text == cell.strip()  # the import strips whitespace around every cell
        transaction.set_rollback(True)
