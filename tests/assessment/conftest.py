"""A plan with three assessment units and a two-indicator scheme whose result is worked by hand.

历下 (370102), 市中 (370103) and 高新区 (370171, a zone). 2024 figures:

| unit | 营收 2023 → 2024 | 同比 | 功效系数 0 → 60, 10 → 100 | 固废 | 线性 50 → 0, 100 → 100 | 0.6 / 0.4 |
|---|---|---|---|---|---|---|
| 历下 | 100 → 110 | 10 % | 100 | 90 | 80 | 60 + 32 = 92 |
| 市中 | 200 → 210 | 5 % | 80 | 100 | 100 | 48 + 40 = 88 |
| 高新区 | 100 → 100 | 0 % | 60 | 60 | 20 | 36 + 8 = 44 |
"""

import pytest

from qiangshi.assessment.services import scheme_load
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation
from tests.plan_data import mini_plan_text

UNITS = ["370102", "370103", "370171"]
REGIONS = {"  base_year: 2022\n": f'  base_year: 2022\n  regions: {UNITS}\n'.replace("'", '"')}
FIGURES = """指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明
MFG-REV,370100,2023,1000,,最终,公报
MFG-REV,370100,2024,1020,,最终,公报
MFG-REV,370102,2023,100,,最终,区报
MFG-REV,370102,2024,110,,最终,区报
MFG-REV,370103,2023,200,,最终,区报
MFG-REV,370103,2024,210,,最终,区报
MFG-REV,370171,2023,100,,最终,区报
MFG-REV,370171,2024,100,,最终,区报
GRN-SOLID-WASTE,370102,2024,90,,最终,区报
GRN-SOLID-WASTE,370103,2024,100,,最终,区报
GRN-SOLID-WASTE,370171,2024,60,,最终,区报
"""
SCHEME = """name: test-scheme
title: 测试考核办法
document_number: 测考〔2024〕1号
indicators:
  - key: growth
    name: 营业收入增速
    weight: 60
    unit: "%"
    method: efficacy
    low: 0
    high: 10
    cap: 100
    source: {type: figure, indicator: MFG-REV, measure: yoy}
  - key: waste
    name: 固废利用率
    weight: 40
    unit: "%"
    method: linear
    low: 50
    high: 100
    source: {type: figure, indicator: GRN-SOLID-WASTE}
uncertainty: {draws: 40, seed: 7}
marks: {blue: 1, yellow: 0, red: 1}
"""


def figures_load(plan, text: str) -> None:
    report = observation_import(text.encode(), "figures.csv", plan=plan,
                                source_kind=Observation.SourceKind.PUBLISHED)
    assert report.errors == [] and report.written, report.errors[:2]


@pytest.fixture
def unit_plan(reference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_load(mini_plan_text(**REGIONS)).plan
        figures_load(plan, FIGURES)
    return plan


@pytest.fixture
def scheme(unit_plan):
    return scheme_load(SCHEME, note="测试")
