"""The 产业链 pages: the list with its run, a chain's overview, map, node page and export; who
sees which chain, who may write, and junk answered with 404 or a Chinese message."""

import io
import re

import polars as pl
import pytest
from django.utils import timezone

from qiangshi.chains.models import Attachment, ChainResult, ChainVersion, Decision, Leader, NodeResult, Run
from qiangshi.enterprises.models import Enterprise
from qiangshi.jobs.models import Job
from qiangshi.projects.models import Project
from qiangshi.projects.selectors import STAGE_NAMES, stall_labels
from tests.chains.conftest import IC, NEV, node_of, visible


def _pages(code: str) -> list[str]:
    node = node_of(code)
    return [f"/chains/{code}/", f"/chains/{code}/map/", f"/chains/{code}/nodes/{node.pk}/"]


def test_the_list_shows_every_chain_with_its_figures_and_the_run(as_user):
    client = as_user("analyst")
    run = Run.objects.first()
    page = visible(client.get("/chains/"))
    assert "新能源汽车" in page and "集成电路" in page
    assert f"{run.year}年数据测算" in page and f"方法版本 {run.method_version}" in page
    assert "⚠ 名称待确认" in page  # chains whose name has no published source
    assert "重新测算" in page
    assert "营业收入（亿元）" in page and "链主" in page


def test_every_chain_page_opens_for_the_analyst(as_user):
    client = as_user("analyst")
    for code in (NEV, IC):
        for path in [*_pages(code), f"/chains/{code}/export/"]:
            assert client.get(path).status_code == 200, path


def test_the_overview_shows_the_4_1_targets_figures_weak_links_leaders_and_projects(as_user):
    client = as_user("analyst")
    page = visible(client.get(f"/chains/{NEV}/"))
    for label in ("链长", "牵头处室", "服务员", "专班成员", "（演示）"):
        assert label in page
    assert "2025年营业收入达到 2,000 亿元" in page
    assert "⚠ 行业代码映射为草拟，待确认" in page
    weak = NodeResult.objects.filter(run=Run.objects.first(), chain=NEV, rating__in=("weak", "missing"))
    first = weak.order_by("target_rank").first()
    assert first.node in page and first.target_reasons[:20] in page
    leader = Leader.objects.filter(chain=NEV).select_related("enterprise").first()
    assert leader.enterprise.name in page and leader.get_status_display() in page
    assert "XM" in page  # the chain's projects, by their codes


def test_an_empty_4_1_says_not_filled_in(as_user):
    version = ChainVersion.objects.filter(name=NEV).order_by("-version").first()
    version.content = {**version.content, "people": {}}
    version.save()
    assert visible(as_user("analyst").get(f"/chains/{NEV}/")).count("未填写") == 4


def test_the_node_page_shows_figures_firms_and_an_absent_benchmark(as_user):
    client = as_user("analyst")
    node = node_of(NEV)
    page = visible(client.get(f"/chains/{NEV}/nodes/{node.pk}/"))
    assert node.reason in page and "未载入基准，不计算" in page
    for firm in Attachment.objects.filter(chain=NEV, node=node.node).select_related("enterprise"):
        assert firm.enterprise.name in page
    assert "确认挂接" in page and "挂接到本节点" in page


def test_the_map_draws_from_json_data_and_lists_every_node_in_a_table(as_user):
    client = as_user("chain")
    response = client.get(f"/chains/{NEV}/map/")
    body = response.content.decode()
    assert 'id="chain-map-data"' in body and "data-chain-map" in body and "chain_map.js" in body
    data = re.search(r'id="chain-map-data"[^>]*>(.*?)</script>', body, re.DOTALL).group(1)
    nodes = NodeResult.objects.filter(run=Run.objects.first(), chain=NEV)
    assert data.count('"url"') == nodes.count()
    for node in nodes:
        assert f'href="/chains/{NEV}/nodes/{node.pk}/"' in body
    assert "缺失" in visible(response) and "有基础" in visible(response)
    assert "⚠ 行业代码映射为草拟，待确认" in visible(response)


def test_the_draft_warning_follows_the_map_version_the_run_used(as_user):
    client = as_user("analyst")
    used = ChainResult.objects.get(run=Run.objects.first(), chain=NEV).version
    used.content = {**used.content, "codes_confirmed": True}
    used.save()
    for path in (f"/chains/{NEV}/", f"/chains/{NEV}/map/"):
        assert "行业代码映射为草拟" not in visible(client.get(path)), path


@pytest.mark.parametrize("username", ["analyst", "chain", "lixia"])
def test_no_page_shows_a_chain_code(as_user, username):
    client = as_user(username)
    for path in ["/chains/", *_pages(NEV)]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert NEV not in visible(response), path


@pytest.mark.parametrize("username", ["analyst", "chain", "lixia", "leader"])
def test_the_chains_are_in_the_navigation_of_every_role_that_reads_them(as_user, username):
    nav = re.search(r'<nav class="modules".*?</nav>', as_user(username).get("/").content.decode(), re.DOTALL)
    assert 'href="/chains/">产业链</a>' in nav.group(0)


