import pytest

from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.plan.definition.schema import plan_parse
from tests.plan_data import mini_plan_text

UNITS = {name: name for name in ["市工业和信息化局", "市科技局", "市统计局", "市生态环境局",
                                 "市发展改革委"]} | {"市发改委": "市发展改革委"}


def _errors(text) -> list[str]:
    with pytest.raises(DocumentInvalid) as invalid:
        plan_parse(text, known_units=UNITS)
    return [str(e) for e in invalid.value.problems]


def test_valid_plan_parses_with_aliases_resolved():
    plan = plan_parse(mini_plan_text(), known_units=UNITS)
    assert [i.code for i in plan.indicators] == ["MFG-REV", "GRN-SOLID-WASTE", "T1-LABS"]
    assert plan.tasks[0].supporting_units == ["市科技局", "市发展改革委"]
    assert plan.indicators[2].aspirational is True


def test_unknown_kind_is_reported_with_its_line_and_field():
    errors = _errors(mini_plan_text(**{"kind: share": "kind: percentage"}))
    assert errors == [
        "第 49 行，indicators[1].kind：取值 'percentage' 无效，可选：annual_flow、avg_growth、"
        "change、cumulative、differential、direction、level、qualitative、rank、share"
    ]


def test_every_problem_is_reported_at_once():
    text = mini_plan_text(**{
        "code: MFG-REV": "code: mfg rev",
        "reporting_units: [市生态环境局]": "reporting_units: [市环保局]",
        "target_value: 73": "target_value: 173",
    })
    errors = _errors(text)
    assert len(errors) == 3
    assert any("indicators[0].code" in e and "不合规范" in e for e in errors)
    assert any("未知单位 '市环保局'" in e for e in errors)
    assert any("高于自然上限 100" in e for e in errors)


def test_missing_required_field_names_the_field():
    errors = _errors(mini_plan_text(**{"    sentence: 规模以上工业营业收入突破1万亿元\n": ""}))
    assert errors == ["第 25 行，indicators[0].sentence：缺少必填字段"]


def test_references_to_undefined_task_and_category_are_refused():
    errors = _errors(mini_plan_text(**{"task: 1\n": "task: 9\n", "category: green": "category: x"}))
    assert any("任务 9 不存在" in e for e in errors)
    assert any("类别 'x' 未在 categories 中定义" in e for e in errors)


def test_duplicate_indicator_codes_are_refused():
    errors = _errors(mini_plan_text(**{"code: T1-LABS": "code: MFG-REV"}))
    assert any("'MFG-REV' 重复" in e for e in errors)


def test_target_year_outside_the_period_is_refused():
    errors = _errors(mini_plan_text(**{"target_value: 73\n    target_year: 2025":
                                       "target_value: 73\n    target_year: 2030"}))
    assert any("目标年 2030 不在计划期 2023–2025 内" in e for e in errors)


def test_broken_yaml_reports_the_line():
    errors = _errors("plan:\n  code: [unclosed\n")
    assert errors[0].startswith("第 3 行，YAML：格式错误")


def test_wrong_types_are_named():
    errors = _errors(mini_plan_text(**{"aspirational: true": "aspirational: 是"}))
    assert any("应为 true 或 false" in e for e in errors)


def test_an_indicator_precedence_is_read_and_a_wrong_one_is_refused_in_chinese():
    listed = "    source: reported\n    reporting_units: [市生态环境局]\n"
    plan = plan_parse(mini_plan_text(**{listed: listed + "    precedence: [computed, published]\n"}),
                      known_units=UNITS)
    assert plan.indicators[1].precedence == ["computed", "published"]
    assert plan.indicators[0].precedence == []
    errors = _errors(mini_plan_text(**{listed: listed + "    precedence: [official]\n"}))
    assert len(errors) == 1 and "indicators[1].precedence：应为不重复的来源列表" in errors[0]
