"""The one versioned-document pattern: one reader, one problem type, one save, four documents."""

import io

import pytest
import yaml
from django.core.management import CommandError, call_command

from qiangshi.cultivation.models import TierRuleVersion
from qiangshi.cultivation.tier_rulebook import rule_save, rule_text
from qiangshi.dataio.documents import (
    DocumentInvalid,
    DocumentProblem,
    located,
    mapping_read,
    yaml_read,
)
from qiangshi.enterprises.industry_groups import groups_current, groups_save
from qiangshi.enterprises.models import IndustryGroupsVersion
from qiangshi.evaluation.models import MethodVersion
from qiangshi.evaluation.services import method_save, method_version_get
from qiangshi.plan.definition.schema import plan_parse
from qiangshi.plan.definition.services import plan_load
from tests.plan_data import mini_plan_text

BROKEN = "tier: specialized\nname: 专精特新\nversion: [x\n"


def test_a_problem_reads_as_line_field_and_message():
    assert str(DocumentProblem(3, "缺少必填字段", "plan.code")) == "第 3 行，plan.code：缺少必填字段"
    assert str(DocumentProblem(None, "请填写修改说明")) == "请填写修改说明"


def test_the_reader_keeps_the_line_of_every_key():
    document = yaml_read("plan:\n  code: X\n  title: 标题\n")
    assert (document.line, document["plan"].key_lines["title"]) == (1, 3)


def test_text_that_is_not_yaml_is_refused_with_its_line():
    with pytest.raises(DocumentInvalid) as invalid:
        yaml_read(BROKEN)
    [problem] = invalid.value.problems
    assert problem.line == 4 and str(problem).startswith("第 4 行，YAML：格式错误")


def test_a_document_that_is_not_a_mapping_is_refused():
    with pytest.raises(DocumentInvalid, match="应为一个映射"):
        mapping_read("- a\n- b\n", "应为一个映射")


@pytest.mark.parametrize("save", ["plan", "method", "tier", "groups"])
def test_every_versioned_document_refuses_with_the_same_problem_type(save, reference):
    with pytest.raises(DocumentInvalid) as invalid:
        if save == "plan":
            plan_parse(BROKEN, known_units={})
        elif save == "method":
            method_save({"name": "x"}, based_on=None, note="试")
        elif save == "tier":
            rule_save(BROKEN, note="试")
        else:
            groups_save({}, note="试")
    assert invalid.value.problems
    assert all(isinstance(p, DocumentProblem) for p in invalid.value.problems)


@pytest.mark.parametrize("save", ["method", "tier", "groups"])
def test_a_version_without_a_note_is_refused_and_nothing_saved(save, reference):
    model = {"method": MethodVersion, "tier": TierRuleVersion, "groups": IndustryGroupsVersion}
    before = model[save].objects.count()
    with pytest.raises(DocumentInvalid, match="请填写修改说明"):
        if save == "method":
            base = method_version_get("shandong-default")
            before += 1
            method_save(dict(base.content), based_on=base, note=" ")
        elif save == "tier":
            rule_save("tier: specialized\nname: 试\nversion: x9\n", note="")
        else:
            groups_save(groups_current()[0], note="")
    assert model[save].objects.count() == before


def test_a_plan_with_an_unknown_region_is_refused_as_a_document_problem(reference):
    with pytest.raises(DocumentInvalid) as invalid:
        plan_load(mini_plan_text(**{'region_code: "370100"': 'region_code: "999999"'}))
    assert invalid.value.problems[0].field == "plan.region_code"


def test_a_valid_version_is_saved_with_the_next_number(reference):
    first = groups_save(groups_current()[0], note="第一次")
    second = groups_save(groups_current()[0], note="第二次")
    assert (first.number, second.number) == (1, 2)


def test_a_wrong_method_field_is_reported_with_its_line(reference):
    base = method_version_get("shandong-default")
    text = yaml.safe_dump({**base.content, "classification": {"by": "lottery"}},
                          allow_unicode=True, sort_keys=False)
    with pytest.raises(DocumentInvalid) as invalid:
        method_save(mapping_read(text, "方法应为一个映射"), based_on=base, note="试")
    by = text.splitlines().index("  by: lottery") + 1
    assert any(p.line == by and p.field == "classification.by" for p in invalid.value.problems)


def test_a_wrong_tier_condition_is_reported_with_its_line(reference):
    text = rule_text("specialized", "miit_2022_63")[0].replace(
        "version: miit_2022_63", "version: x1").replace("rd_ratio", "rd_share")
    with pytest.raises(DocumentInvalid) as invalid:
        rule_save(text, note="试")
    wrong = [p for p in invalid.value.problems if "rd_share" in p.message]
    lines = text.splitlines()
    # Each points at the condition or score item (a list entry) that names the metric.
    assert wrong and all(lines[p.line - 1].lstrip().startswith("- ") for p in wrong)


def test_a_checkers_message_without_a_path_keeps_its_text():
    document = yaml_read("a:\n  b: 1\n")
    [problem] = located(["公式 'x' 不存在（可用：a、b）"], document)
    assert (problem.line, str(problem)) == (None, "公式 'x' 不存在（可用：a、b）")
    [nested] = located(["a.b：应为文本"], document)
    assert (nested.line, str(nested)) == (2, "第 2 行，a.b：应为文本")


def test_the_evaluate_command_reports_a_wrong_method_file_with_its_line(reference, tmp_path):
    content = dict(method_version_get("shandong-default").content, name="file-method",
                   classification={"by": "lottery"})
    text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False)
    path = tmp_path / "方法.yaml"
    path.write_text(text, encoding="utf-8")
    by = text.splitlines().index("  by: lottery") + 1
    with pytest.raises(CommandError, match=f"第 {by} 行，classification.by"):
        call_command("mujun", "evaluate", "--year", "2024", "--method", str(path),
                     stdout=io.StringIO(), stderr=io.StringIO())
    assert not MethodVersion.objects.filter(name="file-method").exists()
