"""Find every quote in its story's text again, e.g. after a story's text was corrected, and report what changed."""

from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from quotes.models import LOCATION_FIELDS, Match, Quote
from stories.models import Story

BATCH_SIZE = 500


class Command(BaseCommand):
    help = (
        "Find every quote in its story's text again and save where it stands: the grade (verbatim, typographic or "
        "close variant, not found), the offsets and context, and the deep link. Prints each quote whose grade, "
        "position or link changed, then the counts."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then save nothing.")
        parser.add_argument("--story", type=int, metavar="ID", help="Only the quotes of the story with this id.")

    def handle(self, *args, dry_run, story, **options):
        quotes = Quote.objects.select_related("story", "speaker").order_by("story_id", "position")
        if story is not None:
            if not Story.objects.filter(pk=story).exists():
                raise CommandError(f"There is no story with id {story}.")
            quotes = quotes.filter(story_id=story)

        counts = Counter()
        with transaction.atomic():
            changed = []
            for quote in quotes.iterator(chunk_size=BATCH_SIZE):
                counts["checked"] += 1
                before = {field: getattr(quote, field) for field in LOCATION_FIELDS}
                quote.locate_in_story()
                if before == {field: getattr(quote, field) for field in LOCATION_FIELDS}:
                    continue
                counts["changed"] += 1
                counts["now not found"] += quote.source_match == Match.NOT_FOUND
                self.stdout.write(describe(quote, before))
                quote.updated_at = timezone.now()  # public pages showing the quote's link are rendered afresh
                changed.append(quote)
                if len(changed) == BATCH_SIZE:
                    Quote.objects.bulk_update(changed, [*LOCATION_FIELDS, "updated_at"])
                    changed = []
            Quote.objects.bulk_update(changed, [*LOCATION_FIELDS, "updated_at"])
            if dry_run:
                transaction.set_rollback(True)

        summary = (
            f"Checked {counts['checked']} quotes: {counts['changed']} changed "
            f"({counts['now not found']} not found in their story's text), "
            f"{counts['checked'] - counts['changed']} unchanged."
        )
        self.stdout.write(self.style.SUCCESS(summary))
        if dry_run:
            self.stdout.write(self.style.NOTICE("Dry run: nothing was saved."))


def describe(quote, before):
    """One line for a quote whose location changed: which quote, and what changed."""
    changes = []
    if before["source_match"] != quote.source_match:
        changes.append(f"{grade(before['source_match'], before['source_match_score'])} → {grade_of(quote)}")
    if (before["source_start"], before["source_end"]) != (quote.source_start, quote.source_end):
        changes.append(
            f"characters {span(before['source_start'], before['source_end'])} → "
            f"{span(quote.source_start, quote.source_end)}"
        )
    if before["source_link"] != quote.source_link:
        changes.append("new link")
    if not changes:
        changes.append(f"{grade_of(quote)}, context or score updated")
    return f"Quote {quote.pk} in story {quote.story_id}, {quote}: {'; '.join(changes)}"


def grade(match, score):
    label = Match(match).label.lower()
    return f"{label} ({score:.0%})" if match == Match.CLOSE else label


def grade_of(quote):
    return grade(quote.source_match, quote.source_match_score)


def span(start, end):
    return "none" if start is None else f"{start}–{end}"
