"""The policy pages: a matching job stores every eligible firm and near miss and an unchanged
input reuses the run; the pages read the stored run (a GET computes nothing); a district sees
only its own firms; a version is edited, refused publication with the failures named, or
published; a version's dry run is a job whose totals are stored and exported; junk is a 404."""

import copy
import io

import polars as pl
import pytest
import yaml

from qiangshi.accounts.demo import DEMO_PASSWORD
from qiangshi.enterprises.models import Enterprise
from qiangshi.policies import matching
from qiangshi.policies.matching import match_run_create
from qiangshi.policies.models import DryRun, MatchResult, MatchRun, PolicyVersion
from qiangshi.policies.selectors import firm_matches
from qiangshi.policies.services import policies_in_force
from qiangshi.templatetags.figures import number
from tests.chains.conftest import visible
from tests.conftest import login

POLICY = "jizhengfa-2019-1"


@pytest.fixture
def as_user(shared_demo, client):
    def log_in(username):
        login(client, username, DEMO_PASSWORD)
        return client

    return log_in


@pytest.fixture
def run(shared_demo, db):
    return match_run_create()


def _started(client, path, data, callbacks):
    with callbacks(execute=True):
        return client.post(path, data)


def test_the_matching_job_stores_eligible_firms_and_near_misses(as_user, django_capture_on_commit_callbacks):
    client = as_user("analyst")
    response = _started(client, "/policies/runs/new/", {}, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    run = MatchRun.objects.get()
    assert run.job_id is not None and run.method_version == "policy-match-1"
    assert run.versions == {v.name: v.version for v in PolicyVersion.objects.filter(published=True)}
    stored = MatchResult.objects.filter(run=run)
    assert stored.filter(eligible=True).count() == run.eligible_count > 0
    assert stored.filter(eligible=False, near_miss=True).exclude(unmet=[]).exists()
    eligible = stored.filter(eligible=True).first()
    assert eligible.amount > 0 and eligible.trace and eligible.enterprise.uscc == eligible.uscc


def test_an_unchanged_input_reuses_the_stored_run(run):
    assert match_run_create().pk == run.pk and MatchRun.objects.count() == 1


def test_the_pages_read_the_stored_run_and_compute_nothing(as_user, run, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page computed a match")

    monkeypatch.setattr(matching, "match", refuse)
    monkeypatch.setattr(matching, "policy_firm_table", refuse)
    client = as_user("analyst")
    page = visible(client.get("/policies/"))
    assert "济政发〔2019〕1号" in page and "免申即享" in page and "重新匹配" in page
    assert f"{run.year}年数据匹配" in page
    money = sum(r.amount for r in MatchResult.objects.filter(run=run, policy=POLICY, eligible=True))
    assert number(money) in page
    detail = visible(client.get(f"/policies/{POLICY}/"))
    first = MatchResult.objects.filter(run=run, policy=POLICY, eligible=True).order_by("-amount").first()
    assert first.trace in detail and "全部通过" in detail and "第 1 版" in detail
    assert "一次性奖励：省级 30 万元、市级 10 万元" in detail
    assert "按营业收入分档：100,000 起 50 万元" in detail and "1,000,000 起 300 万元" in detail
    assert MatchRun.objects.count() == 1


def test_a_policy_page_shows_near_misses_with_the_gap(as_user, run):
    client = as_user("analyst")
    code = MatchResult.objects.filter(run=run, near_miss=True, eligible=False).exclude(gap="").first().policy
    near = MatchResult.objects.filter(run=run, policy=code, near_miss=True, eligible=False).exclude(gap="")[0]
    page = visible(client.get(f"/policies/{near.policy}/"))
    assert near.gap in page and near.unmet[0] in page and "差一项条件的企业" in page


def test_the_list_before_any_run_says_so(as_user):
    client = as_user("analyst")
    stored = PolicyVersion.objects.count()
    page = visible(client.get("/policies/"))
    assert "尚未匹配" in page and "—" in page and "济政发〔2019〕1号" in page
    assert "平台内置政策文件" in visible(client.get(f"/policies/{POLICY}/"))
    assert PolicyVersion.objects.count() == stored  # a page writes nothing


def test_a_district_sees_only_its_own_firms(as_user, run):
    client = as_user("lixia")
    outside = (MatchResult.objects.filter(run=run, eligible=True)
               .exclude(enterprise__region__code="370102").select_related("enterprise").first())
    inside = (MatchResult.objects.filter(run=run, eligible=True, enterprise__region__code="370102")
              .select_related("enterprise").first())
    page = visible(client.get(f"/policies/{outside.policy}/"))
    assert outside.enterprise.name not in page
    if inside is not None and inside.policy == outside.policy:
        assert inside.enterprise.name in page
    listed = visible(client.get("/policies/"))
    assert "重新匹配" not in listed
    assert client.post("/policies/runs/new/").status_code == 403


def test_the_leader_reads_but_may_not_publish_or_match(as_user, run):
    client = as_user("leader")
    version = PolicyVersion.objects.get(name=POLICY)
    assert client.get("/policies/").status_code == 200
    assert client.get(f"/policies/versions/{version.pk}/").status_code == 200
    assert client.post(f"/policies/versions/{version.pk}/publish/").status_code == 403
    assert client.post("/policies/runs/new/").status_code == 403


def _edited(version, amount):
    document = copy.deepcopy(version.content)
    clause = next(c for c in document["clauses"] if c["code"] == "zjtx-new")
    clause["amount"]["values"]["省级"] = amount
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


def test_an_edit_is_a_new_unpublished_version_and_publishing_it_is_refused_with_the_failures(as_user):
    client = as_user("analyst")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    response = client.post(f"/policies/versions/{version.pk}/", {"content": _edited(version, 40),
                                                                "note": "省级奖励改为40万元"})
    draft = PolicyVersion.objects.get(name=POLICY, version=2)
    assert response.status_code == 302 and not draft.published
    page = visible(client.post(f"/policies/versions/{draft.pk}/publish/", follow=True))
    assert "未发布" in page and "zjtx-new" in page and "金额应为" in page
    assert not PolicyVersion.objects.get(pk=draft.pk).published


def test_a_version_whose_tests_pass_is_published(as_user):
    client = as_user("analyst")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    client.post(f"/policies/versions/{version.pk}/", {"content": _edited(version, 30), "note": "核对"})
    draft = PolicyVersion.objects.get(name=POLICY, version=2)
    page = visible(client.post(f"/policies/versions/{draft.pk}/publish/", follow=True))
    assert "已发布" in page and PolicyVersion.objects.get(pk=draft.pk).published


def test_a_broken_document_is_refused_in_chinese(as_user):
    client = as_user("analyst")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    page = visible(client.post(f"/policies/versions/{version.pk}/", {"content": "- 不是映射", "note": "x"}))
    assert "未保存" in page and PolicyVersion.objects.filter(name=POLICY).count() == 1


def test_a_dry_run_of_an_unpublished_version_stores_its_totals_and_exports_them(
        as_user, django_capture_on_commit_callbacks):
    client = as_user("analyst")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    client.post(f"/policies/versions/{version.pk}/", {"content": _edited(version, 40), "note": "试算"})
    draft = PolicyVersion.objects.get(name=POLICY, version=2)
    _started(client, f"/policies/versions/{draft.pk}/dryrun/", {"budget": "10"},
             django_capture_on_commit_callbacks)
    stored = DryRun.objects.get(version=draft)
    total = next(r for r in stored.totals if r["dimension"] == "合计")
    assert stored.budget == 10 and total["over_budget"] == (total["amount"] > 10)
    page = visible(client.get(f"/policies/versions/{draft.pk}/dryrun/"))
    assert "合计" in page and "区县" in page and "导出 Excel" in page
    assert any(r["dimension"] == "产业链" and r["name"] == "new-energy-vehicle" for r in stored.totals)
    assert "new-energy-vehicle" not in page and "新能源汽车" in page  # chains by name
    exported = client.get(f"/policies/versions/{draft.pk}/dryrun/?format=xlsx").content
    sheet = pl.read_excel(io.BytesIO(exported), read_options={"header_row": 1})
    assert "合计" in sheet["维度"].to_list()


def test_the_firm_hook_lists_the_clauses_a_firm_is_eligible_for(run):
    eligible = MatchResult.objects.filter(run=run, eligible=True).first()
    found = firm_matches(Enterprise.objects.get(pk=eligible.enterprise_id))
    assert found and all(r.eligible and r.run_id == run.pk for r in found)
    assert eligible.pk in {r.pk for r in found}


def test_the_list_and_policy_pages_keep_their_query_budget(as_user, run, django_assert_max_num_queries):
    client = as_user("lixia")
    with django_assert_max_num_queries(15):
        assert client.get("/policies/").status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(f"/policies/{POLICY}/").status_code == 200


@pytest.mark.parametrize("path", ["/policies/no-such-policy/", "/policies/versions/999999/",
                                  "/policies/versions/999999/dryrun/", "/policies/versions/x/"])
def test_bad_addresses_answer_404(as_user, path):
    assert as_user("analyst").get(path).status_code == 404


def test_a_publish_of_a_missing_version_is_404(as_user):
    assert as_user("analyst").post("/policies/versions/999999/publish/").status_code == 404


def test_a_dry_run_with_a_bad_budget_is_refused_in_chinese(as_user):
    client = as_user("analyst")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    page = visible(client.post(f"/policies/versions/{version.pk}/dryrun/", {"budget": "很多"}, follow=True))
    assert "预算应为不小于 0 的数字" in page and not DryRun.objects.exists()


def test_the_leader_may_not_start_a_dry_run(as_user):
    client = as_user("leader")
    policies_in_force()
    version = PolicyVersion.objects.get(name=POLICY)
    assert client.post(f"/policies/versions/{version.pk}/dryrun/", {"budget": "1"}).status_code == 403
    assert not DryRun.objects.exists()
