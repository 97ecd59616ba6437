"""`make setup`/`make run` take the knobs .ci/fresh-clone uses, and default to the developer's
editable install with the full demo."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def _planned(tmp_path, *args) -> list[str]:
    # -n prints the commands without running them; -B plans every step, whatever is built.
    result = subprocess.run(
        ["make", "--no-print-directory", "-n", "-B", *args, f"VENV={tmp_path / 'venv'}"],  # noqa: S607
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    return result.stdout.splitlines()


def test_install_and_demo_firms_knobs_reach_the_setup_commands(tmp_path):
    lines = _planned(tmp_path, "setup", "INSTALL=.", "DEMO_FIRMS=300")
    assert any(line.endswith("pip install --quiet .") for line in lines)
    assert any(line.endswith("qiangshi demo load --if-empty --firms 300") for line in lines)


def test_run_defaults_to_an_editable_install_and_the_full_demo(tmp_path):
    lines = _planned(tmp_path, "run", "PORT=8123")
    assert any(line.endswith("pip install --quiet -e .") for line in lines)
    assert any(line.rstrip().endswith("qiangshi demo load --if-empty") for line in lines)
    assert lines[-1].endswith("qiangshi serve 127.0.0.1:8123")  # the server and the job worker
