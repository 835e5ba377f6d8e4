"""Bulk import of quotes from a CSV in the export's own layout (README, "Importing quotes").

Columns read: text, speaker, speaker_title, organisation, outlet, story_headline, story_url, story_published_on,
said_on, occasion, extent, medium, reported_via. The others an export carries (id, url, source_link, status, the
claims) are ignored: ids and addresses belong to the database they came from, and the editor chooses the status.

Speakers are matched by name or alternative name, outlets by name, stories by normalised URL (ignoring case);
missing ones are created, stories as drafts. Everything happens in one transaction: a file with any error
imports nothing, and a dry run is the same import rolled back. Statement proposals follow, once for all the
imported quotes (propose_statements()), not on each quote's save.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.text import slugify

from publishing.csv_export import BOM, looks_like_formula, spreadsheet_text
from publishing.models import Status
from publishing.slugs import free_slug
from speakers.models import Alias, Speaker
from stories.models import Outlet, Story
from stories.urlnorm import normalise_url

from .models import MAX_QUOTE_LENGTH, Quote

MAX_IMPORT_BYTES = 10 * 1024 * 1024
# Rows the admin imports within one request, statement proposals included: about 5 s on this project's idle
# machine, 10 s on a busy one (README, "CSV import"), well within a proxy's timeout. Bigger files: the command.
MAX_ADMIN_IMPORT_ROWS = 5_000


def _max_length(model, field):
    return model._meta.get_field(field).max_length


@dataclass(frozen=True)
class Layout:
    """The columns a kind of import file has, and how its cells are checked."""

    required: tuple
    optional: tuple
    max_lengths: dict  # cells stored in a limited field: a longer one is an error, never silently cut
    dates: tuple
    url: str
    default_max_length: int = MAX_QUOTE_LENGTH

    @property
    def columns(self):
        return self.required + self.optional


QUOTES = Layout(
    required=("text", "speaker", "outlet", "story_url"),
    optional=(
        "speaker_title",
        "organisation",
        "story_headline",
        "story_published_on",
        "said_on",
        "occasion",
        "extent",
        "medium",
        "reported_via",
    ),
    max_lengths={
        "speaker": _max_length(Speaker, "name"),
        "organisation": _max_length(Speaker, "organisation"),
        "speaker_title": _max_length(Quote, "speaker_title"),
        "outlet": _max_length(Outlet, "name"),
        "story_headline": _max_length(Story, "headline"),
        "occasion": _max_length(Quote, "occasion"),
    },
    dates=("story_published_on", "said_on"),
    url="story_url",
)

# Stories, with their texts, imported before the quotes: a quote file then names each story by its URL only.
# An article's text is bounded by the file's size alone.
STORIES = Layout(
    required=("url", "text", "published_on"),
    optional=("outlet", "headline", "byline", "text_retrieved_on"),
    max_lengths={
        "url": _max_length(Story, "url"),
        "outlet": _max_length(Outlet, "name"),
        "headline": _max_length(Story, "headline"),
        "byline": _max_length(Story, "byline"),
    },
    dates=("published_on", "text_retrieved_on"),
    url="url",
    default_max_length=MAX_IMPORT_BYTES,
)


# What a database rule broken by a row means for the editor.
DATABASE_RULES = {
    "quote_position_unique_in_story": "Another quote took this place in the story during the import. Import again.",
    "quote_story_public_fk": "The story was published or unpublished during the import. Import again.",
}


class ImportFileError(ValueError):
    """The file as a whole cannot be read: its size, encoding or header."""


@dataclass
class ImportResult:
    quotes: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (line, text): already in their story
    speakers: list = field(default_factory=list)  # created
    outlets: list = field(default_factory=list)
    stories: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)
    dry_run: bool = False

    @property
    def imported(self):
        return not self.errors and not self.dry_run


def read_file(path):
    """The bytes of the file at path, no more than an import reads (a bigger file is refused as a whole)."""
    try:
        with open(path, "rb") as source:
            return source.read(MAX_IMPORT_BYTES + 1)
    except OSError as error:
        raise ImportFileError(f"Cannot read {path}: {error.strerror}") from None


def read_rows(data: bytes, layout=QUOTES):
    """The file's rows as (line number, {column: cell}), or ImportFileError saying what is wrong with it."""
    if len(data) > MAX_IMPORT_BYTES:
        raise ImportFileError(f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB. Split it.")
    if b"\x00" in data:
        raise ImportFileError("The file contains NUL bytes: it is not a CSV text file.")
    try:
        text = data.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ImportFileError(
            f"Line {line} is not UTF-8 text. Save the file as “CSV UTF-8” and import it again."
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [name.strip() for name in next(reader, [])]
    except csv.Error as error:
        raise ImportFileError(f"Line 1 (the header) cannot be read: {error}.") from None
    if missing := [name for name in layout.required if name not in header]:
        raise ImportFileError(
            f"The header row lacks the column(s) {', '.join(missing)}. "
            f"The first line must name the columns, as an export does."
        )
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            rows.append((line, error))
            break  # the reader cannot resynchronise after a broken quote
        if any(cell.strip() for cell in cells):
            rows.append((line, dict(zip(header, cells, strict=False))))
        line = reader.line_num + 1
    return rows


def import_quotes(data: bytes, status=Status.DRAFT, dry_run=False, max_rows=None):
    """Import the file's quotes with the given status; see the module docstring. Returns an ImportResult.

    With max_rows, a file of more rows is refused (ImportFileError) before anything is imported. Statement
    proposals are left to propose_statements(), once for the whole import.
    """
    return _run(_Importer(ImportResult(dry_run=dry_run), status), read_rows(data), max_rows, "import_quotes")


def _run(importer, rows, max_rows, command):
    """The importer's run over the rows in one transaction, rolled back on any error or for a dry run."""
    result = importer.result
    if max_rows is not None and len(rows) > max_rows:
        raise ImportFileError(
            f"The file has {len(rows):,} rows: at most {max_rows:,} are imported here, within one page load. "
            f"Import it from a terminal instead: ./dev manage {command} FILE"
        )
    try:
        with transaction.atomic():
            importer.run(rows)
            if result.errors or result.dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:  # a rule PostgreSQL checks on insert or at commit (quote_story_public_fk)
        result.errors.append((rows[-1][0] if rows else 1, broken_rule(error)))
    result.errors.sort(key=lambda error: error[0])
    return result


@dataclass
class StoryImportResult:
    stories: list = field(default_factory=list)  # created, as drafts
    changed: list = field(default_factory=list)  # existing stories whose text was replaced
    unchanged: list = field(default_factory=list)  # (line, story): the same text already
    outlets: list = field(default_factory=list)
    relocated: list = field(default_factory=list)  # the changed stories' quotes, located again
    errors: list = field(default_factory=list)  # (line, message)
    dry_run: bool = False

    @property
    def imported(self):
        return not self.errors and not self.dry_run

    @property
    def not_found(self):
        """Published quotes the new texts no longer print: they stay published, for an editor to check."""
        return [quote for quote in self.relocated if quote.unacknowledged_not_found]


def import_stories(data: bytes, dry_run=False, max_rows=None, today=None):
    """Import the file's stories (STORIES layout), before a quote file that names them by URL. Returns a
    StoryImportResult.

    A new URL (normalised) makes a draft story, of the outlet the row names; a known one has its text replaced
    if it differs, and its quotes located again. The text's retrieval date is the row's, else today.
    """
    importer = _StoryImporter(StoryImportResult(dry_run=dry_run), today or timezone.localdate())
    return _run(importer, read_rows(data, STORIES), max_rows, "import_stories")


def propose_statements(result):
    """Propose statements for the imported quotes, once for all of them after the import (a quote's save does
    it for itself). Returns the number of proposals recorded."""
    quotes = Quote.objects.filter(pk__in=[quote.pk for quote in result.quotes])
    with transaction.atomic():
        return max((proposed for _, proposed in quotes.propose_utterances()), default=0)  # counts only grow


def broken_rule(error):
    """What a database rule an import broke means for the editor."""
    rule = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return DATABASE_RULES.get(rule, f"This row breaks a rule of the database ({rule}).")


class _RowImporter:
    """What the quote and story imports share: cells checked row by row, errors recorded by line, outlets
    looked up once for the whole file and created once if missing."""

    layout = None

    def __init__(self, result):
        self.result = result
        self.outlets, self.outlet_slugs, self.stories = {}, {}, {}

    def checked(self, line, step, *args):
        """step(*args), or None with its problems recorded against the line."""
        try:
            return step(*args)
        except ValidationError as error:
            self.result.errors.extend((line, message) for message in _messages(error))
            return None

    def valid_cells(self, rows):
        valid = []
        for line, row in rows:
            if isinstance(row, csv.Error):
                self.result.errors.append((line, f"The file cannot be read from here: {row}."))
            elif cells := self.checked(line, clean_cells, row, self.layout):
                valid.append((line, cells))
        return valid

    def prefetch_stories_and_outlets(self, urls, outlet_names, lock=False):
        """The stories and outlets the rows name that the database has: one query for each kind. With lock, the
        stories stay locked until the import commits (an editor's save meanwhile waits, and is not overwritten)."""
        stories = Story.objects.filter(url__in=urls).select_related("outlet")
        if lock:
            stories = stories.select_for_update(of=("self",))
        self.stories = {story.url: story for story in stories}
        keys, slugs = {name.upper() for name in outlet_names}, {slugify(name) for name in outlet_names}
        for outlet in Outlet.objects.alias(key=Upper("name")).filter(Q(key__in=keys) | Q(slug__in=slugs)):
            self.outlets.setdefault(outlet.name.upper(), outlet)
            self.outlet_slugs.setdefault(outlet.slug, outlet)

    def new_story(self, url, outlet, headline, **fields):
        """A draft story for a URL the database does not have, validated, to be inserted with the others."""
        story = Story(outlet=self.outlet(outlet), url=url, headline=headline, status=Status.DRAFT, **fields)
        if not story.headline:
            story.headline_stand_in, story.headline_stand_in_source = url, "CSV import: no headline"
        story.full_clean(exclude=["outlet"], validate_unique=False, validate_constraints=False)
        self.result.stories.append(story)
        self.stories[url] = story
        return story

    def check_outlet(self, story, name):
        if story.outlet_id != self.outlet(name).pk:  # any error rolls the whole import back
            raise ValidationError(f"outlet: this story is {story.outlet.name}'s, not {name}'s.")

    def outlet(self, name):
        outlet = self.outlets.get(name.upper()) or self.outlet_slugs.get(slugify(name))
        if outlet is None:
            outlet = Outlet(name=name, slug=free_slug(Outlet.objects, name, "outlet"))
            outlet.full_clean(validate_unique=False, validate_constraints=False)
            outlet.save()
            self.result.outlets.append(outlet)
            self.outlet_slugs[outlet.slug] = outlet
        self.outlets[name.upper()] = outlet
        return outlet


class _Importer(_RowImporter):
    """Rows are validated field by field in Python, then resolved in bulk: each distinct story, speaker and outlet
    is looked up once, with a query per kind for the whole file, and created once if missing; the quotes are
    validated (full_clean() locates them in their story's text) and inserted with bulk_create(). Uniqueness and
    check constraints are left to the database on insert (where full_clean() would run a query per constraint),
    and reported with their names. The number of queries grows with the distinct names created, not the rows.
    """

    layout = QUOTES

    def __init__(self, result, status):
        super().__init__(result)
        self.status = status
        self.speakers = {}

    def run(self, rows):
        rows = self.valid_cells(rows)
        self.prefetch(rows)
        rows = [(line, cells, story) for line, cells in rows if (story := self.checked(line, self.story, cells))]
        quotes = self.quotes(self.new_rows(rows))
        self.result.quotes = quotes
        if not self.result.errors:
            Story.objects.bulk_create(self.result.stories)
            Quote.objects.create_validated(quotes)

    def prefetch(self, rows):
        """Every story, speaker and outlet the rows name that the database has: one query for each kind."""
        outlet_names = {cells[column] for _, cells in rows for column in ("outlet", "reported_via") if cells[column]}
        self.prefetch_stories_and_outlets({cells["story_url"] for _, cells in rows}, outlet_names)
        names = {cells["speaker"].upper() for _, cells in rows}
        for speaker in Speaker.objects.alias(key=Upper("name")).filter(key__in=names):
            self.speakers.setdefault(speaker.name.upper(), {})[speaker.pk] = speaker
        for alias in Alias.objects.alias(key=Upper("name")).filter(key__in=names).select_related("speaker"):
            self.speakers.setdefault(alias.name.upper(), {})[alias.speaker_id] = alias.speaker
        # Each story's last position and its quotes' words, by the story's URL (new stories have no id yet).
        url_of = {story.pk: url for url, story in self.stories.items()}
        self.positions, self.texts = {}, set()
        for story_id, text, position in Quote.objects.filter(story__in=url_of).values_list("story", "text", "position"):
            url = url_of[story_id]
            self.positions[url] = max(self.positions.get(url, 0), position)
            self.texts.add((url, text))

    def story(self, cells):
        url = cells["story_url"]
        story = self.stories.get(url) or self.new_story(
            url, cells["outlet"], cells["story_headline"], published_on=cells["story_published_on"]
        )
        self.check_outlet(story, cells["outlet"])
        return story

    def new_rows(self, rows):
        """The rows whose words are not yet in their story (in the database or earlier in the file)."""
        new = []
        for line, cells, story in rows:
            key = (story.url, cells["text"])
            if key in self.texts:
                self.result.skipped.append((line, cells["text"]))
            else:
                self.texts.add(key)
                new.append((line, cells, story))
        return new

    def quotes(self, rows):
        """The rows as validated, located Quotes, in the file's order, after each story's existing quotes."""
        quotes = []
        for line, cells, story in rows:
            position = self.positions.get(story.url, 0) + 1
            self.positions[story.url] = position
            quote = self.checked(line, self.quote, cells, story, position)
            if quote is not None:
                quotes.append(quote)
        return quotes

    def quote(self, cells, story, position):
        quote = Quote(
            story=story,
            speaker=self.speaker(cells),
            text=cells["text"],
            speaker_title=cells["speaker_title"],
            said_on=cells["said_on"],
            occasion=cells["occasion"],
            extent=cells["extent"] or Quote.Extent.FULL,
            medium=cells["medium"] or Quote.Medium.SPOKEN,
            reported_via=self.outlet(cells["reported_via"]) if cells["reported_via"] else None,
            position=position,
            status=self.status,
        )
        quote.full_clean(exclude=RESOLVED, validate_unique=False, validate_constraints=False)
        return quote

    def speaker(self, cells):
        name = cells["speaker"]
        matches = self.speakers.get(name.upper())
        if not matches:
            speaker = Speaker.objects.create_from_name(
                name, title=cells["speaker_title"], organisation=cells["organisation"]
            )
            self.result.speakers.append(speaker)
            matches = self.speakers[name.upper()] = {speaker.pk: speaker}
        if len(matches) > 1:
            first, second = sorted(matches.values(), key=lambda speaker: (speaker.name, speaker.pk))[:2]
            raise ValidationError(f"speaker: {name!r} could be {first} or {second}; use the full name.")
        return next(iter(matches.values()))


def clean_cells(row, layout):
    """The row's cells, stripped, their dates parsed and their URL normalised; or ValidationError listing every
    problem: too long, a formula, empty where required, not a date, not an http(s) address."""
    cells, problems = {}, []
    for name in layout.columns:
        cell = row.get(name) or ""
        limit = layout.max_lengths.get(name, layout.default_max_length)
        if len(cell) > limit:
            problems.append(f"{name}: longer than {limit:,} characters.")
        elif formula := looks_like_formula(cell):  # unless an export neutralised it with a leading '
            problems.append(
                f"{name}: begins with {formula.group()!r}, which spreadsheets run as a formula. "
                "If it is text, begin the cell with an apostrophe (')."
            )
        cells[name] = spreadsheet_text(cell).strip()
    for name in layout.required:
        if not cells[name] and name not in layout.dates:  # a date may be unknown
            problems.append(f"{name}: empty.")
    for name in layout.dates:
        if cells[name]:
            try:
                cells[name] = datetime.date.fromisoformat(cells[name])
            except ValueError:
                problems.append(f"{name}: {cells[name][:40]!r} is not a date (YYYY-MM-DD).")
        else:
            cells[name] = None
    try:
        cells[layout.url] = normalise_url(cells[layout.url])
    except ValueError:
        if cells[layout.url]:
            problems.append(f"{layout.url}: {cells[layout.url][:80]!r} is not an http(s) address.")
    if problems:
        raise ValidationError(problems)
    return cells


class _StoryImporter(_RowImporter):
    """Stories are looked up by URL with one query, new ones inserted with bulk_create() and changed ones saved
    with bulk_update(); their quotes are then located again in one pass (QuoteQuerySet.locate_in_story())."""

    layout = STORIES

    def __init__(self, result, today):
        super().__init__(result)
        self.today = today
        self.lines = {}  # URL: the line that named it first

    def run(self, rows):
        rows = self.valid_cells(rows)
        self.prefetch_stories_and_outlets(
            {cells["url"] for _, cells in rows}, {cells["outlet"] for _, cells in rows if cells["outlet"]}, lock=True
        )
        for line, cells in rows:
            self.checked(line, self.story, line, cells)
        if self.result.errors:
            return
        Story.objects.bulk_create(self.result.stories)
        Story.objects.bulk_update(self.result.changed, ["text", "text_retrieved_on", "updated_at"])
        if self.result.changed:
            self.result.relocated = Quote.objects.filter(story__in=self.result.changed).locate_in_story()

    def story(self, line, cells):
        url = cells["url"]
        if (first := self.lines.setdefault(url, line)) != line:
            raise ValidationError(f"url: the story on line {first} has this address too.")
        retrieved_on = cells["text_retrieved_on"] or self.today
        story = self.stories.get(url)
        if story is None:
            if not cells["outlet"]:
                raise ValidationError("outlet: empty; a new story needs its outlet.")
            self.new_story(
                url,
                cells["outlet"],
                cells["headline"],
                published_on=cells["published_on"],
                byline=cells["byline"],
                text=cells["text"],
                text_retrieved_on=retrieved_on,
            )
            return
        if cells["outlet"]:
            self.check_outlet(story, cells["outlet"])
        if story.text.strip() == cells["text"]:
            self.result.unchanged.append((line, story))
            return
        story.text, story.text_retrieved_on, story.updated_at = cells["text"], retrieved_on, timezone.now()
        story.full_clean(exclude=["outlet"], validate_unique=False, validate_constraints=False)
        self.result.changed.append(story)


# Fields full_clean() need not check: rows the import has just looked up or created (each check is a query).
RESOLVED = ["story", "speaker", "reported_via", "utterance"]


def _messages(error):
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages
