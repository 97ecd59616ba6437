"""The demo generator makes the same tables for the same seed as before it was split (issue 12 §4).

The checksums were taken on the one-module generator (enterprises/demo_generate.py, commit
85b01ad) before its calibration data moved to packaged files and its tables to one generator
each; a changed constant, a reordered random draw or a float read back differently from a data
file changes a checksum. No database.
"""

import hashlib

import pytest

from qiangshi.enterprises.columns import ENTERPRISE_COLUMNS, FACT_COLUMNS
from qiangshi.enterprises.demo_generate import generate

# (seed, firms, above_scale) → SHA-256 (first 16 hex digits) of each table written as CSV;
# 1,500 firms with 600 规上 place two of the anchor firms, 300 with 100 only one.
CHECKSUMS = {
    (11, 300, 100): {"企业": "da8c8db959c2e0bc", "荣誉资质": "76ab215a24d0831c",
                     "年度数据": "d4970ff1d65fb3ff", "月度数据": "fcb37f57108f6a47"},
    (3, 1500, 600): {"企业": "19c833d251e0f3d4", "荣誉资质": "aa98ab7093f9a4cd",
                     "年度数据": "0cfb74e9ab08a157", "月度数据": "943ddb5fa76475b3"},
}


# Added to the template after the checksums were taken; the demo leaves it empty.
LATER_EMPTY = FACT_COLUMNS["land_area"]
# Added to the registry later, read from each firm's industry code (which the checksum holds).
LATER_DERIVED = ENTERPRISE_COLUMNS["main_products"]


def _checksums(tables) -> dict[str, str]:
    assert tables["年度数据"][LATER_EMPTY].null_count() == tables["年度数据"].height
    return {name: hashlib.sha256(frame.drop(LATER_EMPTY, LATER_DERIVED, strict=False).write_csv().encode())
            .hexdigest()[:16] for name, frame in tables.items()}


@pytest.mark.parametrize("size", sorted(CHECKSUMS))
def test_demo_tables_are_identical_to_before_the_split_for_the_same_seed(size):
    seed, firms, above_scale = size
    assert _checksums(generate(seed=seed, firms=firms, above_scale=above_scale)) == CHECKSUMS[size]
