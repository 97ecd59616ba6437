import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest

PACKAGE = Path(resources.files("qiangshi"))
MANIFEST = json.loads((PACKAGE / "static/vendor/manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("package", sorted(MANIFEST))
def test_vendored_files_match_the_pinned_manifest(package):
    entry = MANIFEST[package]
    folder = PACKAGE / "static/vendor" / package / entry["version"]
    for name, digest in entry["sha256"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest, name


def test_no_template_loads_anything_from_outside_the_server():
    external = re.compile(r"""(src|href)=["']?(https?:)?//""")
    for template in PACKAGE.rglob("*.html"):
        assert not external.search(template.read_text(encoding="utf-8")), template


@pytest.mark.django_db
def test_vendored_scripts_are_served_by_the_platform(client):
    for package, entry in MANIFEST.items():
        for name in entry["sha256"]:
            if name.endswith(".js"):
                response = client.get(f"/static/vendor/{package}/{entry['version']}/{name}")
                assert response.status_code == 200, name
