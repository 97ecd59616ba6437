"""Assessment runs: the hand-worked scheme of conftest scored, stored, reused, compared with the
previous period; the zone rule of task 15; the command line."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from qiangshi.accounts.models import Region, Unit
from qiangshi.assessment.models import ItemResult, Run, SchemeVersion
from qiangshi.assessment.services import run_create, scheme_load, scheme_version_get
from qiangshi.engine.assessment import METHOD_VERSION
from qiangshi.projects.models import Project, StageChange
from tests.assessment.conftest import SCHEME, figures_load


def _by_unit(run):
    return {u.region.code: u for u in run.units.select_related("region")}


def test_a_run_scores_and_ranks_the_hand_worked_scheme(scheme):
    run = run_create(scheme, year=2024)
    units = _by_unit(run)
    assert {code: round(u.score, 6) for code, u in units.items()} == {
        "370102": 92.0, "370103": 88.0, "370171": 44.0}
    assert [units[c].rank for c in ("370102", "370103", "370171")] == [1, 2, 3]
    assert (units["370102"].mark, units["370103"].mark, units["370171"].mark) == ("blue", "", "red")
    # 高新区 is behind on both indicators: last under every alternative
    assert (units["370171"].rank_low, units["370171"].rank_high) == (3, 3)
    assert units["370102"].rank_low == 1
    growth = ItemResult.objects.get(unit=units["370102"], indicator="growth")
    assert (growth.value, growth.score, growth.weight, growth.contribution) == pytest.approx(
        (10.0, 100.0, 0.6, 60.0))
    assert run.method_version == METHOD_VERSION and len(run.input_hash) == 64
    assert (run.period_type, run.as_of.isoformat()) == ("yearly", "2024-12-31")


def test_identical_inputs_reuse_the_run_and_a_changed_figure_makes_a_new_one(scheme, unit_plan):
    first = run_create(scheme, year=2024)
    assert run_create(scheme, year=2024).pk == first.pk
    figures_load(unit_plan, "指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明\n"
                            "GRN-SOLID-WASTE,370171,2024,95,,最终,区报更正\n")
    second = run_create(scheme, year=2024)
    assert second.pk != first.pk and second.input_hash != first.input_hash
    assert Run.objects.count() == 2 and first.units.count() == 3  # never overwritten


def test_the_previous_periods_run_gives_the_change_of_place(scheme, unit_plan):
    run_create(scheme, year=2024)
    # 2025: 市中 grows 10 % (100), 历下 5 % (80), 高新区 30 % (capped 100); waste as in 2024.
    figures_load(unit_plan, "指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明\n"
                            "MFG-REV,370102,2025,115.5,,最终,区报\nMFG-REV,370103,2025,231,,最终,区报\n"
                            "MFG-REV,370171,2025,130,,最终,区报\n")
    units = _by_unit(run_create(scheme, year=2025))
    assert {c: (u.rank, u.previous_rank, u.change) for c, u in units.items()} == {
        "370103": (1, 2, 1), "370102": (2, 1, -1), "370171": (3, 3, 0)}
    assert units["370102"].score == pytest.approx(80.0)


def test_a_unit_without_enough_data_is_flagged_not_scored(scheme, unit_plan):
    run = run_create(scheme, year=2023)  # 2023: no growth (no 2022) and no waste figure
    assert {u.status for u in run.units.all()} == {"low_coverage"}
    assert not run.units.filter(covered=True).exists() and not run.units.exclude(rank=None).exists()


def test_the_zone_rule_gives_a_zone_its_lead_over_the_citys_growth_as_bonus_points(unit_plan):
    # City 2 %; 高新区 8 % → 6 points ahead, capped at 5 → the full 3 bonus points.
    figures_load(unit_plan, "指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明\n"
                            "MFG-REV,370171,2024,108,,最终,区报\n")
    zone_item = """  - key: zone
    name: 开发区增幅高于全市
    kind: bonus
    method: linear
    low: 0
    high: 5
    full: 3
    source: {type: zone_rule, measures: [{indicator: MFG-REV, read: yoy}]}
