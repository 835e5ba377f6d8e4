"""Editors import quotes in bulk from a CSV in the export's layout: all or nothing, errors by line."""

import csv
import datetime
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim
from publishing.models import Status
from quotes.imports import MAX_ADMIN_IMPORT_ROWS, MAX_IMPORT_BYTES, ImportFileError, import_quotes, propose_statements
from quotes.models import Match, Quote, Utterance, UtteranceProposal
from speakers.models import Alias, Speaker
from stories.models import Outlet, Story
from tests.factories import make_outlet, make_quote, make_speaker, make_story

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)

HEADER = "text,speaker,speaker_title,organisation,outlet,story_headline,story_url,story_published_on,said_on\n"
ROW = '"Crime is down, he said",James O\'Neill,Commissioner,NYPD,Gothamist,Crime falls,https://gothamist.com/a,2017-04-21,2017-04-21\n'


def csv_file(*rows, header=HEADER):
    return (header + "".join(rows)).encode()


def test_an_import_creates_quotes_as_drafts_with_new_speakers_outlets_and_draft_stories():
    result = import_quotes(csv_file(ROW, ROW.replace("Crime is down", "Shootings are down")))

    assert not result.errors
    assert [quote.text for quote in Quote.objects.order_by("position")] == [
        "Crime is down, he said",
        "Shootings are down, he said",
    ]
    assert set(Quote.objects.values_list("status", flat=True)) == {Status.DRAFT}
    story = Story.objects.get()
    assert (story.url, story.headline, story.status, story.outlet.name) == (
        "https://gothamist.com/a",
        "Crime falls",
        Status.DRAFT,
        "Gothamist",
    )
    speaker = Speaker.objects.get()
    assert (speaker.name, speaker.title, speaker.organisation) == ("James O'Neill", "Commissioner", "NYPD")
    assert [len(result.speakers), len(result.outlets), len(result.stories)] == [1, 1, 1]


def test_existing_speakers_stories_and_outlets_are_matched_by_name_alias_and_normalised_url():
    outlet = make_outlet(name="Gothamist")
    story = make_story(outlet=outlet, url="https://gothamist.com/a")
    make_quote(story=story, position=1)
    speaker = make_speaker(name="James P. O'Neill")
    Alias.objects.create(speaker=speaker, name="James O'Neill")
    row = ROW.replace("https://gothamist.com/a", "https://GOTHAMIST.com/a?utm_source=twitter").replace(
        "Gothamist", "gothamist"
    )

    result = import_quotes(csv_file(row), status=Status.IN_REVIEW)

    quote = Quote.objects.get(text="Crime is down, he said")
    assert (quote.story, quote.speaker, quote.status, quote.position) == (story, speaker, Status.IN_REVIEW, 2)
    assert (result.speakers, result.outlets, result.stories) == ([], [], [])


def test_an_outlet_matched_by_its_slug_takes_the_story_the_row_creates():
    make_outlet(name="New York Times", slug="new-york-times")
    row = ROW.replace("Gothamist", "New-York Times").replace("gothamist.com/a", "nytimes.com/a")

    result = import_quotes(csv_file(row, row.replace("Crime is down", "Shootings are down")))

    assert not result.errors
    assert Story.objects.get().outlet.name == "New York Times"
    assert Quote.objects.count() == 2


def test_a_row_naming_another_outlet_for_a_known_story_is_refused():
    make_story(outlet=make_outlet(name="Gothamist"), url="https://gothamist.com/a")

    result = import_quotes(csv_file(ROW.replace(",Gothamist,", ",Newsmax,")))

    assert [message for _, message in result.errors] == ["outlet: this story is Gothamist's, not Newsmax's."]
    assert not Quote.objects.exists() and not Outlet.objects.filter(name="Newsmax").exists()


def test_a_dry_run_shows_what_would_be_created_and_changes_nothing():
    result = import_quotes(csv_file(ROW), dry_run=True)
    assert [quote.text for quote in result.quotes] == ["Crime is down, he said"]
    assert [speaker.name for speaker in result.speakers] == ["James O'Neill"]
    assert not Quote.objects.exists() and not Speaker.objects.exists() and not Outlet.objects.exists()


