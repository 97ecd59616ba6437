"""Location quotients against a loaded benchmark, and none without one (issue 15 §2).

Registry (tests/chains/registry.py): city revenue 170,000; 3841 firms 110,000, 3612 50,000.
Benchmark: 3841 holds 0.5 of the province's revenue, 3612 0.1 → LQ 动力电池 = (110/170)/0.5 =
1.294…, 整车 = (50/170)/0.1 = 2.941…; 3829 is not in the benchmark, so 充电设施 has no LQ.
"""

import polars as pl
import pytest

from qiangshi.chains.models import NodeResult
from qiangshi.chains.services import ChainRefused, benchmark_load, chains_load, run_create
from tests.chains.registry import CHAIN, registry


@pytest.fixture
def firms(reference):
    chains_load(CHAIN, note="测试")
    return registry()


def _lq(run):
    return dict(NodeResult.objects.filter(run=run).values_list("node", "lq"))


def test_without_a_benchmark_no_quotient_is_invented(firms):
    run = run_create()
    assert run.benchmark is None and set(_lq(run).values()) == {None}


def test_a_loaded_benchmark_gives_each_node_its_quotient_and_a_new_run(firms):
    before = run_create()
    benchmark = benchmark_load(pl.DataFrame({"industry_code": ["3841", "3612"], "share": [0.5, 0.1]}),
                               name="山东省工业营业收入结构", source="测试来源", year=2024)
    run = run_create()
    assert run != before and run.benchmark == benchmark
    lq = _lq(run)
    assert lq["动力电池"] == pytest.approx(110 / 170 / 0.5)
    assert lq["整车"] == pytest.approx(50 / 170 / 0.1)
    assert lq["充电设施"] is None  # its industry is not in the benchmark


def test_a_benchmark_by_revenue_is_turned_into_shares_and_codes_keep_four_digits(firms):
    benchmark = benchmark_load(pl.DataFrame({"industry_code": [3841, 111], "revenue": [300.0, 100.0]}),
                               name="全国", source="测试来源", year=2024)
    assert benchmark.shares == [{"industry_code": "3841", "share": 0.75},
                                {"industry_code": "0111", "share": 0.25}]


def test_a_benchmark_without_source_or_with_a_share_above_one_is_refused(firms):
    with pytest.raises(ChainRefused, match="请写明基准的来源"):
        benchmark_load(pl.DataFrame({"industry_code": ["3841"], "share": [0.5]}), name="省", source=" ",
                       year=2024)
    with pytest.raises(ChainRefused, match="占比应大于0且不超过1"):
        benchmark_load(pl.DataFrame({"industry_code": ["3841"], "share": [1.5]}), name="省", source="s",
                       year=2024)