"""
    text = SCHEME.replace("name: test-scheme", "name: zone-scheme").replace(
        "uncertainty:", zone_item + "uncertainty:")
    version = scheme_load(text, note="测试")
    units = _by_unit(run_create(version, year=2024))
    zone = ItemResult.objects.get(unit=units["370171"], indicator="zone")
    assert zone.value == pytest.approx(6.0) and zone.score == pytest.approx(3.0)
    assert units["370171"].bonus == pytest.approx(3.0)
    # districts are not zones: no figure, no points
    assert ItemResult.objects.get(unit=units["370102"], indicator="zone").value is None


def test_cli_prints_each_units_rank_interval_and_items_as_json(scheme):
    out = io.StringIO()
    call_command("assessment", "run", "--scheme", "test-scheme", "--period", "2024", "--json",
                 stdout=out, stderr=io.StringIO())
    rows = {row["unit"]: row for row in json.loads(out.getvalue())}
    first = rows["370102"]
    assert {"unit", "score", "rank", "rank_low", "rank_high", "previous_rank", "items"} <= set(first)
    assert (first["rank"], round(first["score"], 6), first["previous_rank"]) == (1, 92.0, None)
    growth = next(i for i in first["items"] if i["indicator"] == "growth")
    assert {"value", "score", "weight", "contribution"} <= set(growth)
    assert growth["contribution"] == pytest.approx(60.0)


def test_cli_lists_and_loads_schemes_and_refuses_a_bad_file(scheme, tmp_path):
    out = io.StringIO()
    call_command("assessment", "schemes", stdout=out)
    assert "测试考核办法" in out.getvalue()
    changed = tmp_path / "scheme.yaml"
    changed.write_text(SCHEME.replace("weight: 60", "weight: 50"), encoding="utf-8")
    call_command("assessment", "load", str(changed), stdout=io.StringIO())
    assert SchemeVersion.objects.get(name="test-scheme", version=2).based_on == scheme
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ntitle: y\nindicators:\n  - key: a\n    method: magic\n", encoding="utf-8")
    with pytest.raises(CommandError, match="第 4 行"):
        call_command("assessment", "load", str(bad))
    with pytest.raises(CommandError, match="截至月份"):
        call_command("assessment", "run", "--period", "2024", "--month", "13")


def test_the_packaged_jinan_scheme_is_valid_and_marked_illustrative(reference):
    version = scheme_version_get("jinan-default")
    assert version.illustrative and version.version == 1
    assert {i["source"]["type"] for i in version.content["indicators"]} == {
        "figure", "progress", "timeliness", "zone_rule", "projects"}


def test_projects_started_in_the_year_count_for_their_district_and_their_zone(unit_plan):
    lixia, zone = Region.objects.get(code="370102"), Region.objects.get(code="370171")
    started = {"JN-1": (lixia, None, "2024-03-01"), "JN-2": (lixia, zone, "2024-07-01"),
               "JN-3": (lixia, None, "2023-05-01")}
    for code, (region, in_zone, on) in started.items():
        project = Project.objects.create(code=code, name=code, region=region, zone=in_zone, kind="new",
                                         planned_investment=1000, unit=Unit.objects.get(code="lxqzf"))
        StageChange.objects.create(project=project, stage="started", on=on, recorded_by="test")
    text = SCHEME.replace("name: test-scheme", "name: project-scheme").replace(
        "uncertainty:", """  - key: started
    name: 新开工项目
    kind: bonus
    method: count
    per_count: 0.5
    source: {type: projects, stage: started}
uncertainty:""")
    units = _by_unit(run_create(scheme_load(text, note="测试"), year=2024))
    values = {code: ItemResult.objects.get(unit=u, indicator="started").value for code, u in units.items()}
    assert values == {"370102": 2.0, "370103": 0.0, "370171": 1.0}
    assert units["370102"].bonus == pytest.approx(1.0)