def test_importing_the_same_file_twice_skips_the_quotes_already_there():
    import_quotes(csv_file(ROW))
    result = import_quotes(csv_file(ROW))
    assert result.skipped == [(2, "Crime is down, he said")]
    assert Quote.objects.count() == 1


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (ROW.replace("2017-04-21,2017-04-21", "2017-04-21,2017-02-30"), "said_on: '2017-02-30' is not a date"),
        (ROW.replace("https://gothamist.com/a", "javascript:alert(1)"), "story_url: 'javascript:alert(1)' is not an"),
        (ROW.replace('"Crime is down, he said"', '"' + "x" * 10_001 + '"'), "text: longer than 10,000 characters"),
        (ROW.replace('"Crime is down, he said"', "=HYPERLINK(1)"), "text: begins with '='"),
        (ROW.replace("James O'Neill", "J" * 201), "speaker: longer than 200 characters"),
        (ROW.replace("James O'Neill", "@SUM(1+1)"), "speaker: begins with '@'"),
        (ROW.replace('"Crime is down, he said"', '"\u00a0=HYPERLINK(1)"'), "text: begins with '\\xa0='"),
        (ROW.replace('"Crime is down, he said"', "\u200b＋1"), "text: begins with '\\u200b＋'"),
        (ROW.replace('"Crime is down, he said"', '""'), "text: empty."),
    ],
)
def test_a_bad_row_is_reported_by_line_and_nothing_is_imported(row, message):
    result = import_quotes(csv_file(ROW, row, ROW.replace("Crime", "Murder")))
    assert [line for line, _ in result.errors] == [3]
    assert message in result.errors[0][1]
    assert not Quote.objects.exists() and not Speaker.objects.exists() and not Story.objects.exists()


def test_cells_an_export_neutralised_are_imported_as_the_original_text():
    result = import_quotes(csv_file(ROW.replace('"Crime is down, he said"', '"\'-2 percent, he said"')))
    assert not result.errors
    assert Quote.objects.get().text == "-2 percent, he said"


