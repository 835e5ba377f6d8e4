"""Story texts imported before the quotes, so a quote file names each story by its URL and never repeats its text;
every change of a story's text locates its quotes again."""

import datetime
import pathlib
import re
from io import StringIO

import pytest
from django.contrib.messages import WARNING, get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from publishing.models import Status
from quotes.imports import MAX_IMPORT_BYTES, ImportFileError, import_quotes, import_stories
from quotes.models import Match, Quote
from stories.models import Outlet, Story
from tests.factories import make_outlet, make_quote, make_story
from tests.quotes.test_admin import story_change_form

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Police Commissioner James O'Neill spoke on Friday. “Crime is down across every borough,” he said, "
    "adding that “shootings are at a record low.”"
)
HEADER = "url,text,published_on,outlet,headline,byline\n"
ROW = f'https://gothamist.com/crime?utm_source=x,"{ARTICLE}",2017-04-21,Gothamist,Crime falls,Jen Chung\n'
QUOTES = (
    "text,speaker,outlet,story_url\n"
    "Crime is down across every borough,James O'Neill,Gothamist,https://Gothamist.com/crime\n"
    "shootings are at a record low.,James O'Neill,Gothamist,https://gothamist.com/crime\n"
)
TODAY = datetime.date(2026, 12, 3)


def csv_file(*rows, header=HEADER):
    return (header + "".join(rows)).encode()


def test_a_stories_file_then_a_quotes_file_without_texts_locates_the_quotes_verbatim():
    stories = import_stories(csv_file(ROW), today=TODAY)
    quotes = import_quotes(QUOTES.encode())

    assert not stories.errors and not quotes.errors
    story = Story.objects.get()
    assert (story.url, story.outlet.name, story.headline, story.byline, story.status) == (
        "https://gothamist.com/crime",
        "Gothamist",
        "Crime falls",
        "Jen Chung",
        Status.DRAFT,
    )
    assert (story.text, story.published_on, story.text_retrieved_on) == (ARTICLE, datetime.date(2017, 4, 21), TODAY)
    located = [(q.source_match, story.text[q.source_start : q.source_end]) for q in Quote.objects.order_by("position")]
    assert located == [
        (Match.VERBATIM, "Crime is down across every borough"),
        (Match.VERBATIM, "shootings are at a record low."),
    ]


def test_a_new_story_without_its_outlet_is_refused_by_line():
    result = import_stories(csv_file(ROW.replace(",Gothamist,", ",,")))

    assert result.errors == [(2, "outlet: empty; a new story needs its outlet.")]
    assert not Story.objects.exists()


def test_a_changed_text_replaces_the_story_text_and_relocates_its_quotes():
    story = make_story(url="https://gothamist.com/crime", text=ARTICLE, status=Status.DRAFT)
    quote = make_quote(story=story, text="shootings are at a record low.", status=Status.DRAFT)
    before = quote.source_start
    corrected = "Corrected on Saturday. " + ARTICLE

    result = import_stories(csv_file(ROW.replace(ARTICLE, corrected).replace(",Gothamist,", ",,")), today=TODAY)

    assert not result.errors and [s.pk for s in result.changed] == [story.pk]
    story.refresh_from_db()
    quote.refresh_from_db()
    assert (story.text, story.text_retrieved_on, story.headline) == (corrected, TODAY, story.headline)
    assert quote.source_start == before + len("Corrected on Saturday. ")
    assert corrected[quote.source_start : quote.source_end] == "shootings are at a record low."


def test_the_same_text_changes_nothing():
    story = make_story(url="https://gothamist.com/crime", text=ARTICLE, outlet=make_outlet(name="Gothamist"))
    retrieved, updated = story.text_retrieved_on, story.updated_at

    result = import_stories(csv_file(ROW), today=TODAY)

    story.refresh_from_db()
    assert (len(result.unchanged), result.changed, result.stories) == (1, [], [])
    assert (story.text_retrieved_on, story.updated_at) == (retrieved, updated)


