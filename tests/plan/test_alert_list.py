"""Issue 13 §4: the alert list shows one row per event, not one copy per recipient, naming
the units it went to; a scoped reader sees only the events of its own units."""

import io

import polars as pl

from qiangshi.accounts.models import Unit
from qiangshi.plan.models import Alert
from tests.conftest import login

MESSAGE = "指标“规模以上工业营业收入”滞后：完成进度落后于年度目标"


def _raise(plan, message, unit_codes, *, analysts=True):
    units = [None] * analysts + [Unit.objects.get(code=code) for code in unit_codes]
    for unit in units:
        Alert.objects.create(plan_code=plan.code, kind=Alert.Kind.LAGGING,
                             key=f"lagging:MFG-REV:{unit.code if unit else '*'}:{message}",
                             unit=unit, indicator_code="MFG-REV", message=message)


def _rows(page: str) -> list[str]:
    body = page[page.index('id="alerts"'):]
    return body[body.index("<tbody>"):body.index("</tbody>")].split("<tr>")[1:]


def test_an_event_sent_to_three_units_is_one_row_naming_the_three(client, mini_plan, make_user):
    Alert.objects.all().delete()
    _raise(mini_plan, MESSAGE, ["tjj", "lxqzf", "hyqzf"])
    make_user("gxj", "analyst")
    login(client, "gxj")
    rows = _rows(client.get("/plan/alerts/").content.decode())
    assert len(rows) == 1
    assert "<td>市工信局分析员、历下区政府、市统计局、槐荫区政府</td>" in rows[0]
    export = pl.read_excel(io.BytesIO(client.get("/plan/alerts/?format=xlsx").content))
    assert export.height == 1 and set(export["单位"][0].split("、")) == {
        "市工信局分析员", "市统计局", "历下区政府", "槐荫区政府"}


def test_a_district_user_sees_only_its_events_and_only_its_own_copy(client, mini_plan,
                                                                     lixia_user):
    Alert.objects.all().delete()
    _raise(mini_plan, MESSAGE, ["tjj", "lxqzf", "hyqzf"])
    _raise(mini_plan, "槐荫区政府 2024年1-2月数据已逾期 10 天未报送", ["hyqzf"], analysts=False)
    login(client, "lixia")
    rows = _rows(client.get("/plan/alerts/").content.decode())
    assert len(rows) == 1 and "历下区政府" in rows[0]
    assert "槐荫区政府" not in rows[0] and "市统计局" not in rows[0]


def test_an_event_resolved_and_raised_again_is_two_rows(client, mini_plan, make_user):
    Alert.objects.all().delete()
    _raise(mini_plan, MESSAGE, ["tjj"])
    Alert.objects.update(resolved_at="2024-03-01T08:00:00+08:00")
    _raise(mini_plan, MESSAGE, ["tjj"])
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert len(_rows(client.get("/plan/alerts/").content.decode())) == 1
    rows = _rows(client.get("/plan/alerts/?show=all").content.decode())
    assert len(rows) == 2 and "已解除" in rows[1] and "未解除" in rows[0]