def test_html_and_sql_in_cells_are_kept_as_text():
    text = "<script>alert(1)</script>'; DROP TABLE quotes_quote; --"
    import_quotes(csv_file(ROW.replace('"Crime is down, he said"', f'"{text}"')))
    assert Quote.objects.get().text == text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (csv_file(ROW).replace(b"O'Neill", "O’Neill".encode("cp1252")), "Line 2 is not UTF-8 text"),
        (b"text,speaker\n" + ROW.encode(), "lacks the column(s) outlet, story_url"),
        (b"", "lacks the column(s) text, speaker, outlet, story_url"),
        (csv_file(ROW).replace(b"Crime", b"Cri\x00me"), "NUL bytes"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "larger than 10 MB"),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_as_a_whole(data, message):
    with pytest.raises(ImportFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        import_quotes(data)
    assert not Quote.objects.exists()


def test_a_broken_quoted_cell_is_reported_not_crashed_on():
    result = import_quotes(csv_file(ROW, '"unterminated,James,,,Gothamist,,https://gothamist.com/b,,\n'))
    assert not Quote.objects.exists()
    assert result.errors  # line 3: the reader reaches the end of the file inside the quoted cell


def test_publishing_on_import_goes_through_the_publication_rules():
    import_quotes(csv_file(ROW), status=Status.PUBLISHED)
    quote = Quote.objects.get()
    assert quote.status == Status.PUBLISHED and quote.first_published_at is not None


def test_an_export_imported_into_an_empty_database_exports_the_same_file(demo, tmp_path):
    """The round trip: the second export is the first one, apart from ids and addresses, the claims (a quote
    import does not carry them), and where each quote stands in its story's text (nor does a CSV carry that)."""
    first = tmp_path / "first.csv"
    call_command("export_csv", "quotes", "--output", str(first), stderr=io.StringIO())
    Claim.objects.all().delete()
    Utterance.objects.all().delete()
    Quote.objects.all().delete()
    Story.objects.all().delete()
    Speaker.objects.all().delete()
    Outlet.objects.all().delete()

    call_command("import_quotes", str(first), "--status", "published", stdout=io.StringIO())
    second = tmp_path / "second.csv"
    call_command("export_csv", "quotes", "--output", str(second), stderr=io.StringIO())

    def comparable(path):
        ignored = {"id", "url", "source_link", "claim_ids", "claim_urls", "verdicts", "utterance_id"}
        ignored |= {"found_in_source", "source_start", "source_end"}
        rows = csv.DictReader(io.StringIO(path.read_text("utf-8-sig"), newline=""))
        return [{name: cell for name, cell in row.items() if name not in ignored} for row in rows]

    assert len(comparable(first)) == 26
    assert comparable(second) == comparable(first)


def test_the_command_reports_errors_by_line(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_bytes(csv_file(ROW, ROW.replace("2017-04-21,2017-04-21", "2017-04-21,yesterday")))
    errors = io.StringIO()
    with pytest.raises(CommandError, match="1 error"):
        call_command("import_quotes", str(path), stderr=errors)
    assert "line 3: said_on: 'yesterday' is not a date" in errors.getvalue()


def test_the_command_refuses_a_100_mb_file_without_reading_it_all(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as huge:
        huge.write(HEADER.encode())
        huge.truncate(100 * 1024 * 1024)
    with pytest.raises(CommandError, match="larger than 10 MB"):
        call_command("import_quotes", str(path))


def test_an_editor_dry_runs_then_imports_a_file_in_the_admin(editor_client):
    url = reverse("admin:quotes_quote_import")
    assert 'href="import/"' in editor_client.get(reverse("admin:quotes_quote_changelist")).content.decode()

    dry = editor_client.post(
        url, {"file": SimpleUploadedFile("q.csv", csv_file(ROW)), "status": "draft", "dry_run": "on"}
    )
    assert "Dry run: this import would create" in dry.content.decode()
    assert not Quote.objects.exists()

    done = editor_client.post(url, {"file": SimpleUploadedFile("q.csv", csv_file(ROW)), "status": "draft"})
    assert "Created" in done.content.decode()
    assert Quote.objects.get().status == Status.DRAFT


def test_the_admin_lists_row_errors_with_their_lines(editor_client):
    bad = ROW.replace("2017-04-21,2017-04-21", "2017-04-21,31/12/2017")
    response = editor_client.post(
        reverse("admin:quotes_quote_import"),
        {"file": SimpleUploadedFile("q.csv", csv_file(ROW, bad)), "status": "draft"},
    )
    page = response.content.decode()
    assert "1 error: nothing was imported" in page
    assert "<td>3</td><td>said_on: &#x27;31/12/2017&#x27; is not a date (YYYY-MM-DD).</td>" in page
    assert not Quote.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("naïve".encode("latin-1"), "is not UTF-8 text"),
        (b"x" * (MAX_IMPORT_BYTES + 1), "larger than 10 MB"),
    ],
)
def test_the_admin_shows_a_hostile_file_as_a_form_error(editor_client, data, message):
    response = editor_client.post(
        reverse("admin:quotes_quote_import"), {"file": SimpleUploadedFile("q.csv", data), "status": "draft"}
    )
    assert response.status_code == 200
    assert message in response.content.decode()


def test_readers_cannot_import(client):
    response = client.post(reverse("admin:quotes_quote_import"), {"file": SimpleUploadedFile("q.csv", csv_file(ROW))})
    assert response.status_code == 302
    assert not Quote.objects.exists()


def test_fact_checkers_cannot_import_since_an_import_creates_stories_and_outlets(fact_checker_client):
    changelist = fact_checker_client.get(reverse("admin:quotes_quote_changelist")).content.decode()
    assert 'href="import/"' not in changelist
    response = fact_checker_client.post(
        reverse("admin:quotes_quote_import"), {"file": SimpleUploadedFile("q.csv", csv_file(ROW)), "status": "draft"}
    )
    assert response.status_code == 403
    assert not Quote.objects.exists()


def test_multi_line_quotes_and_formula_like_words_survive_an_export_and_an_import(tmp_path):
    texts = [
        "First paragraph, with “marks”.\nSecond paragraph; still the quote.",
        "-2 percent, he said",
        "=not a formula",
    ]
    story = make_story(url="https://news.example/multi")
    for position, text in enumerate(texts, start=1):
        make_quote(story=story, text=text, position=position)
    exported = tmp_path / "quotes.csv"
    call_command("export_csv", "quotes", "--output", str(exported), stderr=io.StringIO())
    Quote.objects.all().delete()

    call_command("import_quotes", str(exported), stdout=io.StringIO())

    assert list(Quote.objects.order_by("position").values_list("text", flat=True)) == texts


# Desk speed: queries per kind of name, not per row; statements proposed once, after the import.

ARTICLE = " ".join(f"“Sentence number {n} is what the commissioner said.” He went on." for n in range(100))


def rows_in_a_story_with_text(count):
    """count rows: quotes of an existing story with text (located on import), and of a new story."""
    outlet = Outlet.objects.get_or_create(name="Gothamist", slug="gothamist")[0]
    Story.objects.get_or_create(
        url="https://gothamist.com/text",
        defaults={"outlet": outlet, "text": ARTICLE, "text_retrieved_on": "2017-04-22", "headline": "Crime"},
    )
    return [
        f"Sentence number {n} is what the commissioner said.,James O'Neill,Commissioner,NYPD,Gothamist,Crime,"
        f"https://gothamist.com/{'text' if n % 2 else 'new'},2017-04-21,2017-04-21\n"
        for n in range(count)
    ]


def test_an_import_runs_as_many_queries_for_100_rows_as_for_10():
    counts, grades = {}, {}
    for size in (10, 100):
        data = csv_file(*rows_in_a_story_with_text(size))
        with transaction.atomic():  # each import starts from the same database
            with CaptureQueriesContext(connection) as queries:
                result = import_quotes(data)
            assert not result.errors and len(result.quotes) == size
            located = Quote.objects.filter(story__url="https://gothamist.com/text")
            grades[size] = located.count(), set(located.values_list("source_match", flat=True))
            transaction.set_rollback(True)
        counts[size] = len(queries)

    assert counts[10] == counts[100]
    assert grades == {10: (5, {Match.VERBATIM}), 100: (50, {Match.VERBATIM})}


def test_an_import_proposes_no_statements_until_grouping_runs_once_for_all_of_it():
    rows = [ROW, ROW.replace("gothamist.com/a", "gothamist.com/b"), ROW.replace("gothamist.com/a", "gothamist.com/c")]

    result = import_quotes(csv_file(*rows))
    assert not UtteranceProposal.objects.exists()

    assert propose_statements(result) == 3  # each pair once: the newest proposes the two before it, and so on
    assert UtteranceProposal.objects.count() == 3


def printed_pairs():
    """The proposals as (the two quotes' stories, score): quotes the same whichever way they were created."""
    return {
        (frozenset({proposal.quote.story.url, proposal.partner.story.url}), proposal.score)
        for proposal in UtteranceProposal.objects.select_related("quote__story", "partner__story")
    }


def test_grouping_after_the_import_proposes_what_saving_each_quote_proposed():
    day = "2017-04-21"
    statement = "We locked up over 1,000 people in gangs in 2016, a record for this city"
    printings = [statement, statement.replace("1,000", "a thousand"), statement + ", he said", "In 2016 we locked up"]
    rows = [
        f'"{text}",Bill de Blasio,Mayor,,Outlet {n % 2},,https://news.example/{n},{day},{day},press conference\n'
        for n, text in enumerate([*printings, "Something else entirely about the subway budget this year"])
    ]
    header = HEADER.replace("said_on\n", "said_on,occasion\n")

    propose_statements(import_quotes(csv_file(*rows, header=header)))
    grouped = printed_pairs()

    UtteranceProposal.objects.all().delete()
    quotes = list(Quote.objects.select_related("story").order_by("id"))
    Quote.objects.all().delete()
    for quote in quotes:  # one save at a time, as the import used to: each proposes its statement
        quote.pk = None
        quote._state.adding = True
        quote.save()

    assert len(grouped) >= 5
    assert grouped == printed_pairs()


def test_the_command_prints_the_import_and_the_grouping_times(tmp_path):
    path = tmp_path / "quotes.csv"
    path.write_bytes(csv_file(ROW, ROW.replace("gothamist.com/a", "gothamist.com/b")))
    out = io.StringIO()

    call_command("import_quotes", str(path), stdout=out)

    lines = out.getvalue().splitlines()
    assert re.fullmatch(
        r"Created 2 quotes \(draft\), 1 speakers, 1 outlets, 2 draft stories; 0 skipped \(import \d+\.\d s\)\.",
        lines[0],
    )
    assert re.fullmatch(
        r"Statement grouping: 1 proposal recorded for editors to review \(grouping \d+\.\d s\)\.", lines[1]
    )


def test_the_admin_refuses_a_file_too_big_for_one_request_and_points_to_the_command(editor_client):
    rows = [ROW.replace("Crime is down", f"Crime is down {n} percent") for n in range(MAX_ADMIN_IMPORT_ROWS + 1)]
    response = editor_client.post(
        reverse("admin:quotes_quote_import"),
        {"file": SimpleUploadedFile("q.csv", csv_file(*rows)), "status": "draft"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert f"The file has {MAX_ADMIN_IMPORT_ROWS + 1:,} rows: at most {MAX_ADMIN_IMPORT_ROWS:,} are imported" in page
    assert "./dev manage import_quotes FILE" in page
    assert not Quote.objects.exists() and not Speaker.objects.exists()


def test_the_admin_imports_a_file_at_its_row_limit_and_says_what_grouping_proposed(editor_client):
    first = datetime.date(2017, 1, 1)
    rows = [  # pairs of stories printing one statement, a day apart from the next pair
        ROW.replace("gothamist.com/a", f"gothamist.com/{n}").replace("2017-04-21", str(first + n // 2 * 2 * DAY))
        for n in range(MAX_ADMIN_IMPORT_ROWS)
    ]
    response = editor_client.post(
        reverse("admin:quotes_quote_import"),
        {"file": SimpleUploadedFile("q.csv", csv_file(*rows)), "status": "draft"},
        follow=True,
    )
    assert Quote.objects.count() == MAX_ADMIN_IMPORT_ROWS
    message = [str(message) for message in response.context["messages"]]
    assert UtteranceProposal.objects.count() == MAX_ADMIN_IMPORT_ROWS // 2
    assert message == [
        f"Imported {MAX_ADMIN_IMPORT_ROWS} quotes; statement grouping then proposed "
        f"{MAX_ADMIN_IMPORT_ROWS // 2} statements for editors to confirm or reject."
    ]


def test_an_admin_import_whose_grouping_fails_keeps_its_quotes_and_says_how_to_group_them(editor_client, monkeypatch):
    """Grouping runs after the import has committed: if the database cancels it (a web request's statement
    timeout), the editor learns that the quotes are in and what to run."""

    def cancelled(result):
        raise OperationalError("canceling statement due to statement timeout")

    monkeypatch.setattr("quotes.admin.propose_statements", cancelled)
    url = reverse("admin:quotes_quote_import")

    done = editor_client.post(url, {"file": SimpleUploadedFile("q.csv", csv_file(ROW)), "status": "draft"}, follow=True)

    assert done.status_code == 200
    assert Quote.objects.count() == 1
    assert [str(message) for message in done.context["messages"]] == [
        "Imported 1 quote, but statement grouping did not finish (the database was unavailable or too slow). "
        "Run ./dev manage group_quotes to propose their statements."
    ]
