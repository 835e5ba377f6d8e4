"""Propose the quotations in plain-text articles: `extract_quotes FILE [FILE ...] [--json]`. Writes nothing."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from quotes.extract import extract_quotes
from quotes.proposals import known_speakers


def read_article(path):
    """The file's text, decoded as UTF-8 (a byte-order mark is dropped); a clear error for anything else."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise CommandError(f"No such file: {path}") from None
    except IsADirectoryError:
        raise CommandError(f"{path} is a folder, not a text file.") from None
    except OSError as error:
        raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
    if b"\x00" in data:
        raise CommandError(f"{path} looks like a binary file, not plain text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{path} is not UTF-8 text (byte {error.start} cannot be read). Save it as UTF-8 and try again."
        ) from None


class Command(BaseCommand):
    help = (
        "Propose the quotations in plain-text articles, each with its speaker: matched to an existing speaker "
        "by name, alternative name, surname or role, or a new speaker proposed. Changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="Plain-text articles, UTF-8.")
        parser.add_argument(
            "--json", action="store_true", help="One JSON line per file: its proposals (schema in README)."
        )

    def handle(self, *, files, json: bool, **options):
        texts = {file: read_article(file) for file in files}  # every file readable before any output
        known = known_speakers()  # read once for all the files
        for file, text in texts.items():
            proposals = extract_quotes(text, known)
            if json:
                self.write_json(file, proposals)
            else:
                if len(files) > 1:
                    self.stdout.write(f"== {file}")
                self.write_readable(proposals)

    def write_json(self, file, proposals):
        document = {"file": file, "count": len(proposals), "proposals": [p.as_dict() for p in proposals]}
        self.stdout.write(json.dumps(document, ensure_ascii=False))

    def write_readable(self, proposals):
        for number, proposal in enumerate(proposals, 1):
            if proposal.speaker_slug:
                speaker = f"{proposal.speaker} ({proposal.speaker_slug})"
            elif proposal.speaker:
                speaker = f"{proposal.speaker} (new speaker)"
            else:
                speaker = "no speaker (scare quote or unattributed)"
            self.stdout.write(f"{number}. “{proposal.text}”")
            self.stdout.write(
                f"   {speaker} · {proposal.extent} · confidence {proposal.confidence:.2f} · "
                f"characters {proposal.start}–{proposal.end} · {proposal.reason}"
            )
        self.stdout.write(f"{len(proposals)} quotations proposed.")
