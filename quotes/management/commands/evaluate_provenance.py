"""Measure extraction, attribution, locating and statement grouping on labelled sets of real articles:
`manage.py evaluate_provenance SET.json [SET.json ...] [--json]`. Everything it writes is rolled back.

Each set is loaded into the database inside a transaction, by the paths editors and imports take (full_clean(),
save(), the import's bulk insert and its statement proposals), so quotes are located and grouped as they are for
editors; the transaction is then rolled back. The set's speakers are new rows (even where the database has a
speaker of that name), so its quotes are compared only with each other. The scoring is quotes/evaluation.py.
"""

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models.functions import Upper
from django.utils import timezone

from publishing.models import Status
from publishing.slugs import free_slug
from quotes import evaluation as ev
from quotes.extract import extract_quotes
from quotes.imports import RESOLVED, ImportResult, propose_statements
from quotes.models import Match, Quote, UtteranceProposal
from quotes.proposals import known_speakers
from speakers.models import Speaker
from stories.models import Outlet, Story


class Command(BaseCommand):
    help = (
        "Measure quote extraction (precision, recall of full quotes and fragments, attribution with no speakers "
        "known and with the set's speakers known), locating and statement grouping (pairwise precision, recall "
        "and F1, beside two baselines) on labelled sets of articles (format: README, “Measuring provenance”). "
        "Each set is loaded into the database inside a transaction that is rolled back: the database is left "
        "unchanged."
    )

    def add_arguments(self, parser):
        parser.add_argument("sets", nargs="+", metavar="SET.json", help="A labelled set, UTF-8 JSON.")
        parser.add_argument("--json", action="store_true", help="Print one JSON object with every figure.")

    def handle(self, *, sets, json, **options):
        results = [{"file": path, **evaluate(read(path))} for path in sets]
        total = {"articles": 0, "labels": 0, "counts": {}}
        for result in results:
            total["articles"] += result["articles"]
            total["labels"] += result["labels"]
            ev.add(total["counts"], result["counts"])
        report = {"sets": [with_figures(result) for result in results], "total": with_figures(total)}
        if json:
            self.stdout.write(to_json(report))
        else:
            for result in report["sets"]:
                self.write_table(f"{result['name'] or result['file']} ({result['file']})", result)
            self.write_table(f"Total of {len(results)} set{'s' * (len(results) != 1)}", report["total"])

    def write_table(self, title, result):
        write = self.stdout.write
        write(f"\n{title}: {result['articles']} articles, {result['labels']} labelled quotes")
        write(f"  {'Extraction':<30}{'precision':>10}{'recall':>8}{'full':>8}{'fragment':>10}{'attribution':>13}")
        for run, label in (("without_speakers", "no speakers known"), ("with_speakers", "the set's speakers known")):
            figures = result["extraction"][run]
            cells = ("precision", "recall", "recall_full", "recall_fragment", "attribution")
            widths = (10, 8, 8, 10, 13)
            write(f"  {label:<30}" + "".join(f"{number(figures[c]):>{w}}" for c, w in zip(cells, widths, strict=True)))
        locating = result["locating"]
        write(
            f"  Locating: {locating['graded_verbatim']} of {locating['printed_verbatim']} quotes printed verbatim "
            f"graded verbatim ({number(locating['share'])})"
        )
        write(f"  {'Grouping (pairs)':<30}{'all: P':>8}{'R':>6}{'F1':>6}{'full: P':>10}{'R':>6}{'F1':>6}")
        for method, label in (("system", "statement proposals"), ("exact", "exact match"), ("fuzzy", "fuzzy ≥ 80")):
            row = "".join(
                f"{number(result['grouping'][quotes][method][c]):>{w}}"
                for quotes, widths in (("all", (8, 6, 6)), ("full", (10, 6, 6)))
                for c, w in zip(("precision", "recall", "f1"), widths, strict=True)
            )
            write(f"  {label:<30}{row}")
        true = [result["grouping"][quotes]["system"]["true"] for quotes in ("all", "full")]
        write(f"  True pairs: {true[0]} among all quotes, {true[1]} among full ones")


def number(figure):
    return "–" if figure is None else f"{figure:.2f}"


def to_json(report):
    return json.dumps(report, ensure_ascii=False, indent=2)


def read(path):
    """The set in the file, checked, or a one-line error."""
    try:
        document = json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    except UnicodeDecodeError:
        raise CommandError(f"{path} is not UTF-8 text.") from None
    except json.JSONDecodeError as error:
        raise CommandError(f"{path} is not JSON: {error.msg} (line {error.lineno}).") from None
    try:
        return ev.read_set(document)
    except ev.SetError as error:
        raise CommandError(f"{path}: {error}") from None


def with_figures(result):
    """The result with the ratios computed from its counts."""
    counts = result["counts"]
    return {
        **{key: value for key, value in result.items() if key != "counts"},
        "extraction": {run: ev.extraction_figures(c) | c for run, c in counts["extraction"].items()},
        "locating": counts["locating"]
        | {"share": ev.ratio(counts["locating"]["graded_verbatim"], counts["locating"]["printed_verbatim"])},
        "grouping": {
            quotes: {method: ev.pair_figures(c) | c for method, c in by_method.items()}
            for quotes, by_method in counts["grouping"].items()
        },
    }


