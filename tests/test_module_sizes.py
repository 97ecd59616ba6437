"""No Python module of the package grows over 600 lines (issue 12 §4).

A module that long holds several modules (engine/progress.py held eight indicator kinds
and their wording in 1,333 lines); new code copies whatever pattern it finds, so the
limit is checked for every module, with no exceptions: the last ones (engine/mujun.py with
mujun_method.py, engine/extract.py, enterprises/demo_generate.py) became packages along
their own sections. Migrations are generated and data files (CSV, YAML, JSON, vendored
scripts) are not modules, so neither is counted.
"""

from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "qiangshi"
MAX_LINES = 600


def _module_lines() -> dict[str, int]:
    return {
        path.relative_to(SRC).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in SRC.rglob("*.py")
        if "migrations" not in path.relative_to(SRC).parts
    }


def test_no_module_over_600_lines():
    too_long = {name: lines for name, lines in _module_lines().items() if lines > MAX_LINES}
    assert too_long == {}, f"模块超过 {MAX_LINES} 行，请按其内部章节拆分: {too_long}"
