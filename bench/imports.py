"""Benchmark the CSV import of quotes (quotes/imports.py) with a realistic 40,000-row file.

A fresh copy of the demo database (`manage.py migrate`, `manage.py load_demo`) gets TEXT_STORIES more stories
with article text (about 6,000 characters each, as a news article runs), so that locating really runs for the
rows that name them. The file then has:

- ROWS rows, in the export's layout, from SPEAKERS speakers (the demo's among them) quoted by OUTLETS outlets;
- TEXT_SHARE of them in the stories with text: mostly sentences the article prints (verbatim), some with curly
  marks straightened (typographic variants), some with a word changed (close variants), some not in it at all;
- the others in NEW_STORIES new stories, with a headline and a date;
- a statement reprinted by several outlets now and then (REPRINT_SHARE), so that grouping proposes statements.

It is imported with `manage.py import_quotes FILE` in a subprocess, which prints the import's and the grouping's
seconds; this script prints rows, both times and rows per second.

    ./dev manage check                      # once, to install; then:
    .venv/bin/python bench/imports.py       # about 2 minutes

Options: --rows N, --keep-file PATH (write the file there and keep it), --profile (cProfile the import in
process instead and print the 25 costliest functions).
"""

import argparse
import cProfile
import csv
import datetime
import io
import os
import pstats
import random
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.seed import (  # noqa: E402
    COMMON_WORDS,
    FIRST_NAMES,
    LAST_NAMES,
    MASTHEADS,
    PLACES,
    demo_database,
)

DATABASE = "newsroom_bench_imports"
SEED = 20170421
ROWS = 40_000
SPEAKERS = 300
OUTLETS = 25
TEXT_STORIES = 1_000
NEW_STORIES = 3_000
TEXT_SHARE = 0.25
REPRINT_SHARE = 0.1
ARTICLE_SENTENCES = 66  # about 6,000 characters
DAYS = 366
FIRST_DAY = datetime.date(2024, 1, 1)
HEADER = [
    "text",
    "speaker",
    "speaker_title",
    "organisation",
    "outlet",
    "story_headline",
    "story_url",
    "story_published_on",
    "said_on",
    "occasion",
    "extent",
    "medium",
    "reported_via",
]
TITLES = ["Mayor", "Police Commissioner", "State Senator", "Council Member", "Governor", "Comptroller", ""]
OCCASIONS = ["press conference", "radio interview", "council hearing", "", "", ""]


