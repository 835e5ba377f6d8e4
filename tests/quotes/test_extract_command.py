"""`manage.py extract_quotes FILE --json`: a plain-text article in, proposed quotations out."""

import io
import json

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import make_speaker

pytestmark = pytest.mark.django_db

ARTICLE = (
    "Mayor Jane Roe spoke on Friday.\n\n"
    "“Crime is down in every borough,” Roe said. The so-called “broken windows” policy was not discussed.\n\n"
    "“We are hiring,” said Fire Commissioner Daniel Nigro.\n"
)


def extract(*args):
    out = io.StringIO()
    call_command("extract_quotes", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def test_it_prints_each_proposal_as_json_matched_to_existing_speakers(article):
    make_speaker(name="Jane Roe", slug="jane-roe", title="Mayor")

    document = json.loads(extract(str(article), "--json"))

    assert document["count"] == 3
    crime, windows, hiring = document["proposals"]
    assert crime == {
        "text": "Crime is down in every borough,",
        "start": ARTICLE.index("Crime"),
        "end": ARTICLE.index("Crime") + len("Crime is down in every borough,"),
        "segments": [[ARTICLE.index("Crime"), ARTICLE.index("Crime") + len("Crime is down in every borough,")]],
        "extent": "full",
        "format": "double",
        "speaker": "Jane Roe",
        "speaker_slug": "jane-roe",
        "speaker_title": "Mayor",
        "confidence": crime["confidence"],
        "reason": "speaker and speech verb right after the quotation",
    }
    assert 0.9 <= crime["confidence"] <= 1
    assert (windows["text"], windows["speaker"], windows["speaker_slug"]) == ("broken windows", None, None)
    assert (hiring["speaker"], hiring["speaker_slug"]) == ("Daniel Nigro", None)  # a new speaker proposed


def test_the_offsets_index_the_files_text(article):
    for proposal in json.loads(extract(str(article), "--json"))["proposals"]:
        assert ARTICLE[proposal["start"] : proposal["end"]] == proposal["text"]


def test_the_demo_article_gives_its_quotations_with_the_demo_speakers(demo):
    document = json.loads(extract(str(settings.BASE_DIR / "demo" / "newsmax-2017-04-21.txt"), "--json"))

    assert [p["speaker_slug"] for p in document["proposals"]] == [
        "bill-de-blasio",
        "us-department-of-justice",
        "bill-de-blasio",
        "bill-de-blasio",
        "us-department-of-justice",
        "james-oneill",
        "james-oneill",
        "james-oneill",
    ]


def test_without_json_it_prints_a_readable_list(article):
    output = extract(str(article))

    assert "1. “Crime is down in every borough,”" in output
    assert "Jane Roe (new speaker) · full" in output
    assert "no speaker (scare quote or unattributed)" in output
    assert output.endswith("3 quotations proposed.\n")


def test_a_byte_order_mark_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff".encode() + ARTICLE.encode())

    first = json.loads(extract(str(path), "--json"))["proposals"][0]

    assert ARTICLE[first["start"] : first["end"]] == first["text"]


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file: .*missing.txt"):
        extract(str(tmp_path / "missing.txt"), "--json")


def test_a_folder_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="is a folder, not a text file"):
        extract(str(tmp_path), "--json")


def test_a_file_in_another_encoding_is_a_clear_error(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("“Crime is down,” said the préfet.".encode("cp1252"))

    with pytest.raises(CommandError, match="is not UTF-8 text"):
        extract(str(path), "--json")


def test_a_binary_file_is_a_clear_error(tmp_path):
    path = tmp_path / "image.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")

    with pytest.raises(CommandError, match="looks like a binary file"):
        extract(str(path), "--json")


def test_many_files_in_one_run_give_one_json_line_each(tmp_path, settings):
    first = settings.BASE_DIR / "demo" / "newsmax-2017-04-21.txt"
    second = tmp_path / "short.txt"
    second.write_text('"We will not back down," Mayor Ana Ruiz said on Tuesday.\n', encoding="utf-8")

    lines = extract(str(first), str(second), "--json").splitlines()

    documents = [json.loads(line) for line in lines]
    assert [document["file"] for document in documents] == [str(first), str(second)]
    assert documents[0]["count"] == len(documents[0]["proposals"]) > 5
    assert [(p["text"], p["speaker"]) for p in documents[1]["proposals"]] == [("We will not back down,", "Ana Ruiz")]


def test_one_unreadable_file_stops_the_run_before_any_output(tmp_path, settings):
    with pytest.raises(CommandError, match="No such file"):
        extract(str(settings.BASE_DIR / "demo" / "newsmax-2017-04-21.txt"), str(tmp_path / "missing.txt"), "--json")
