import time

from django.core.management.base import BaseCommand, CommandError

from publishing.models import Status
from quotes.imports import ImportFileError, import_quotes, propose_statements, read_file


class Command(BaseCommand):
    help = (
        "Import quotes from a CSV in the export's layout (README, 'Importing quotes'). One transaction: a file "
        "with any error imports nothing. Then propose statements for the imported quotes, all at once. Prints "
        "what was created and the seconds each step took."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--status",
            choices=[Status.DRAFT, Status.IN_REVIEW, Status.PUBLISHED],
            default=Status.DRAFT,
            help="The imported quotes' status (default: draft).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Show what would be created; change nothing.")

    def handle(self, *args, file, status, dry_run, **options):
        start = time.perf_counter()
        try:
            result = import_quotes(read_file(file), status=status, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        imported = time.perf_counter() - start
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        for line, text in result.skipped:
            self.stdout.write(f"line {line}: skipped, already in its story: {text[:60]}")
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {len(result.quotes)} quotes ({status}), {len(result.speakers)} speakers, "
            f"{len(result.outlets)} outlets, {len(result.stories)} draft stories; "
            f"{len(result.skipped)} skipped (import {imported:.1f} s)."
        )
        if dry_run:
            return
        start = time.perf_counter()
        proposed = propose_statements(result)
        self.stdout.write(
            f"Statement grouping: {proposed} proposal{'s' * (proposed != 1)} recorded for editors to review "
            f"(grouping {time.perf_counter() - start:.1f} s)."
        )
