"""The engine is pure: documents (methods, tier rules, classification tables) are read by the
apps (qiangshi.reference, cached) and passed in; no engine module reads a file itself.

Imports of file readers (os, io, pathlib, importlib, qiangshi.reference …) are refused by the
`engine-pure` import contract (tests/test_import_contracts.py); this scan finds the calls that
need no import: open() and the readers of polars and pathlib objects handed in."""

import ast
from pathlib import Path

import qiangshi.engine

ENGINE = Path(qiangshi.engine.__file__).parent
# Calls that read or open files, whatever object they are called on.
READING_CALLS = {"open", "read_text", "read_bytes", "read_csv", "read_excel", "read_parquet",
                 "read_ipc", "read_json", "read_ndjson", "scan_csv", "scan_parquet", "scan_ipc",
                 "scan_ndjson", "files", "iterdir", "get_data", "load"}


def _readings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in READING_CALLS:
                found.append(f"{path.name}:{node.lineno} 调用 {name}()")
    return found


def test_no_engine_module_opens_or_reads_a_file():
    found = [line for path in sorted(ENGINE.rglob("*.py")) for line in _readings(path)]
    assert found == []


def test_the_scan_sees_what_it_looks_for(tmp_path):
    # The scan itself must be able to fail: each kind of reading it looks for is caught.
    sample = tmp_path / "sample.py"
    sample.write_text("open('x')\nresources.files('p').joinpath('a').read_text()\n"
                      "pl.read_csv('f.csv')\nyaml.safe_load(open('f'))\n", encoding="utf-8")
    assert len(_readings(sample)) == 5