def test_a_published_quote_the_new_text_no_longer_prints_stays_published_and_is_listed(tmp_path):
    story = make_story(url="https://gothamist.com/crime", text=ARTICLE, outlet=make_outlet(name="Gothamist"))
    quote = make_quote(story=story, text="Crime is down across every borough", status=Status.PUBLISHED)
    path = tmp_path / "stories.csv"
    path.write_bytes(csv_file(ROW.replace("Crime is down across every borough", "Robberies rose in Queens")))

    out = call_command_output("import_stories", str(path))

    quote.refresh_from_db()
    assert (quote.status, quote.source_match, quote.not_found_acknowledged) == (
        Status.PUBLISHED,
        Match.NOT_FOUND,
        False,
    )
    assert f"Quote {quote.pk} in story {story.pk} is published but no longer found" in out
    assert "1 stories' texts replaced (1 quotes located again, 1 published ones no longer found)" in out


def test_another_outlet_for_a_known_story_is_refused():
    make_story(url="https://gothamist.com/crime", text=ARTICLE, outlet=make_outlet(name="Politico"))

    result = import_stories(csv_file(ROW.replace(ARTICLE, "New text.")))

    assert result.errors == [(2, "outlet: this story is Politico's, not Gothamist's.")]
    assert Story.objects.get().text == ARTICLE
    assert not Outlet.objects.filter(name="Gothamist").exists()  # the outlet the import made is rolled back


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (
            "ftp://gothamist.com/a,Text,2017-04-21,Gothamist,,\n",
            "url: 'ftp://gothamist.com/a' is not an http(s) address.",
        ),
        ("https://gothamist.com/a,,2017-04-21,Gothamist,,\n", "text: empty."),
        (
            "https://gothamist.com/a,Text,21/04/2017,Gothamist,,\n",
            "published_on: '21/04/2017' is not a date (YYYY-MM-DD).",
        ),
        ("https://gothamist.com/a,=HYPERLINK(1),2017-04-21,Gothamist,,\n", "text: begins with '=', which spreadsheets"),
        (f"https://gothamist.com/a,Text,2017-04-21,Gothamist,{'H' * 501},\n", "headline: longer than 500 characters."),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(row, message):
    result = import_stories(csv_file(ROW, row))

    assert [line for line, _ in result.errors] == [3]
    assert result.errors[0][1].startswith(message)
    assert not Story.objects.exists() and not Outlet.objects.exists()


def test_a_broken_quoted_cell_is_reported_not_crashed_on():
    result = import_stories(csv_file(ROW, 'https://gothamist.com/b,"unterminated,2017-04-21,Gothamist,,\n'))

    assert result.errors and not Story.objects.exists()


