"""The benchmarks say what they need before minutes of setup, not with a traceback after."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_pages_benchmark_without_wrk_says_how_to_install_it(tmp_path):
    (tmp_path / "curl").symlink_to("/bin/true")  # on PATH: everything but wrk

    result = subprocess.run(
        [sys.executable, "bench/pages.py"], cwd=ROOT, env={"PATH": str(tmp_path)}, capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stderr == "pages.py needs wrk, not found on PATH: apt-get install wrk\n"
