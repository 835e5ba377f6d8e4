"""Bulk import of quotes from a CSV in the export's own layout (README, "Importing quotes").

Columns read: text, speaker, speaker_title, organisation, outlet, story_headline, story_url, story_published_on,
said_on, occasion, extent, medium, reported_via. The others an export carries (id, url, source_link, status, the
claims) are ignored: ids and addresses belong to the database they came from, and the editor chooses the status.

Speakers are matched by name or alternative name, outlets by name, stories by normalised URL (ignoring case);
missing ones are created, stories as drafts. Everything happens in one transaction: a file with any error
imports nothing, and a dry run is the same import rolled back.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils.text import slugify

from publishing.csv_export import BOM, looks_like_formula, spreadsheet_text
from publishing.models import Status
from publishing.slugs import free_slug
from speakers.models import Speaker
from stories.models import Outlet, Story
from stories.urlnorm import normalise_url

from .models import MAX_QUOTE_LENGTH, Quote

MAX_IMPORT_BYTES = 10 * 1024 * 1024
REQUIRED_COLUMNS = ("text", "speaker", "outlet", "story_url")
OPTIONAL_COLUMNS = (
    "speaker_title",
    "organisation",
    "story_headline",
    "story_published_on",
    "said_on",
    "occasion",
    "extent",
    "medium",
    "reported_via",
)


def _max_length(model, field):
    return model._meta.get_field(field).max_length


# Cells stored in a limited field: a longer one is an error, never silently cut.
MAX_LENGTHS = {
    "speaker": _max_length(Speaker, "name"),
    "organisation": _max_length(Speaker, "organisation"),
    "speaker_title": _max_length(Quote, "speaker_title"),
    "outlet": _max_length(Outlet, "name"),
    "story_headline": _max_length(Story, "headline"),
    "occasion": _max_length(Quote, "occasion"),
}


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


def read_rows(data: bytes):
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
    if missing := [name for name in REQUIRED_COLUMNS if name not in header]:
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


def import_quotes(data: bytes, status=Status.DRAFT, dry_run=False):
    """Import the file's quotes with the given status; see the module docstring. Returns an ImportResult."""
    result = ImportResult(dry_run=dry_run)
    rows = read_rows(data)
    try:
        with transaction.atomic():
            importer = _Importer(result, status)
            for line, row in rows:
                if isinstance(row, csv.Error):
                    result.errors.append((line, f"The file cannot be read from here: {row}."))
                else:
                    importer.row(line, row)
            if result.errors or dry_run:
                transaction.set_rollback(True)
    except IntegrityError as error:  # a rule PostgreSQL checks at commit (quote_story_public_fk)
        result.errors.append((rows[-1][0] if rows else 1, broken_rule(error)))
    return result


def broken_rule(error):
    """What a database rule an import broke means for the editor."""
    rule = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    return DATABASE_RULES.get(rule, f"This row breaks a rule of the database ({rule}).")


class _Importer:
    """Rows are validated field by field in Python; uniqueness and check constraints are left to the database on
    save (one statement, where full_clean() would run a query per constraint), and reported with their names."""

    def __init__(self, result, status):
        self.result = result
        self.status = status
        self.speakers, self.outlets, self.stories = {}, {}, {}
        self.positions = {}

    def row(self, line, row):
        try:
            cells = self.cells(row)
            with transaction.atomic():
                self.save(line, cells)
        except ValidationError as error:
            for message in _messages(error):
                self.result.errors.append((line, message))
        except IntegrityError as error:
            self.result.errors.append((line, broken_rule(error)))
        else:
            return
        # What this row created was rolled back with it: look everything up afresh for the next rows.
        self.speakers.clear()
        self.outlets.clear()
        self.stories.clear()
        self.positions.clear()

    def cells(self, row):
        cells, problems = {}, []
        for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            cell = row.get(name) or ""
            limit = MAX_LENGTHS.get(name, MAX_QUOTE_LENGTH)
            if len(cell) > limit:
                problems.append(f"{name}: longer than {limit:,} characters.")
            elif formula := looks_like_formula(cell):  # unless an export neutralised it with a leading '
                problems.append(
                    f"{name}: begins with {formula.group()!r}, which spreadsheets run as a formula. "
                    "If it is text, begin the cell with an apostrophe (')."
                )
            cells[name] = spreadsheet_text(cell).strip()
        for name in REQUIRED_COLUMNS:
            if not cells[name]:
                problems.append(f"{name}: empty.")
        for name in ("story_published_on", "said_on"):
            if cells[name]:
                try:
                    cells[name] = datetime.date.fromisoformat(cells[name])
                except ValueError:
                    problems.append(f"{name}: {cells[name][:40]!r} is not a date (YYYY-MM-DD).")
            else:
                cells[name] = None
        if problems:
            raise ValidationError(problems)
        return cells

    def save(self, line, cells):
        story = self.story(cells)
        if story.quotes.filter(text=cells["text"]).exists():
            self.result.skipped.append((line, cells["text"]))
            return
        position = self.positions.get(story.pk)
        if position is None:
            position = story.quotes.aggregate(last=Max("position"))["last"] or 0
        self.positions[story.pk] = position + 1
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
            position=position + 1,
            status=self.status,
        )
        quote.full_clean(validate_unique=False, validate_constraints=False)
        quote.save()
        self.result.quotes.append(quote)

    def outlet(self, name):
        key = name.casefold()
        if key not in self.outlets:
            outlet = Outlet.objects.filter(Q(name__iexact=name) | Q(slug=slugify(name))).first()
            if outlet is None:
                outlet = Outlet(name=name, slug=free_slug(Outlet.objects, name, "outlet"))
                outlet.full_clean(validate_unique=False, validate_constraints=False)
                outlet.save()
                self.result.outlets.append(outlet)
            self.outlets[key] = outlet
        return self.outlets[key]

    def speaker(self, cells):
        name = cells["speaker"]
        key = name.casefold()
        if key not in self.speakers:
            matches = list(Speaker.objects.filter(Q(name__iexact=name) | Q(aliases__name__iexact=name)).distinct()[:2])
            if len(matches) > 1:
                raise ValidationError(f"speaker: {name!r} could be {matches[0]} or {matches[1]}; use the full name.")
            if matches:
                speaker = matches[0]
            else:
                speaker = Speaker.objects.create_from_name(
                    name, title=cells["speaker_title"], organisation=cells["organisation"]
                )
                self.result.speakers.append(speaker)
            self.speakers[key] = speaker
        return self.speakers[key]

    def story(self, cells):
        try:
            url = normalise_url(cells["story_url"])
        except ValueError:
            raise ValidationError(f"story_url: {cells['story_url'][:80]!r} is not an http(s) address.") from None
        if url not in self.stories:
            story = Story.objects.filter(url=url).select_related("outlet").first()
            if story is None:
                story = Story(
                    outlet=self.outlet(cells["outlet"]),
                    url=url,
                    headline=cells["story_headline"],
                    published_on=cells["story_published_on"],
                    status=Status.DRAFT,
                )
                if not story.headline:
                    story.headline_stand_in, story.headline_stand_in_source = url, "CSV import: no headline"
                story.full_clean(validate_unique=False, validate_constraints=False)
                story.save()
                self.result.stories.append(story)
            self.stories[url] = story
        story = self.stories[url]
        if story.outlet.name.casefold() != cells["outlet"].casefold():
            raise ValidationError(f"outlet: this story is {story.outlet.name}'s, not {cells['outlet']}'s.")
        return story


def _messages(error):
    if hasattr(error, "error_dict"):
        return [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
    return error.messages
