"""A chain's map versions on the page: the YAML of a version, an edited copy saved as the next
version by the chain's task force or an analyst, every problem shown and nothing saved, the
code fixed, another chain's versions out of reach, a leader reading only."""

import yaml

from qiangshi.chains.models import ChainVersion
from tests.chains.conftest import IC, NEV, visible


def _newest(code: str) -> ChainVersion:
    return ChainVersion.objects.filter(name=code).order_by("-version").first()


def _edited(version: ChainVersion, **changes) -> str:
    return yaml.safe_dump({**version.content, **changes}, allow_unicode=True, sort_keys=False)


def test_the_task_force_saves_an_edited_map_as_its_chains_next_version(as_user):
    client = as_user("chain")
    version = _newest(NEV)
    people = {**version.content["people"], "servicer": "王服务员"}
    response = client.post(f"/chains/versions/{version.pk}/",
                           {"content": _edited(version, people=people), "note": "换服务员"})
    saved = _newest(NEV)
    assert response.status_code == 302 and saved.version == version.version + 1
    assert saved.based_on == version and saved.note == "换服务员" and saved.created_by
    assert saved.content["people"]["servicer"] == "王服务员"
    history = visible(client.get(f"/chains/{NEV}/versions/"))
    assert f"第 {saved.version} 版" in history and "换服务员" in history


def test_a_map_with_problems_is_refused_whole_with_each_problem_shown(as_user):
    client = as_user("chain")
    version = _newest(NEV)
    nodes = [{"segment": "旁路", "name": "整车", "codes": ["36"]}]
    broken = _edited(version, level="核心", nodes=nodes)
    page = visible(client.post(f"/chains/versions/{version.pk}/", {"content": broken, "note": "试改"}))
    assert "未保存" in page and "层级应为" in page and "环节应为" in page and "36 不是4位小类代码" in page
    assert _newest(NEV) == version


def test_the_code_of_a_chain_cannot_be_changed_by_editing_its_map(as_user):
    client = as_user("analyst")
    version = _newest(NEV)
    page = visible(client.post(f"/chains/versions/{version.pk}/",
                               {"content": _edited(version, code=IC), "note": "挪用"}))
    assert "产业链代码不能修改" in page
    assert _newest(NEV) == version and ChainVersion.objects.filter(name=IC, based_on=version).count() == 0


def test_a_chain_user_cannot_open_or_edit_another_chains_map(as_user):
    client = as_user("chain")
    other = _newest(IC)
    assert client.get(f"/chains/versions/{other.pk}/").status_code == 404
    edit = {"content": _edited(other), "note": "x"}
    assert client.post(f"/chains/versions/{other.pk}/", edit).status_code == 404
    assert client.get(f"/chains/{IC}/versions/").status_code == 404
    assert _newest(IC) == other


def test_a_leader_reads_a_map_version_but_cannot_save_one(as_user):
    client = as_user("leader")
    version = _newest(NEV)
    page = client.get(f"/chains/versions/{version.pk}/").content.decode()
    assert "readonly" in page and "保存为新版本" not in page
    edit = {"content": _edited(version), "note": "x"}
    assert client.post(f"/chains/versions/{version.pk}/", edit).status_code == 403
