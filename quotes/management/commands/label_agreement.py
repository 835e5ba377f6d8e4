"""How far two people's labellings of one set agree: `manage.py label_agreement FIRST.json SECOND.json [--json]`."""

from json import dumps

from django.core.management.base import BaseCommand, CommandError

from quotes import evaluation as ev
from quotes.management.commands.evaluate_provenance import read


class Command(BaseCommand):
    help = (
        "Compare two labellings of the same articles (the provenance set format): the share of quotations both "
        "labelled, the share of those given the same speaker, and pairwise agreement on which report one "
        "statement. Reads the files, changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("first", metavar="FIRST.json")
        parser.add_argument("second", metavar="SECOND.json")
        parser.add_argument("--json", action="store_true", help="Print one JSON object with the counts and figures.")

    def handle(self, *, first, second, json: bool, **options):
        try:
            counts = ev.agreement(read(first), read(second))
        except (ev.SetError, ValueError) as error:
            raise CommandError(f"{first} and {second} cannot be compared: {error}") from None
        figures = ev.agreement_figures(counts)
        if json:
            self.stdout.write(dumps({"counts": counts, "figures": figures}))
            return
        grouping = figures["grouping"]
        self.stdout.write(
            f"Quotations: {counts['first']} and {counts['second']} labelled, {counts['both']} by both "
            f"({figures['quotations']:.2f})\n"
            f"Speakers: the same for {counts['same_speaker']} of {counts['both']} ({figures['speakers']:.2f})\n"
            f"Statements (pairs of quotes both attributed): precision {fmt(grouping['precision'])}, recall "
            f"{fmt(grouping['recall'])}, F1 {fmt(grouping['f1'])}"
        )


def fmt(value):
    return "–" if value is None else f"{value:.2f}"