def test_a_story_twice_in_one_file_is_refused_on_its_second_line():
    result = import_stories(csv_file(ROW, ROW.replace("?utm_source=x", "#top")))

    assert result.errors == [(3, "url: the story on line 2 has this address too.")]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"url,text\nhttps://a.example/,x\n", "lacks the column(s) published_on"),
        ("naïve".encode("latin-1"), "is not UTF-8 text"),
        (HEADER.encode() + b"\x00", "NUL bytes"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "larger than 10 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(data, message):
    with pytest.raises(ImportFileError, match=re.escape(message)):
        import_stories(data)


def test_a_dry_run_changes_nothing():
    result = import_stories(csv_file(ROW), dry_run=True)

    assert len(result.stories) == 1 and not result.errors
    assert not Story.objects.exists() and not Outlet.objects.exists()


def rows(count):
    return [f'https://gothamist.com/{n},"{ARTICLE} ({n})",2017-04-21,Gothamist,Story {n},\n' for n in range(count)]


def test_an_import_runs_as_many_queries_for_100_stories_as_for_10():
    outlet = make_outlet(name="Gothamist")
    counts = {}
    for size in (10, 100):
        with transaction.atomic():  # each import starts from the same database
            for n in range(1, size, 2):  # half the stories exist, with a quote each: their texts change
                story = make_story(url=f"https://gothamist.com/{n}", text="Old text.", outlet=outlet)
                make_quote(story=story, text="shootings are at a record low.", status=Status.DRAFT)
            with CaptureQueriesContext(connection) as queries:
                result = import_stories(csv_file(*rows(size)))
            assert not result.errors
            assert (len(result.stories), len(result.changed), len(result.relocated)) == (size // 2,) * 3
            assert {q.source_match for q in result.relocated} == {Match.VERBATIM}
            transaction.set_rollback(True)
        counts[size] = len(queries)

    assert counts[10] == counts[100]


def call_command_output(*args):
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_the_command_reports_errors_by_line(tmp_path):
    path = tmp_path / "stories.csv"
    path.write_bytes(csv_file(ROW, ROW.replace("2017-04-21", "yesterday")))

    with pytest.raises(CommandError, match="1 error"):
        call_command("import_stories", str(path))
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("import_stories", str(tmp_path / "missing.csv"))


# The admin.


def test_an_editor_dry_runs_then_imports_stories_in_the_admin(editor_client):
    changelist = editor_client.get(reverse("admin:stories_story_changelist")).content.decode()
    assert 'href="import/"' in changelist
    url = reverse("admin:stories_story_import")

    dry = editor_client.post(url, {"file": SimpleUploadedFile("s.csv", csv_file(ROW)), "dry_run": "on"})
    assert "Dry run: this import would create</strong>\n    1 draft story" in dry.content.decode()
    assert not Story.objects.exists()

    done = editor_client.post(url, {"file": SimpleUploadedFile("s.csv", csv_file(ROW))})
    assert "Created</strong>\n    1 draft story" in done.content.decode()
    assert Story.objects.get().text == ARTICLE


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("naïve".encode("latin-1"), "is not UTF-8 text"),
        (b"\x00\x01", "NUL bytes"),
        (csv_file(ROW.replace("2017-04-21", "soon")), "<td>2</td><td>published_on: &#x27;soon&#x27; is not a date"),
    ],
)
def test_the_admin_shows_hostile_files_as_errors_not_500s(editor_client, data, message):
    response = editor_client.post(reverse("admin:stories_story_import"), {"file": SimpleUploadedFile("s.csv", data)})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Story.objects.exists()


def test_fact_checkers_cannot_import_stories(fact_checker_client):
    response = fact_checker_client.post(
        reverse("admin:stories_story_import"), {"file": SimpleUploadedFile("s.csv", csv_file(ROW))}
    )

    assert response.status_code == 403
    assert not Story.objects.exists()


def test_changing_a_story_text_in_the_admin_relocates_its_quotes_and_warns_of_lost_published_ones(editor_client):
    story = make_story(url="https://gothamist.com/crime", text=ARTICLE)
    moved = make_quote(story=story, text="shootings are at a record low.", status=Status.DRAFT)
    lost = make_quote(story=story, text="Crime is down across every borough", status=Status.PUBLISHED)
    assert moved.source_start == ARTICLE.index("shootings")
    story.text = "Updated. " + ARTICLE.replace("Crime is down across every borough", "Robberies rose")

    response = editor_client.post(reverse("admin:stories_story_change", args=[story.pk]), story_change_form(story))

    assert response.status_code == 302
    moved.refresh_from_db()
    lost.refresh_from_db()
    assert moved.source_start == story.text.index("shootings") != ARTICLE.index("shootings")
    assert (lost.status, lost.source_match) == (Status.PUBLISHED, Match.NOT_FOUND)
    (warning,) = [str(m) for m in get_messages(response.wsgi_request) if m.level == WARNING]
    assert warning.startswith("1 published quote is no longer found in the story's text, still published")
    assert reverse("admin:quotes_quote_change", args=[lost.pk]) in warning


def test_the_stories_app_imports_nothing_from_quotes():
    stories = pathlib.Path(__file__).resolve().parents[2] / "stories"
    importing = re.compile(r"^\s*(from|import)\s+(quotes|\.\.quotes)\b", re.MULTILINE)

    offenders = [path.name for path in stories.rglob("*.py") if importing.search(path.read_text())]

    assert list(stories.rglob("*.py")) and offenders == []
