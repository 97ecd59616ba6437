"""Every third-party module the package imports must be a declared runtime dependency.

A fresh `pip install .` installs only `dependencies`; a module that arrives through the dev
extra (numpy through pandas) works in the developer's venv and fails on a fresh machine.
"""

import ast
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "qiangshi"


def _top_level_imports(source: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"), filename=str(source))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _runtime_distributions() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {canonicalize_name(Requirement(spec).name) for spec in project["dependencies"]}


def _third_party_modules() -> dict[str, set[Path]]:
    """Top-level module name -> files importing it, for modules neither stdlib nor ours."""
    found: dict[str, set[Path]] = {}
    for source in PACKAGE.rglob("*.py"):
        for name in _top_level_imports(source):
            if name in sys.stdlib_module_names or name in {"qiangshi", "__future__"}:
                continue
            found.setdefault(name, set()).add(source.relative_to(ROOT))
    return found


def test_every_third_party_import_is_a_declared_runtime_dependency():
    declared = _runtime_distributions()
    owners = packages_distributions()
    missing = {}
    for module, files in sorted(_third_party_modules().items()):
        distributions = {canonicalize_name(d) for d in owners.get(module, [])}
        if not distributions:
            pytest.fail(f"{module} (imported by {sorted(map(str, files))}) is not installed at all")
        if not distributions & declared:
            missing[module] = sorted(map(str, files))
    assert missing == {}, f"imported at run time but not in [project] dependencies: {missing}"


def test_the_scan_sees_the_imports_it_must_check():
    # Guards the test above against passing vacuously (a wrong path, a parser that finds nothing).
    modules = _third_party_modules()
    assert {"django", "polars", "yaml"} <= modules.keys()
