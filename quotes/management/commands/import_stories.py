from django.core.management.base import BaseCommand, CommandError

from quotes.imports import ImportFileError, import_stories, read_file


class Command(BaseCommand):
    help = (
        "Import stories with their texts from a CSV (README, 'Importing quotes'), before a quote file that names "
        "them by URL. New stories are drafts; a known story's text is replaced if it differs, and its quotes are "
        "located again. One transaction: a file with any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Show what would change; change nothing.")

    def handle(self, *args, file, dry_run, **options):
        try:
            result = import_stories(read_file(file), dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for line, message in result.errors:
            self.stderr.write(f"line {line}: {message}")
        if result.errors:
            raise CommandError(f"{len(result.errors)} error(s); nothing was imported.")
        for quote in result.not_found:
            self.stdout.write(
                f"Quote {quote.pk} in story {quote.story_id} is published but no longer found in the story's "
                f"new text: check it. {quote}"
            )
        verb = "Would create" if dry_run else "Created"
        self.stdout.write(
            f"{verb} {len(result.stories)} draft stories and {len(result.outlets)} outlets; "
            f"{len(result.changed)} stories' texts replaced ({len(result.relocated)} quotes located again, "
            f"{len(result.not_found)} published ones no longer found), {len(result.unchanged)} unchanged."
        )