def test_the_chain_user_sees_only_its_own_chain(as_user):
    client = as_user("chain")
    assert "新能源汽车产业链" in visible(client.get("/"))  # its scope, by the chain's name
    page = visible(client.get("/chains/"))
    assert "新能源汽车" in page and "集成电路" not in page
    for path in [*_pages(IC), f"/chains/{IC}/export/"]:
        assert client.get(path).status_code == 404, path
    node = node_of(IC)
    firm = Attachment.objects.filter(chain=IC, node=node.node).first().enterprise
    assert client.post(f"/chains/{IC}/nodes/{node.pk}/decide/",
                       {"enterprise": firm.pk, "decision": "rejected"}).status_code == 404
    assert not Decision.objects.filter(chain=IC, enterprise=firm).exists()


def test_a_node_under_another_chains_address_or_of_an_older_run_is_not_found(as_user):
    client = as_user("analyst")
    assert client.get(f"/chains/{NEV}/nodes/{node_of(IC).pk}/").status_code == 404
    for path in ("/chains/no-such-chain/", "/chains/no-such-chain/map/", "/chains/no-such-chain/export/",
                 f"/chains/{NEV}/nodes/999999/", f"/chains/{NEV}/nodes/0/"):
        assert client.get(path).status_code == 404, path
    old = node_of(NEV)
    old.run = Run.objects.create(year=2000, input_hash="x", method_version="old", chain_count=0,
                                 firm_count=0, computed_by="测试")
    old.pk = None
    old.save()
    Run.objects.filter(pk=old.run_id).update(computed_at="2000-01-01T00:00:00Z")
    assert client.get(f"/chains/{NEV}/nodes/{old.pk}/").status_code == 404


def test_the_leader_reads_every_chain_but_may_change_nothing(as_user):
    client = as_user("leader")
    node = node_of(NEV)
    page = client.get(f"/chains/{NEV}/nodes/{node.pk}/").content.decode()
    assert "确认挂接" not in page and "挂接到本节点" not in page
    assert "重新测算" not in visible(client.get("/chains/"))
    firm = Attachment.objects.filter(chain=NEV, node=node.node).first().enterprise
    leader = Leader.objects.filter(chain=NEV).first()
    before = (Decision.objects.count(), Job.objects.count(), leader.status)
    assert client.post(f"/chains/{NEV}/nodes/{node.pk}/decide/",
                       {"enterprise": firm.pk, "decision": "rejected"}).status_code == 403
    assert client.post(f"/chains/{NEV}/nodes/{node.pk}/attach/", {"uscc": firm.uscc}).status_code == 403
    assert client.post(f"/chains/{NEV}/leaders/{leader.pk}/", {"status": "rejected"}).status_code == 403
    assert client.post("/chains/runs/new/").status_code == 403
    leader.refresh_from_db()
    assert (Decision.objects.count(), Job.objects.count(), leader.status) == before


def test_a_rejected_firm_leaves_the_node_once_the_run_is_done(as_user, django_capture_on_commit_callbacks):
    client = as_user("chain")
    node = node_of(NEV)
    firm = Attachment.objects.filter(chain=NEV, node=node.node).first().enterprise
    runs = Run.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/chains/{NEV}/nodes/{node.pk}/decide/",
                               {"enterprise": firm.pk, "decision": "rejected", "note": "不生产此产品"})
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    decision = Decision.objects.get(chain=NEV, node=node.node, enterprise=firm)
    assert decision.decision == "rejected" and decision.decided_by
    assert Run.objects.count() == runs + 1
    assert not Attachment.objects.filter(chain=NEV, node=node.node, enterprise=firm).exists()
    assert Job.objects.get(pk=response["Location"].rstrip("/").split("/")[-1]).kind == "chain_run"
    assert "已否定挂接" in visible(client.get(response["Location"]))  # the job page, with the message
    # the decision is shown on the new run's node page, with the button to withdraw it
    new = NodeResult.objects.get(run=Run.objects.first(), chain=NEV, node=node.node)
    page = visible(client.get(f"/chains/{NEV}/nodes/{new.pk}/"))
    assert firm.name in page and "否定挂接" in page and "撤销判定" in page


def test_a_firm_attached_by_its_code_is_on_the_node_after_the_run(as_user,
                                                                  django_capture_on_commit_callbacks):
    client = as_user("chain")
    node = node_of(NEV, attached=False)
    firm = Enterprise.objects.exclude(chain_attachments__chain=NEV).order_by("pk").first()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/chains/{NEV}/nodes/{node.pk}/attach/", {"uscc": firm.uscc.lower(), "note": "专班走访"})
    attached = Attachment.objects.get(chain=NEV, node=node.node, enterprise=firm)
    assert attached.basis == Attachment.Basis.MANUAL
    assert NodeResult.objects.get(run=Run.objects.first(), chain=NEV, node=node.node).firms == 1


