"""The layers of docs/architecture.md hold: `lint-imports` checks the contracts in
pyproject.toml (engine pure, layers, the doors of the domain apps, the parts of
plan, pages that only read), so `make test` fails as
`make lint` does when an import breaks one."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache"], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def test_every_import_contract_is_kept():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_catch_django_or_a_file_reader_in_the_engine_an_upward_import_a_side_door_and_a_page_that_computes(  # noqa: E501
        tmp_path):
    # The checker must be able to fail: the same contracts over a copy of the code with one
    # breach of each kind.
    shutil.copytree(ROOT / "src" / "qiangshi", tmp_path / "src" / "qiangshi",
                    ignore=shutil.ignore_patterns("static", "templates", "data", "__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    breaches = {"engine/periods.py": "import django\n", "engine/sizes.py": "import pathlib\n",
                "accounts/selectors.py": "import qiangshi.cockpit.selectors\n",
                "projects/services.py": "import qiangshi.enterprises.models\n",
                "plan/figures/store.py": "import qiangshi.plan.monitoring.reaction\n",
                "plan/views.py": "import qiangshi.plan.computed.formulas\n"}
    for path, line in breaches.items():
        with (tmp_path / "src" / "qiangshi" / path).open("a", encoding="utf-8") as module:
            module.write(line)
    result = _lint(tmp_path, env={"PYTHONPATH": str(tmp_path / "src"), "PATH": "/usr/bin:/bin"})
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "5 broken" in output
    assert "qiangshi.engine.periods -> django" in output
    assert "qiangshi.engine.sizes -> pathlib" in output
    assert "qiangshi.accounts.selectors -> qiangshi.cockpit.selectors" in output
    assert "qiangshi.projects.services -> qiangshi.enterprises.models" in output
    assert "qiangshi.plan.figures.store -> qiangshi.plan.monitoring.reaction" in output
    assert "qiangshi.plan.views -> qiangshi.plan.computed.formulas" in output
