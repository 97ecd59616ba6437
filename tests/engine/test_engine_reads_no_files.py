"""The engine is pure: documents (methods, tier rules, classification tables) are read by the
apps (qiangshi.reference, cached) and passed in; no engine module reads a file itself."""

import ast
from pathlib import Path

import qiangshi.engine

ENGINE = Path(qiangshi.engine.__file__).parent
# Modules whose import means reading files or packaged data.
READING_MODULES = {"importlib.resources", "importlib_resources", "pkgutil", "pathlib", "os",
                   "io", "shutil", "glob", "qiangshi.reference"}
# Calls that read or open files, whatever object they are called on.
READING_CALLS = {"open", "read_text", "read_bytes", "read_csv", "read_excel", "read_parquet",
                 "read_ipc", "read_json", "read_ndjson", "scan_csv", "scan_parquet", "scan_ipc",
                 "scan_ndjson", "files", "iterdir", "get_data", "load"}


def _readings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [f"{node.module or ''}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in READING_CALLS:
                found.append(f"{path.name}:{node.lineno} 调用 {name}()")
            continue
        else:
            continue
        found += [f"{path.name}:{node.lineno} 导入 {name}" for name in names
                  if any(name == m or name.startswith(m + ".") for m in READING_MODULES)]
    return found


def test_no_engine_module_opens_reads_or_imports_a_file_reader():
    found = [line for path in sorted(ENGINE.glob("*.py")) for line in _readings(path)]
    assert found == []


def test_the_scan_sees_what_it_looks_for(tmp_path):
    # The scan itself must be able to fail: each kind of reading it looks for is caught.
    sample = tmp_path / "sample.py"
    sample.write_text("from importlib import resources\nimport pathlib\n"
                      "from qiangshi.reference import classifications\n"
                      "open('x')\nresources.files('p').joinpath('a').read_text()\n"
                      "pl.read_csv('f.csv')\nyaml.safe_load(open('f'))\n", encoding="utf-8")
    assert len(_readings(sample)) == 8
