"""Issue 13 §4: the 卡点项目 list filtered by rule, district, chain and type, counted per rule,
paged, exported to Excel, each row linked to its project and marked when under 督办."""

import datetime
import io
import re

import polars as pl
import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.chains.services import chains_ensure
from qiangshi.projects.models import Dispatch, Project, StageChange
from tests.conftest import login

D = datetime.date
AS_OF = "2024-06-30"


def _project(code, region, *, chain="construction-machinery", kind="new", stage="signed", on=None):
    on = on or D(2024, 1, 10)
    project = Project.objects.create(code=code, name=f"项目{code}", region=Region.objects.get(code=region),
                                     kind=kind, chain_code=chain, planned_investment=1000,
                                     unit=Unit.objects.get(code="lcqzf"), stage=stage)
    StageChange.objects.create(project=project, stage="signed", on=on, recorded_by="test")
    if stage == "completed":
        StageChange.objects.create(project=project, stage="started", on=on, recorded_by="test")
        StageChange.objects.create(project=project, stage="completed", on=on, recorded_by="test")
    return project


@pytest.fixture
def stalled(reference, make_user):
    make_user("gxj", "analyst")
    chains_ensure()  # the chain names a page shows come from the stored chain maps
    # 历城: two signed, not started (签约未开工), one completed, not producing (竣工未投产)
    _project("LC-1", "370112")
    _project("LC-2", "370112", chain="biomedicine", kind="renovation")
    _project("LC-3", "370112", stage="completed", on=D(2023, 6, 1))
    _project("HY-1", "370104")  # 槐荫


def _rows(client, query="") -> list[str]:
    page = client.get(f"/projects/stalls/?as_of={AS_OF}&{query}").content.decode()
    return re.findall(r'<tr data-project="([^"]+)">', page)


def test_stalls_filter_by_rule_district_chain_and_type(client, stalled):
    login(client, "gxj")
    # a project stalls once per rule it breaks: LC-3 is also behind its investment
    assert set(_rows(client)) == {"HY-1", "LC-1", "LC-2", "LC-3"}
    assert _rows(client, "rule=completed_not_producing") == ["LC-3"]
    assert set(_rows(client, "region=370112")) == {"LC-1", "LC-2", "LC-3"}
    assert _rows(client, "chain=biomedicine") == ["LC-2"]
    assert _rows(client, "kind=renovation") == ["LC-2"]


def test_stalls_are_counted_per_rule_under_the_other_filters(client, stalled):
    login(client, "gxj")
    page = client.get(f"/projects/stalls/?as_of={AS_OF}&region=370112&rule=signed_not_started")
    counts = dict(re.findall(r"<h2>([^<]+)</h2><p class=\"big\">(\d+)</p>",
                             page.content.decode()[page.content.decode().index('id="rule-counts"'):]))
    assert counts["签约未开工"] == "2" and counts["竣工未投产"] == "1" and counts["投产未纳统"] == "0"
    text = page.content.decode()
    assert "工程机械" in text and "construction-machinery</option>" not in text


def test_stalls_link_to_their_project(client, stalled):
    login(client, "gxj")
    page = client.get(f"/projects/stalls/?as_of={AS_OF}&region=370104").content.decode()
    assert '<a href="/projects/HY-1/">项目HY-1</a>' in page


def test_the_stall_list_is_paged(client, reference, make_user):
    make_user("gxj", "analyst")
    for n in range(55):
        _project(f"P-{n:02d}", "370112")
    login(client, "gxj")
    assert len(_rows(client)) == 50
    assert len(_rows(client, "page=2")) == 5
    assert "第 1 / 2 页" in client.get(f"/projects/stalls/?as_of={AS_OF}").content.decode()


def test_the_stall_export_holds_exactly_the_filtered_rows(client, stalled):
    login(client, "gxj")
    export = client.get(f"/projects/stalls/?as_of={AS_OF}&region=370112&format=xlsx")
    frame = pl.read_excel(io.BytesIO(export.content))
    assert frame["项目编号"].to_list() == _rows(client, "region=370112")
    assert {"卡点", "超期天数", "所在区县", "产业链", "督办状态"} <= set(frame.columns)
    chains = frame["产业链"].to_list()
    assert "construction-machinery" not in chains and "工程机械" in chains


def test_a_project_under_dispatch_is_marked_and_a_district_sees_only_its_own(client, stalled,
                                                                             lixia_user, make_user):
    login(client, "gxj")
    client.post("/projects/LC-1/dispatch/", {"rule": "signed_not_started", "request": "请开工",
                                             "deadline": "2099-01-31", "back": "stalls"})
    assert Dispatch.objects.get().project.code == "LC-1"
    page = client.get(f"/projects/stalls/?as_of={AS_OF}").content.decode()
    row = page[page.index('data-project="LC-1"'):]
    assert "已督办 · 待回复" in row[:row.index("</tr>")]
    other = page[page.index('data-project="LC-2"'):]
    assert "已督办" not in other[:other.index("</tr>")]
    make_user("hyuser", "region", region_codes=["370104"])
    client.post("/logout/")
    login(client, "hyuser")
    assert _rows(client) == ["HY-1"]
