"""Fetch the browser libraries named in the vendor manifest from the npm registry.

The manifest (src/qiangshi/static/vendor/manifest.json) is the one place that
records which package, version and files the pages use. This script runs
`npm pack` for each entry, copies the listed files under
static/vendor/<package>/<version>/ together with the package licence, and
writes each file's SHA-256 back into the manifest. Government networks are
closed, so the files are committed and served by WhiteNoise; nothing is
fetched at run time.
"""

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VENDOR = Path(__file__).resolve().parent.parent / "src" / "qiangshi" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _fetch(package: str, entry: dict, workdir: Path) -> None:
    spec = f"{package}@{entry['version']}"
    out = subprocess.run(  # noqa: S603 - package names come from the committed manifest
        ["npm", "pack", spec, "--silent", "--pack-destination", str(workdir)],  # noqa: S607
        check=True, capture_output=True, text=True,
    )
    tarball = workdir / out.stdout.strip().splitlines()[-1]
    unpacked = workdir / package.replace("/", "_")
    with tarfile.open(tarball) as tar:
        tar.extractall(unpacked, filter="data")
    target = VENDOR / package / entry["version"]
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    hashes = {}
    for source in [*entry["files"], entry["license"]]:
        copied = target / Path(source).name
        shutil.copyfile(unpacked / "package" / source, copied)
        hashes[Path(source).name] = _sha256(copied)
    entry["sha256"] = hashes


def main() -> int:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        for package, entry in manifest.items():
            _fetch(package, entry, Path(tmp))
            print(f"{package}@{entry['version']}: {', '.join(entry['sha256'])}")
    MANIFEST.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
