from django.core.management.base import BaseCommand, CommandError

from publishing.models import Status
from quotes.imports import MAX_IMPORT_BYTES, ImportFileError, import_quotes


class Command(BaseCommand):
    help = (
        "Import quotes from a CSV in the export's layout (README, 'Importing quotes'). One transaction: a file "
        "with any error imports nothing."
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
        try:
            with open(file, "rb") as source:
                data = source.read(MAX_IMPORT_BYTES + 1)
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from None
        try:
            result = import_quotes(data, status=status, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
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
            f"{len(result.skipped)} skipped."
        )