def evaluate(document):
    """The set's counts, measured inside a transaction that is then rolled back."""
    with transaction.atomic():
        try:
            return Evaluation(document).run()
        finally:
            transaction.set_rollback(True)


def checked(row, where, **options):
    """row.full_clean(), constraints left to the database as the import leaves them; a one-line error."""
    try:
        row.full_clean(validate_constraints=False, **options)
    except ValidationError as error:
        problems = [f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()]
        raise CommandError(f"{where} cannot be loaded: {'; '.join(problems)}") from None


class Evaluation:
    def __init__(self, document):
        self.name = document.get("name") or ""
        self.articles = document["articles"]

    def run(self):
        counts = {"extraction": {"without_speakers": self.extraction(Speaker.objects.none(), {})}}
        speakers = self.speakers()
        slugs = {name: speaker.slug for name, speaker in speakers.items()}
        with_speakers = Speaker.objects.filter(pk__in=[speaker.pk for speaker in speakers.values()])
        counts["extraction"]["with_speakers"] = self.extraction(with_speakers, slugs)
        loaded = self.load_quotes(speakers)
        counts["locating"] = self.locating(loaded)
        counts["grouping"] = self.grouping(loaded)
        labels = sum(len(article["quotes"]) for article in self.articles)
        return {"name": self.name, "articles": len(self.articles), "labels": labels, "counts": counts}

    def extraction(self, speakers, slugs):
        """Extraction counts over the articles, the extractor knowing these speakers."""
        known = known_speakers(speakers)
        totals = {}
        for article in self.articles:
            ev.add(totals, ev.extraction_counts(article["quotes"], extract_quotes(article["text"], known), slugs))
        return totals

    def speakers(self):
        """A new speaker for each name the labels credit, as the import and the extractor create them."""
        names = {q["speaker"] for a in self.articles for q in a["quotes"] if ev.is_attributed(q)}
        return {name: Speaker.objects.create_from_name(name) for name in sorted(names)}

    def load_quotes(self, speakers):
        """Every attributed label as a draft quote of its story, validated and inserted as the import does, then
        its statement proposals. Returns (label, quote, article) triples."""
        loaded = []
        for article in self.articles:
            story = self.story(article)
            labels = [label for label in article["quotes"] if ev.is_attributed(label)]
            for position, label in enumerate(labels, 1):
                quote = Quote(
                    story=story,
                    speaker=speakers[label["speaker"]],
                    text=label["text"],
                    extent=label["kind"],
                    position=position,
                    status=Status.DRAFT,
                )
                checked(quote, f"{article['url']}: {label['text'][:60]!r}", exclude=RESOLVED, validate_unique=False)
                loaded.append((label, quote, article))
        quotes = Quote.objects.create_validated([quote for _, quote, _ in loaded])
        propose_statements(ImportResult(quotes=quotes))
        return loaded

    def story(self, article):
        """The article as a draft story with its text and date. An address the database already has (the
        newsroom's own copy, or the set's twice) is given a query parameter, so the set's story is its own."""
        story = Story(
            outlet=self.outlet(article["outlet"]),
            url=article["url"],
            headline=article.get("headline") or "",
            published_on=article["date"],
            text=article["text"],
            text_retrieved_on=timezone.localdate(),
            status=Status.DRAFT,
        )
        checked(story, article["url"], validate_unique=False)  # also puts the address in its canonical form
        address, copy = story.url, 1
        while Story.objects.filter(url=story.url).exists():
            copy += 1
            story.url = f"{address}{'&' if '?' in address else '?'}evaluated-copy={copy}"
        story.save()
        return story

    def outlet(self, name):
        """The outlet of that name, or a new one: as the import finds and creates them."""
        outlet = Outlet.objects.alias(key=Upper("name")).filter(key=name.upper()).first()
        if outlet is None:
            outlet = Outlet(name=name, slug=free_slug(Outlet.objects, name, "outlet"))
            checked(outlet, f"outlet {name!r}")
            outlet.save()
        return outlet

    def locating(self, loaded):
        printed = [quote for label, quote, article in loaded if label["text"] in article["text"]]
        verbatim = sum(quote.source_match == Match.VERBATIM for quote in printed)
        return {"printed_verbatim": len(printed), "graded_verbatim": verbatim}

    def grouping(self, loaded):
        """Pair counts of the system's statements (each proposal accepted) and of the baselines, for all the
        attributed quotes and for the full ones."""
        quotes = [(label["speaker"], label["text"], label["kind"], ev.statement_keys(label)) for label, _, _ in loaded]
        index = {quote.pk: i for i, (_, quote, _) in enumerate(loaded)}
        proposals = UtteranceProposal.objects.filter(quote__in=index, state=UtteranceProposal.State.PROPOSED)
        edges = [(index[a], index[b]) for a, b in proposals.values_list("quote_id", "partner_id")]
        clusters = {
            "system": ev.components(len(quotes), edges),
            "exact": ev.exact_clusters(quotes),
            "fuzzy": ev.fuzzy_clusters(quotes),
        }
        return {
            name: {method: ev.pair_counts(quotes, found, kinds) for method, found in clusters.items()}
            for name, kinds in (("all", ev.KINDS), ("full", ("full",)))
        }
