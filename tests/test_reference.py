import re
from importlib import resources

from qiangshi import reference
from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.accounts.services import reference_load

# GB/T 2260 codes of Jinan's 10 districts and 2 counties after the 2019 merger of 莱芜.
JINAN_DIVISIONS = {
    "370102": "历下区", "370103": "市中区", "370104": "槐荫区", "370105": "天桥区",
    "370112": "历城区", "370113": "长清区", "370114": "章丘区", "370115": "济阳区",
    "370116": "莱芜区", "370117": "钢城区", "370124": "平阴县", "370126": "商河县",
}


def test_packaged_regions_hold_the_twelve_divisions_with_their_codes():
    divisions = {r.code: r.name for r in reference.regions() if r.kind in {"district", "county"}}
    assert divisions == JINAN_DIVISIONS


def test_every_region_and_unit_kind_is_known_and_parents_exist():
    regions = reference.regions()
    codes = {r.code for r in regions}
    assert all(r.kind in reference.REGION_KINDS for r in regions)
    assert all(r.parent_code in codes for r in regions if r.parent_code)
    assert all(u.kind in reference.UNIT_KINDS for u in reference.units())
    assert all(u.region_code in codes for u in reference.units() if u.region_code)


def test_zones_without_a_national_code_are_marked_internal():
    zones = [r for r in reference.regions() if r.kind == "zone"]
    names = {z.name for z in zones}
    assert names >= {"济南高新技术产业开发区", "济南新旧动能转换起步区", "南部山区"}
    assert all(z.official_code == z.code.isdigit() for z in zones)


def _units_named_in_plan() -> set[str]:
    text = resources.files("qiangshi.reference").joinpath(
        "plans", "jinan-2023-2025-draft.txt"
    ).read_text(encoding="utf-8")
    # Task paragraphs end with "（责任单位：A、B、C）"; task 16 omits the "责任单位：" label.
    lists = re.findall(r"（(?:责任单位：)?((?:[^（）、]+、)+[^（）、]+)）\n", text)
    names = {name.removesuffix("等市直有关部门") for group in lists for name in group.split("、")}
    return names


def test_every_unit_named_in_the_plan_text_is_in_the_unit_list():
    named = _units_named_in_plan()
    assert len(named) >= 30
    assert named - {u.name for u in reference.units()} == set()


def test_units_carry_short_names():
    gxj = next(u for u in reference.units() if u.name == "市工业和信息化局")
    assert gxj.short_name == "市工信局"


def test_loading_twice_changes_nothing(no_reference):
    first_regions, first_units = reference_load()
    events = AuditEvent.objects.count()
    regions, units = reference_load()
    assert len(first_regions.created) == Region.objects.count() == len(reference.regions())
    assert len(first_units.created) == Unit.objects.count() == len(reference.units())
    assert (regions.created, regions.updated, units.created, units.updated) == ([], [], [], [])
    assert AuditEvent.objects.count() == events


def test_loading_restores_a_changed_row_and_reports_it(no_reference):
    reference_load()
    Region.objects.filter(code="370102").update(short_name="改动")
    regions, _ = reference_load()
    assert regions.updated == ["370102"]
    assert Region.objects.get(code="370102").short_name == "历下"
