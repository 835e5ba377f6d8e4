"""Recompute the statement proposals of every quote, or of one speaker's or one story's."""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from quotes.models import Quote
from speakers.models import Speaker

BATCH = 500


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
        examined = proposed = 0
        with transaction.atomic():
            ids = list(quotes.order_by("id").values_list("id", flat=True))
            for start in range(0, len(ids), BATCH):
                batch = (
                    Quote.objects.filter(id__in=ids[start : start + BATCH])
                    .select_related("story")
                    .only("text", "speaker_id", "said_on", "occasion", "utterance_id", "story__published_on")
                    .order_by("id")
                )
                for quote in batch:
                    examined += 1
                    proposed += len(quote.propose_utterance())
                if verbosity >= 2:
                    self.stdout.write(f"{examined} of {len(ids)} quotes examined")
            if dry_run:
                transaction.set_rollback(True)
        if verbosity >= 1:
            self.stdout.write(f"{examined} quotes examined, {proposed} proposal{'s' * (proposed != 1)} recorded.")
            if dry_run:
                self.stdout.write(self.style.NOTICE("Dry run: rolled back, nothing was saved."))
