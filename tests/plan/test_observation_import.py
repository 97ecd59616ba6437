import io

import polars as pl
import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Observation, ObservationRevision

HEADER = ["指标代码", "地区代码", "期别", "数值", "同比增长(%)", "数据状态", "来源说明"]


def _xlsx(rows, sheet="数据", header=HEADER) -> bytes:
    frame = pl.DataFrame([dict(zip(header, row, strict=True)) for row in rows],
                         schema=dict.fromkeys(header, pl.String))
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet=sheet)
    return buffer.getvalue()


def _csv(rows, header=HEADER) -> bytes:
    lines = [",".join(header)] + [",".join(row) for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


GOOD = [
    ["MFG-REV", "370100", "2024年1-6月", "4,850.5", "6.2", "初步", "市统计局月报"],
    ["MFG-REV", "370100", "2023", "9200", "", "最终", "统计公报"],
    ["GRN-SOLID-WASTE", "历下区", "2023", "71.5", "", "", ""],
]


def test_valid_file_writes_every_row_with_a_revision(mini_plan):
    report = observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan)
    assert report.errors == []
    assert (report.created, report.updated, report.written) == (3, 0, True)
    half = Observation.objects.get(year=2024)
    assert (half.month, half.period_type, half.value, half.yoy_growth, half.status) == (
        6, "ytd", 4850.5, 6.2, "preliminary")
    assert Observation.objects.get(region__code="370102").status == "final"
    assert ObservationRevision.objects.filter(old_value=None).count() == 3
    assert AuditEvent.objects.filter(changes__has_key="observation_import").count() == 1


def test_reimporting_the_same_file_changes_nothing(mini_plan):
    observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan)
    audit_rows = AuditEvent.objects.count()
    report = observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan)
    assert (report.created, report.updated, report.unchanged, report.written) == (0, 0, 3, False)
    assert ObservationRevision.objects.count() == 3
    assert AuditEvent.objects.count() == audit_rows


def test_a_changed_figure_keeps_the_old_value_who_and_when(mini_plan, admin_user):
    observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan)
    revised = [["MFG-REV", "370100", "2023", "9250", "", "最终", "统计公报（修订）"]]
    report = observation_import(_csv(revised), "修订.csv", plan=mini_plan, user=admin_user)
    assert (report.created, report.updated) == (0, 1)
    revision = ObservationRevision.objects.filter(old_value__isnull=False).get()
    assert (revision.old_value, revision.new_value) == (9200, 9250)
    assert revision.changed_by == admin_user and revision.changed_at is not None
    assert Observation.objects.get(year=2023, region__code="370100").value == 9250


BAD = [
    ["NOPE", "370100", "2024", "1", "", "", ""],
    ["MFG-REV", "999999", "2024", "1", "", "", ""],
    ["MFG-REV", "370100", "2024年13月", "1", "", "", ""],
    ["MFG-REV", "370100", "2024年1月", "1", "", "", ""],
    ["MFG-REV", "370100", "2024", "一千", "", "", ""],
    ["GRN-SOLID-WASTE", "370100", "2024", "130", "", "", ""],
    ["MFG-REV", "370100", "2022", "5", "abc", "", ""],
    ["MFG-REV", "370100", "2021", "5", "", "大概", ""],
]


def test_every_rejected_row_is_reported_and_nothing_is_written(mini_plan):
    report = observation_import(_xlsx(BAD + GOOD), "错误.xlsx", plan=mini_plan)
    assert report.written is False
    assert not Observation.objects.exists()
    found = [(e.sheet, e.row, e.column, e.value) for e in report.errors]
    assert found == [
        ("数据", 2, "指标代码", "NOPE"),
        ("数据", 3, "地区代码", "999999"),
        ("数据", 4, "期别", "2024年13月"),
        ("数据", 5, "期别", "2024年1月"),
        ("数据", 6, "数值", "一千"),
        ("数据", 7, "数值", "130"),
        ("数据", 8, "同比增长(%)", "abc"),
        ("数据", 9, "数据状态", "大概"),
    ]
    reasons = [e.reason for e in report.errors]
    assert "月份 13 不在 1–12 之间" in reasons[2]
    assert "1-2 月合并发布" in reasons[3]
    assert reasons[5] == "高于该指标的自然上限"
    assert str(report.errors[0]).startswith("工作表“数据”第 2 行，指标代码：NOPE")


