"""Districts and zones report the figures of their own region (issue 14 §1): the plan names its
regions, an indicator `reported_by_regions` is owed by each region's government or zone
committee, its form writes the region's figures; the analyst sees each unit's completeness
and timeliness (DHIS2's reporting rate and reporting rate on time)."""

import datetime

import polars as pl
import pytest
from django.utils import timezone

from qiangshi.accounts.models import Unit
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.engine.reporting import timeliness
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.models import Observation, Submission
from qiangshi.plan.reporting.obligations import obligations, timeliness_table
from tests.conftest import login
from tests.plan_data import mini_plan_text

TODAY = datetime.date(2024, 3, 20)
REGIONS = {"  base_year: 2022\n": '  base_year: 2022\n  regions: ["370102", "370171"]\n',
           "    reporting_units: [市统计局, 市工业和信息化局]\n":
           "    reporting_units: [市统计局, 市工业和信息化局]\n    reported_by_regions: true\n"}
D = datetime.date


@pytest.fixture
def regional_plan(reference, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return plan_load(mini_plan_text(**REGIONS)).plan


def test_the_plan_names_its_regions_and_defaults_to_the_districts_and_counties(
        regional_plan, mini_plan):
    assert [r.code for r in regional_plan.regions.all()] == ["370102", "370171"]
    assert mini_plan.regions.count() == 12
    assert set(mini_plan.regions.values_list("kind", flat=True)) == {"district", "county"}


def test_a_region_the_city_does_not_have_is_refused_with_its_code(reference):
    with pytest.raises(DocumentInvalid, match="370999"):
        plan_load(mini_plan_text(**{"  base_year: 2022\n":
                                    '  base_year: 2022\n  regions: ["370102", "370999"]\n'}))


def test_each_regions_government_or_zone_committee_owes_the_indicator_for_its_region(
        regional_plan):
    lixia, hightech = Unit.objects.get(code="lxqzf"), Unit.objects.get(code="gxqgwh")
    indicator = regional_plan.indicators.get(code="MFG-REV")
    assert set(indicator.reporting_units.values_list("code", flat=True)) == {
        "tjj", "gxj", "lxqzf", "gxqgwh"}
    assert obligations(regional_plan, lixia, today=TODAY)[0].due.label == "2024年1-2月"
    assert obligations(regional_plan, hightech, today=TODAY)
    # a district not among the plan's regions owes nothing
    assert obligations(regional_plan, Unit.objects.get(code="hyqzf"), today=TODAY) == []


def test_a_district_reports_its_own_regions_figure_through_the_form(
        client, regional_plan, lixia_user, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    login(client, "lixia")
    form = "/plan/reporting/lxqzf/monthly_cumulative/2024-02/"
    assert client.get(form).status_code == 200
    response = client.post(form, {"action": "save", "value-MFG-REV": "105.5"})
    assert response.status_code == 302
    figure = Observation.objects.get(indicator__code="MFG-REV")
    assert (figure.region.code, figure.value) == ("370102", 105.5)
    assert client.get("/plan/reporting/tjj/monthly_cumulative/2024-02/").status_code == 404


# --- completeness and timeliness ----------------------------------------------------------


def rows(*items):
    return pl.DataFrame(items, schema={"unit": pl.String, "deadline": pl.Date,
                                       "submitted_on": pl.Date, "done": pl.Boolean}, orient="row")


def test_timeliness_counts_reports_by_their_deadline_as_dhis2_does():
    result = timeliness(rows(
        ("A", D(2024, 1, 10), D(2024, 1, 10), True),   # on the deadline day: on time
        ("A", D(2024, 2, 10), D(2024, 2, 11), True),   # a day late
        ("A", D(2024, 3, 10), None, False),            # never sent
        ("A", D(2024, 3, 20), D(2024, 3, 15), True),   # deadline today: not yet expected
        ("B", D(2024, 3, 25), None, False),
    ), today=TODAY).to_dicts()
    a, b = result
    assert (a["expected"], a["reported"], a["on_time"], a["late"], a["missing"], a["pending"]) \
        == (3, 2, 1, 1, 1, 1)
    assert a["completeness"] == pytest.approx(2 / 3) and a["timeliness"] == pytest.approx(1 / 3)
    # nothing due yet: no rate rather than 0 %
    assert (b["expected"], b["completeness"], b["timeliness"]) == (0, None, None)


def test_a_submission_sent_back_for_correction_is_not_counted_as_reported():
    result = timeliness(rows(("A", D(2024, 1, 10), D(2024, 1, 5), False)), today=TODAY)
    assert result.row(0, named=True)["reported"] == 0


def test_the_analyst_sees_each_regions_rates_and_exports_them(
        client, regional_plan, make_user, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a: TODAY)
    lixia = Unit.objects.get(code="lxqzf")
    Submission.objects.create(
        plan_code=regional_plan.code, unit=lixia, frequency="monthly_cumulative", year=2024,
        month=2, period_type="ytd", status=Submission.Status.SUBMITTED,
        submitted_at=timezone.make_aware(datetime.datetime(2024, 3, 9, 10)))
    table = timeliness_table(regional_plan, [lixia], today=TODAY).row(0, named=True)
    # 2023年1-2月 … 1-12月 and 2024年1-2月 were due; the last was sent a day early
    assert (table["expected"], table["reported"], table["on_time"]) == (12, 1, 1)
    make_user("analyst", "analyst", scope_all=True)
    login(client, "analyst")
    page = client.get("/plan/reporting/timeliness/").content.decode()
    assert "区县（功能区）" in page and "历下区政府" in page and "8.3%" in page
    assert "市直单位" in page and "市统计局" in page
    export = client.get("/plan/reporting/timeliness/?format=xlsx")
    assert export.status_code == 200


def test_a_district_user_cannot_open_the_citywide_rates(client, regional_plan, lixia_user):
    login(client, "lixia")
    assert client.get("/plan/reporting/timeliness/").status_code == 403