def test_an_unknown_code_or_a_junk_decision_is_refused_in_chinese(as_user):
    client = as_user("chain")
    node = node_of(NEV)
    firm = Attachment.objects.filter(chain=NEV, node=node.node).first().enterprise
    jobs = Job.objects.count()
    page = visible(client.post(f"/chains/{NEV}/nodes/{node.pk}/attach/", {"uscc": "91370100XXXXXXXXXX"},
                               follow=True))
    assert "企业库中没有统一社会信用代码为“91370100XXXXXXXXXX”的企业" in page
    page = visible(client.post(f"/chains/{NEV}/nodes/{node.pk}/decide/",
                               {"enterprise": firm.pk, "decision": "maybe"}, follow=True))
    assert "判定应为 确认挂接、否定挂接 或 撤销判定" in page
    for junk in ("", "abc", "-1", "999999999"):
        assert client.post(f"/chains/{NEV}/nodes/{node.pk}/decide/",
                           {"enterprise": junk, "decision": "rejected"}).status_code == 404, junk
    assert Job.objects.count() == jobs and not Decision.objects.filter(enterprise=firm, chain=NEV).exists()


def test_confirming_a_leader_records_who_and_when(as_user):
    client = as_user("chain")
    firm = Attachment.objects.filter(chain=NEV).exclude(
        enterprise__in=Leader.objects.filter(chain=NEV).values("enterprise")).first().enterprise
    leader = Leader.objects.create(chain=NEV, enterprise=firm, status=Leader.Status.PROPOSED, rule="规则")
    response = client.post(f"/chains/{NEV}/leaders/{leader.pk}/", {"status": "confirmed", "note": "专班会议"},
                           follow=True)
    leader.refresh_from_db()
    assert leader.status == Leader.Status.CONFIRMED and leader.note == "专班会议"
    assert leader.decided_by == "chain" and leader.decided_at is not None
    assert f"已将{firm.name}标记为“专班确认”" in visible(response)


def test_a_leader_of_another_chain_is_not_found_for_the_chain_user(as_user):
    client = as_user("chain")
    other = Leader.objects.exclude(chain=NEV).first()
    status = other.status
    for code in (other.chain, NEV):
        assert client.post(f"/chains/{code}/leaders/{other.pk}/", {"status": "rejected"}).status_code == 404
    other.refresh_from_db()
    assert other.status == status


def test_the_analyst_starts_a_new_run_as_a_job(as_user, django_capture_on_commit_callbacks):
    client = as_user("analyst")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/chains/runs/new/")
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    assert Job.objects.filter(kind="chain_run").exists()
    assert client.get("/chains/runs/new/").status_code == 405


def test_the_export_holds_the_chains_node_table(as_user):
    response = as_user("chain").get(f"/chains/{NEV}/export/")
    frame = pl.read_excel(io.BytesIO(response.content), read_options={"header_row": 1})
    nodes = NodeResult.objects.filter(run=Run.objects.first(), chain=NEV)
    assert frame.height == nodes.count()
    assert set(frame["节点"]) == set(nodes.values_list("node", flat=True))
    assert {"环节", "强弱", "营业收入（亿元）", "补链排序"} <= set(frame.columns)


def test_without_a_run_the_list_says_so(as_user):
    Run.objects.all().delete()
    client = as_user("analyst")
    assert "尚未测算产业链" in visible(client.get("/chains/"))
    page = visible(client.get(f"/chains/{NEV}/"))
    assert "尚未测算产业链" in page and "链长" in page
    assert client.get(f"/chains/{NEV}/map/").status_code == 200


@pytest.mark.parametrize(("path", "budget"), [("/chains/", 12), (f"/chains/{NEV}/", 22)])
def test_the_list_and_overview_stay_within_a_query_budget(as_user, django_assert_max_num_queries, path,
                                                          budget):
    # The overview reads the chain, its run, nodes, 链主, projects with their 卡点, monitoring and
    # the two other lists; the rows do not add queries (tests/test_query_budgets loads both at
    # two sizes).
    client = as_user("analyst")
    with django_assert_max_num_queries(budget):
        assert client.get(path).status_code == 200


def test_the_chains_projects_carry_their_stage_and_stalls(as_user):
    projects = Project.objects.filter(chain_code=NEV)
    stalled = stall_labels(projects, as_of=timezone.localdate())
    assert stalled  # the demo pipeline has stalls of every kind
    project_id, labels = next(iter(stalled.items()))
    project = projects.get(pk=project_id)
    page = as_user("analyst").get(f"/chains/{NEV}/").content.decode()
    row = re.search(rf'<tr><td class="code">{project.code}</td>.*?</tr>', page, re.DOTALL).group(0)
    assert STAGE_NAMES[project.stage] in row and all(label in row for label in labels)