def test_valid_only_writes_the_good_rows_and_reports_the_rest(mini_plan):
    report = observation_import(_xlsx(BAD + GOOD), "错误.xlsx", plan=mini_plan, valid_only=True)
    assert report.written is True
    assert Observation.objects.count() == 3
    assert len(report.errors) == len(BAD)


def test_dry_run_validates_without_writing(mini_plan):
    report = observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan, dry_run=True)
    assert (report.created, report.written) == (3, False)
    assert not Observation.objects.exists()


def test_a_large_figure_reimported_with_a_float_rounding_difference_is_unchanged(mini_plan):
    first = [["MFG-REV", "370100", "2023", "123456789.1234567", "", "最终", ""]]
    observation_import(_csv(first), "上报.csv", plan=mini_plan)
    # The next float up: what the same figure becomes after a round trip through text.
    again = [["MFG-REV", "370100", "2023", "123456789.12345671", "", "最终", ""]]
    report = observation_import(_csv(again), "再报.csv", plan=mini_plan)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    assert ObservationRevision.objects.count() == 1


def test_a_dry_run_classifies_new_changed_and_unchanged_as_the_import_does(mini_plan):
    observation_import(_xlsx(GOOD), "上报.xlsx", plan=mini_plan)
    revised = [GOOD[2], ["MFG-REV", "370100", "2023", "9250", "", "最终", "统计公报"],
               ["MFG-REV", "370102", "2023", "12", "", "最终", ""]]
    dry = observation_import(_csv(revised), "修订.csv", plan=mini_plan, dry_run=True)
    real = observation_import(_csv(revised), "修订.csv", plan=mini_plan)
    assert (dry.created, dry.updated, dry.unchanged) == (real.created, real.updated,
                                                          real.unchanged) == (1, 1, 1)


def test_duplicate_rows_in_one_file_are_refused(mini_plan):
    report = observation_import(_csv([GOOD[1], GOOD[1]]), "重复.csv", plan=mini_plan)
    assert [(e.row, e.column) for e in report.errors] == [(3, "期别")]


def test_a_district_user_cannot_import_another_districts_figures(mini_plan, lixia_user):
    rows = [["GRN-SOLID-WASTE", "槐荫区", "2023", "70", "", "", ""],
            ["GRN-SOLID-WASTE", "历下区", "2023", "70", "", "", ""]]
    report = observation_import(_csv(rows), "区县.csv", plan=mini_plan, user=lixia_user)
    assert [e.row for e in report.errors] == [2]
    assert report.errors[0].reason.startswith("超出您的数据范围")


def test_a_unit_may_report_its_own_indicators_for_any_region(mini_plan, make_user):
    stats = make_user("stats", "reporter", unit_codes=["tjj"])
    rows = [["MFG-REV", "370100", "2023", "9200", "", "", ""],
            ["GRN-SOLID-WASTE", "370100", "2023", "70", "", "", ""]]
    report = observation_import(_csv(rows), "统计局.csv", plan=mini_plan, user=stats)
    assert [e.row for e in report.errors] == [3]


@pytest.mark.parametrize("content, name, reason", [
    (b"\xff\xfe\x00garbage", "坏.csv", "UTF-8"),
    (b"not a spreadsheet", "坏.xlsx", "无法读取"),
    (b"a,b\n1,2\n", "表.txt", "不支持的文件类型"),
    ("名称,数值\n甲,1\n".encode(), "缺列.csv", "缺少列"),
])
def test_unreadable_files_are_reported_not_raised(mini_plan, content, name, reason):
    report = observation_import(content, name, plan=mini_plan)
    assert reason in report.errors[0].reason
    assert not Observation.objects.exists()
