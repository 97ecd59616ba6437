"""Issue 11 §2 applied to the figure import: absent columns keep stored values, 清空 clears,
headers normalised, impossible values refused, dry-run = the real import rolled back."""

from qiangshi.dataio.validation import NOT_FINITE
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, ObservationRevision

FULL = ("指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明\n"
        "MFG-REV,370100,2023,8640,8,初步,统计公报\n")


def _import(text: str, **options):
    return observation_import(text.encode(), "数据.csv", **options)


def _revenue():
    return Observation.objects.get(indicator__code="MFG-REV", year=2023)


def test_a_column_absent_from_the_file_keeps_the_stored_values(mini_plan):
    _import(FULL, plan=mini_plan)
    report = _import("指标代码,地区代码,期别,数值\nMFG-REV,370100,2023,8640\n", plan=mini_plan)
    assert (report.unchanged, report.updated) == (1, 0)
    figure = _revenue()
    assert (figure.yoy_growth, figure.status, figure.source) == (8, "preliminary", "统计公报")


def test_empty_cells_keep_and_the_clear_mark_clears(mini_plan):
    _import(FULL, plan=mini_plan)
    _import("指标代码,地区代码,期别,数值,同比增长(%),来源说明\nMFG-REV,370100,2023,8650,,清空\n",
            plan=mini_plan)
    figure = _revenue()
    assert (figure.value, figure.yoy_growth, figure.source) == (8650, 8, "")
    _import("指标代码,地区代码,期别,数值,同比增长(%)\nMFG-REV,370100,2023,8650,清空\n",
            plan=mini_plan)
    assert _revenue().yoy_growth is None


def test_headers_match_whatever_the_brackets_and_spaces(mini_plan):
    report = _import("指标代码, 地区 代码 ,期别,数　值,同比增长（％）\nMFG-REV,370100,2023,８６４０,8\n",
                     plan=mini_plan)
    assert report.written, report.errors
    assert (_revenue().value, _revenue().yoy_growth) == (8640, 8)


def test_repeated_headers_are_refused_and_unknown_ones_warned(mini_plan):
    repeated = _import("指标代码,地区代码,期别,数值,数 值\nMFG-REV,370100,2023,1,2\n", plan=mini_plan)
    assert not repeated.written and "表头重复" in repeated.errors[0].reason
    unknown = _import("指标代码,地区代码,期别,数值,备注\nMFG-REV,370100,2023,1,x\n", plan=mini_plan)
    assert unknown.written and [w.value for w in unknown.warnings] == ["备注"]


def test_values_no_column_can_hold_are_refused_in_chinese(mini_plan):
    long_source = "说" * 301
    report = _import("指标代码,地区代码,期别,数值,同比增长(%),来源说明\n"
                     "MFG-REV,370100,2021,NaN,,\n"
                     "MFG-REV,370100,2022,inf,,\n"
                     "MFG-REV,370100,2023,1e400,,\n"
                     "MFG-REV,370100,2024,1,-inf,\n"
                     f"MFG-REV,370100,2025,1,,{long_source}\n"
                     "MFG-REV,370100,2020,1,,a\x00b\n", plan=mini_plan)
    reasons = {e.row: e.reason for e in report.errors}
    assert reasons[2] == reasons[3] == reasons[4] == reasons[5] == NOT_FINITE
    assert "超过 300 个字符" in reasons[6] and "NUL" in reasons[7]
    assert not Observation.objects.exists()


def test_a_header_only_file_says_so(mini_plan):
    report = _import("指标代码,地区代码,期别,数值\n", plan=mini_plan)
    assert [e.reason for e in report.errors] == ["文件中没有数据行"]


def test_dry_run_counts_and_messages_are_those_of_the_real_import(mini_plan):
    _import(FULL, plan=mini_plan)
    mixed = ("指标代码,地区代码,期别,数值,来源说明\n"
             "MFG-REV,370100,2023,8640,统计公报\n"   # unchanged
             "MFG-REV,370100,2022,8000,统计公报\n"   # new
             "MFG-REV,370100,2021,NaN,统计公报\n"    # rejected
             "MFG-REV,370100,2023年1-6月,4000,\n")  # new
    dry = _import(mixed, plan=mini_plan, valid_only=True, dry_run=True)
    assert not dry.written and Observation.objects.count() == 1
    real = _import(mixed, plan=mini_plan, valid_only=True)
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated,
                                                         real.unchanged) == (2, 0, 1)
    assert [str(e) for e in dry.errors] == [str(e) for e in real.errors]
    assert ObservationRevision.objects.count() == 3


def test_a_changed_figure_records_who_when_and_a_new_version(mini_plan, admin_user):
    _import(FULL, plan=mini_plan)
    before = _revenue()
    _import(FULL.replace("8640", "8700"), plan=mini_plan, user=admin_user)
    after = _revenue()
    assert (after.value, after.version, after.updated_by, after.computed_from) == (
        8700, before.version + 1, admin_user, None)
    assert after.updated_at > before.updated_at and after.updated_at.tzinfo is not None
    assert after.source_kind == "reported"
