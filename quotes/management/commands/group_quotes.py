"""Recompute the statement proposals of every quote, or of one speaker's or one story's."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quotes.models import Quote
from speakers.models import Speaker


class Command(BaseCommand):
    help = (
        "Propose, for each quote not yet in a statement, the quote of another outlet (or the same) that reports "
        "the same statement; editors confirm or reject proposals in the admin. Decided proposals are kept: a "
        "rejected pair is never proposed again. Prints how many quotes were examined and proposals recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--speaker", metavar="SLUG", help="Only this speaker's quotes.")
        parser.add_argument("--story", type=int, metavar="ID", help="Only this story's quotes.")
        parser.add_argument("--dry-run", action="store_true", help="Report the counts, then roll everything back.")

    def handle(self, *args, speaker, story, dry_run, verbosity, **options):
        quotes = Quote.objects.filter(utterance__isnull=True)
        if speaker:
            if not Speaker.objects.filter(slug=speaker).exists():
                raise CommandError(f"No speaker with the slug “{speaker}”.")
            quotes = quotes.filter(speaker__slug=speaker)
        if story:
            quotes = quotes.filter(story_id=story)
        counts = (0, 0)  # quotes examined, proposals recorded
        with transaction.atomic():
            total = quotes.count() if verbosity >= 2 else None
            for counts in quotes.propose_utterances():
                if verbosity >= 2:
                    self.stdout.write(f"{counts[0]} of {total} quotes examined")
            if dry_run:
                transaction.set_rollback(True)
        examined, proposed = counts
        if verbosity >= 1:
            self.stdout.write(f"{examined} quotes examined, {proposed} proposal{'s' * (proposed != 1)} recorded.")
            if dry_run:
                self.stdout.write(self.style.NOTICE("Dry run: rolled back, nothing was saved."))