class Generator:
    """The benchmark's names, articles and rows, all drawn from one seeded random generator."""

    def __init__(self, rows=ROWS):
        self.rng = random.Random(SEED)
        self.rows = rows
        rng = self.rng
        self.speakers = ["Bill de Blasio", "James O'Neill"] + [
            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {index}" for index in range(SPEAKERS - 2)
        ]
        self.outlets = ["Gothamist", "Newsmax"] + [
            f"{rng.choice(PLACES)} {rng.choice(MASTHEADS)} {index}" for index in range(OUTLETS - 2)
        ]
        self.text_stories = [self.story(index, "a") for index in range(TEXT_STORIES)]
        self.new_stories = [self.story(index, "n") for index in range(NEW_STORIES)]
        for story in self.text_stories:
            story["sentences"] = [self.sentence() for _ in range(ARTICLE_SENTENCES)]
            story["text"] = self.article(story["sentences"])

    def story(self, index, kind):
        outlet = self.rng.choice(self.outlets)
        slug = re.sub(r"[^a-z0-9]+", "-", outlet.lower())
        return {
            "outlet": outlet,
            "url": f"https://{slug}.example/{kind}/{index}",
            "headline": " ".join(self.words(4)).capitalize(),
            "published_on": FIRST_DAY + datetime.timedelta(days=self.rng.randrange(DAYS)),
        }

    def words(self, count):
        return [self.rng.choice(COMMON_WORDS) for _ in range(count)]

    def sentence(self):
        return " ".join(self.words(self.rng.randint(8, 20))).capitalize() + "."

    def article(self, sentences):
        """Paragraphs of reporting around the quoted sentences, each quoted one in curly marks."""
        paragraphs = []
        for index in range(0, len(sentences), 3):
            said = f"“{sentences[index]}” {self.rng.choice(LAST_NAMES)} said."
            paragraphs.append(" ".join([said, *sentences[index + 1 : index + 3]]))
        return "\n\n".join(paragraphs)

    def text_row(self):
        """A row of a story with text: verbatim (70%), typographic (10%), close (10%) or not found (10%)."""
        story = self.rng.choice(self.text_stories)
        unquoted = story.setdefault("unquoted", self.rng.sample(story["sentences"], len(story["sentences"])))
        text = unquoted.pop() if unquoted else self.sentence()  # each sentence once: a repeat would be skipped
        draw = self.rng.random()
        if draw < 0.1:
            text = text.replace("’", "'")
        elif draw < 0.2:
            words = text.split()
            words[len(words) // 2] = self.rng.choice(COMMON_WORDS)
            text = " ".join(words)
        elif draw < 0.3:
            text = self.sentence()
        return story, text

    def file(self):
        """The CSV file, as bytes (UTF-8, header row first)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        made = 0
        while made < self.rows:
            if self.rng.random() < TEXT_SHARE:
                story, text = self.text_row()
            else:
                story, text = self.rng.choice(self.new_stories), self.sentence()
            speaker = self.rng.choice(self.speakers)
            said_on = story["published_on"] - datetime.timedelta(days=self.rng.randrange(2))
            occasion = self.rng.choice(OCCASIONS)
            copies = self.rng.randint(2, 4) if self.rng.random() < REPRINT_SHARE else 1
            for copy in range(min(copies, self.rows - made)):
                if copy:  # the same statement, another outlet's story of that day, its own punctuation
                    story = self.rng.choice(self.new_stories)
                    text = text.rstrip(".") + ","
                writer.writerow(self.cells(story, text, speaker, said_on, occasion))
                made += 1
        return out.getvalue().encode()

    def cells(self, story, text, speaker, said_on, occasion):
        return [
            text,
            speaker,
            self.rng.choice(TITLES),
            "",
            story["outlet"],
            story["headline"],
            story["url"],
            story["published_on"].isoformat(),
            said_on.isoformat(),
            occasion,
            "full",
            "spoken",
            "",
        ]


def add_text_stories(generator):
    """The stories with article text the file's rows name, as drafts of their outlets."""
    from stories.models import Outlet, Story

    outlets = {outlet.name: outlet for outlet in Outlet.objects.all()}
    Outlet.objects.bulk_create(
        Outlet(name=name, slug=re.sub(r"[^a-z0-9]+", "-", name.lower()))
        for name in generator.outlets
        if name not in outlets
    )
    outlets = {outlet.name: outlet for outlet in Outlet.objects.all()}
    Story.objects.bulk_create(
        Story(
            outlet=outlets[story["outlet"]],
            url=story["url"],
            headline=story["headline"],
            published_on=story["published_on"],
            text=story["text"],
            text_retrieved_on=story["published_on"],
        )
        for story in generator.text_stories
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=ROWS)
    parser.add_argument("--keep-file", type=Path)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()

    generator = Generator(args.rows)
    data = generator.file()
    url = demo_database(DATABASE)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="bench.settings")
    import django

    django.setup()
    from django.db import connection

    add_text_stories(generator)
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    connection.close()
    print(f"PostgreSQL {version}; {args.rows:,} rows, {len(data) / 1e6:.1f} MB; {TEXT_STORIES:,} stories with text.")

    if args.profile:
        from quotes.imports import import_quotes

        profiler = cProfile.Profile()
        start = time.perf_counter()
        profiler.runcall(import_quotes, data)
        print(f"import_quotes, profiled: {time.perf_counter() - start:.1f} s")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        return

    with tempfile.TemporaryDirectory() as scratch:
        path = args.keep_file or Path(scratch) / "quotes.csv"
        path.write_bytes(data)
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "manage.py", "import_quotes", str(path)],
            cwd=ROOT,
            env={**os.environ},
            capture_output=True,
            text=True,
        )
        total = time.perf_counter() - start
    if done.returncode:
        raise SystemExit(f"import_quotes failed:\n{done.stdout}{done.stderr}")
    print(done.stdout.splitlines()[-1] if done.stdout else "")
    times = dict(re.findall(r"(import|grouping) ([0-9.]+) s", done.stdout))
    imported, grouped = float(times["import"]), float(times["grouping"])
    print(
        f"rows {args.rows:,}; import {imported:.1f} s; grouping {grouped:.1f} s; "
        f"{args.rows / imported:,.0f} rows/s (import alone); command in all {total:.1f} s"
    )


if __name__ == "__main__":
    main()
