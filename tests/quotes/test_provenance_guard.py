"""A regression guard on real coverage: the development sets' figures may not fall more than 0.02 below the
figures recorded in eval/figures-dev.json.

The development sets (eval/dev-*.json) are for finding what fails; the test sets (eval/test-*.json) are measured
only once a change is finished, and never here. After an improvement, record the new figures:

    ./dev manage evaluate_provenance eval/dev-*.json --json | .venv/bin/python -m tests.quotes.test_provenance_guard
"""

import io
import json
import sys

import pytest
from django.core.management import call_command

from newsroom.settings import BASE_DIR

EVAL = BASE_DIR / "eval"
RECORDED = EVAL / "figures-dev.json"
TOLERANCE = 0.02


def guarded(total):
    """The system's figures in an evaluate_provenance --json total, by a dotted name."""
    figures = {"locating.share": total["locating"]["share"]}
    for speakers, extraction in total["extraction"].items():
        for name in ("precision", "recall", "recall_full", "recall_fragment", "attribution"):
            figures[f"extraction.{speakers}.{name}"] = extraction[name]
    for quotes, grouping in total["grouping"].items():
        for name in ("precision", "recall", "f1"):
            figures[f"grouping.{quotes}.{name}"] = grouping["system"][name]
    return {name: round(value, 3) for name, value in figures.items() if value is not None}


@pytest.mark.django_db
def test_the_development_sets_figures_do_not_fall_below_those_recorded():
    sets = sorted(str(path) for path in EVAL.glob("dev-*.json"))
    assert sets, "no development set in eval/"
    output = io.StringIO()
    call_command("evaluate_provenance", *sets, "--json", stdout=output)

    measured = guarded(json.loads(output.getvalue())["total"])
    recorded = json.loads(RECORDED.read_text())

    assert set(measured) == set(recorded)
    fallen = {
        name: (recorded[name], measured[name]) for name in recorded if measured[name] < recorded[name] - TOLERANCE
    }
    assert fallen == {}, "figures fell (recorded, measured); if on purpose, record them again (module docstring)"


if __name__ == "__main__":
    RECORDED.write_text(json.dumps(guarded(json.load(sys.stdin)["total"]), indent=2, sort_keys=True) + "\n")
