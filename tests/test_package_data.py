"""Every file the package reads at run time is shipped with it: `make run` installs the package
(not the source tree), so a data file that no package-data pattern names is missing there —
as the packaged 考核办法 was in a fresh clone while the editable install of the tests had it."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "qiangshi"
CODE = {".py", ".pyc"}


def test_every_data_file_of_the_package_is_named_by_a_package_data_pattern():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["qiangshi"]
    shipped = {path for pattern in patterns for path in PACKAGE.glob(pattern) if path.is_file()}
    data = {path for path in PACKAGE.rglob("*")
            if path.is_file() and path.suffix not in CODE and "__pycache__" not in path.parts}
    missing = sorted(str(path.relative_to(PACKAGE)) for path in data - shipped)
    assert not missing, f"not in [tool.setuptools.package-data]: {missing}"
