"""Evaluation runs on the registry: stored, explained, exported, compared, appealed."""

import io
import json

import polars as pl
import pytest
import yaml
from django.core.management import call_command

from qiangshi.engine.uscc import uscc_make
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.evaluation.models import Appeal, MethodVersion, Override, Result, Run
from qiangshi.evaluation.services import method_version_get, run_create, runs_compare
from tests.conftest import login
from tests.enterprises.conftest import enterprises_file, fact, facts_file, firm

# Ten 规上 firms in 历城 with 10 亩 each; firm i pays i × 10 万元 tax, so tax per 亩 = i.
FIRMS = [uscc_make("370112", f"{i:08d}") for i in range(1, 11)]


def published(content: bytes, sheet: str = "评价结果") -> pl.DataFrame:
    """A sheet of the 公示名单 workbook: its table starts under the title row."""
    return pl.read_excel(io.BytesIO(content), sheet_name=sheet, read_options={"header_row": 1})


@pytest.fixture
def ten_firms(reference):
    registry = enterprise_import(enterprises_file([firm(u, land_area="10", industry_code="3411")
                                                   for u in FIRMS]), "企业.xlsx")
    assert registry.written, registry.errors[:2]
    facts = fact_import(facts_file([fact(u, tax_paid=str(10 * i), revenue=str(1000 * i), profit="50",
                                         energy_tce="10", employees="50")
                                    for i, u in enumerate(FIRMS, start=1)]), "数据.xlsx")
    assert facts.written, facts.errors[:2]


def test_a_run_stores_every_firm_with_method_version_and_input_hash(ten_firms):
    run = run_create(method_version_get("shandong-default"), 2024)
    assert run.firm_count == 10 and len(run.input_hash) == 64
    assert run.method.name == "shandong-default" and run.method.version == 1
    best = Result.objects.get(run=run, uscc=FIRMS[-1])
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    assert (best.rank, best.klass) == (1, "A")
    assert worst.klass in {"C", "D"} and worst.rank == 10
    assert best.detail["value_tax_per_mu"] == pytest.approx(10.0)


def test_runs_are_never_overwritten_and_a_veto_shows_in_the_comparison(ten_firms):
    method = method_version_get("shandong-default")
    first = run_create(method, 2024)
    Override.objects.create(year=2024, enterprise=Enterprise.objects.get(uscc=FIRMS[-1]),
                            kind="veto_d", reason_code="SAFETY", reason="重大安全生产事故")
    second = run_create(method, 2024, note="否决后重算")
    assert Run.objects.count() == 2 and first.results.count() == 10
    moved = runs_compare(first, second)
    assert moved.filter(pl.col("uscc") == FIRMS[-1]).select("class", "class_after").row(0) == (
        "A", "D")
    vetoed = Result.objects.get(run=second, uscc=FIRMS[-1])
    assert any("SAFETY" in rule or "安全" in rule for rule in vetoed.rules)


def test_cli_evaluates_a_spreadsheet_without_storing_and_prints_json(reference, tmp_path):
    header = "uscc,name,group,industry_code,land_mu,tax,revenue,energy_tce,employees"
    lines = [header] + [f"{u},企业{i},规上,3411,10,{10 * i},{1000 * i},10,50"
                        for i, u in enumerate(FIRMS, start=1)]
    path = tmp_path / "区县.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("mujun", "evaluate", "--year", "2024", "--method", "shandong-default",
                 "--input", str(path), "--json", stdout=out, stderr=io.StringIO())
    rows = {row["uscc"]: row for row in json.loads(out.getvalue())}
    assert {"uscc", "group", "scores", "total", "rank", "class", "rules", "surcharge"} <= set(
        rows[FIRMS[0]])
    assert rows[FIRMS[-1]]["class"] == "A" and rows[FIRMS[-1]]["rank"] == 1
    assert not Run.objects.exists()


def test_cli_refuses_a_spreadsheet_with_bad_rows(reference, tmp_path):
    path = tmp_path / "错.csv"
    path.write_text("uscc,group,tax\n914403001922038217,规中,abc\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(Exception, match="数据有"):
        call_command("mujun", "evaluate", "--year", "2024", "--method", "shandong-default",
                     "--input", str(path), stdout=io.StringIO(), stderr=err)
    assert "校验码错误" in err.getvalue() and "评价组应为" in err.getvalue()


def test_pages_explain_a_grade_and_export_the_published_list(client, ten_firms, make_user):
    run = run_create(method_version_get("shandong-default"), 2024)
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    assert "类别分布" in page and "历城区" in page
    best = Result.objects.get(run=run, uscc=FIRMS[-1])
    detail = client.get(f"/evaluation/results/{best.pk}/").content.decode()
    assert "单位用地税收" in detail and "A类" in detail
    export = published(client.get(f"/evaluation/runs/{run.pk}/?format=xlsx").content)
    assert export.columns[:3] == ["序号", "企业名称", "统一社会信用代码"]
    assert export["统一社会信用代码"][0] == FIRMS[-1]
    assert export.height == 10


def test_an_appeal_filed_with_corrected_figures_shows_with_its_decision_on_the_new_run(
        client, ten_firms, make_user, django_capture_on_commit_callbacks):
    run = run_create(method_version_get("shandong-default"), 2024)
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    make_user("lc", "region", region_codes=["370112"])
    login(client, "lc")
    form = client.get(f"/evaluation/results/{worst.pk}/").content.decode()
    assert "实缴税金（万元）" in form and 'name="fact"' in form
    requestable = form.split('name="requested_class"')[1].split("</select>")[0]
    assert "<option>B</option>" in requestable and "<option>C</option>" not in requestable
    client.post(f"/evaluation/results/{worst.pk}/appeal/", {
        "reason": "税收与营业收入录入少一位", "fact": ["tax_paid", "revenue"],
        "value": ["105", "10,500"], "requested_class": "A"})
    appeal = Appeal.objects.get()
    assert appeal.corrections == {"tax_paid": "105.00", "revenue": "10500.00"}
    client.post("/logout/")
    make_user("gxj", "analyst")
    login(client, "gxj")
    assert "实缴税金（万元） 更正为 105" in client.get("/evaluation/appeals/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(f"/evaluation/appeals/{appeal.pk}/decide/",
                              {"decision": "upheld", "note": "核实税票后更正"})
    assert decided.url.startswith("/jobs/")  # the recomputation runs as a job
    appeal.refresh_from_db()
    corrected = Result.objects.get(run=appeal.new_run, uscc=FIRMS[0])
    assert corrected.klass == "A" and not Override.objects.exists()
    page = client.get(f"/evaluation/results/{corrected.pk}/").content.decode()
    section = page.split("<h2>异议</h2>")[1]
    assert "异议成立" in section and "核实税票后更正" in section and "（即本批次）" in section
    assert "实缴税金（万元） 105" in section and "营业收入（万元） 10,500" in section
    assert "APPEAL" not in page and "REVIEW" not in page


def test_a_rejected_appeal_is_recorded_without_a_new_run(client, ten_firms, make_user):
    run = run_create(method_version_get("shandong-default"), 2024)
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    appeal = Appeal.objects.create(result=worst, reason="不服")
    make_user("gxj", "analyst")
    login(client, "gxj")
    decided = client.post(f"/evaluation/appeals/{appeal.pk}/decide/",
                          {"decision": "rejected", "note": "证据不足"}, follow=True)
    assert "异议不成立，处理意见已记录" in decided.content.decode()
    assert Run.objects.count() == 1
    page = client.get(f"/evaluation/results/{worst.pk}/").content.decode()
    assert "异议不成立" in page.split("<h2>异议</h2>")[1] and "证据不足" in page


def test_a_district_sees_only_its_firms_results(client, ten_firms, lixia_user):
    run = run_create(method_version_get("shandong-default"), 2024)
    login(client, "lixia")
    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    body = page.split('id="results"')[1].split("<tbody>")[1].split("</tbody>")[0]
    assert "没有结果" in body and "/evaluation/results/" not in body
    result = Result.objects.filter(run=run).first()
    assert client.get(f"/evaluation/results/{result.pk}/").status_code == 404


def test_methods_are_stored_as_versions(reference):
    first = method_version_get("huangyan-2022")
    assert method_version_get("huangyan-2022").pk == first.pk
    assert MethodVersion.objects.get(name="huangyan-2022").version == 1


def test_an_analyst_edits_a_method_as_a_new_version(client, reference, make_user):
    base = method_version_get("shandong-default")
    make_user("gxj", "analyst")
    login(client, "gxj")
    content = dict(base.content, title="济南试行方法")
    refused = client.post(f"/evaluation/methods/{base.pk}/", {
        "content": yaml.safe_dump(content, allow_unicode=True), "note": ""})
    assert "请填写修改说明" in refused.content.decode()
    broken = client.post(f"/evaluation/methods/{base.pk}/", {
        "content": yaml.safe_dump({**content, "classification": {"by": "lottery"}},
                                  allow_unicode=True), "note": "试"})
    assert "未保存" in broken.content.decode()
    client.post(f"/evaluation/methods/{base.pk}/", {
        "content": yaml.safe_dump(content, allow_unicode=True), "note": "改名试行"})
    newest = MethodVersion.objects.filter(name="shandong-default").order_by("-version").first()
    assert (newest.version, newest.title, newest.based_on) == (2, "济南试行方法", base)


def test_compare_page_lists_the_firms_that_changed_class(client, ten_firms, make_user):
    method = method_version_get("shandong-default")
    first = run_create(method, 2024)
    Override.objects.create(year=2024, enterprise=Enterprise.objects.get(uscc=FIRMS[-1]),
                            kind="exempt_t", reason_code="NEW", reason="新投产企业")
    second = run_create(method, 2024)
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/evaluation/compare/?a={first.pk}&b={second.pk}").content.decode()
    assert FIRMS[-1] in page and "A → T" in page


def test_cli_pages_and_export_agree_on_every_class(client, ten_firms, make_user):
    out = io.StringIO()
    call_command("mujun", "evaluate", "--year", "2024", "--method", "shandong-default", "--json",
                 stdout=out, stderr=io.StringIO())
    cli = {row["uscc"]: row["class"] for row in json.loads(out.getvalue())}
    run = Run.objects.get()
    stored = dict(run.results.values_list("uscc", "klass"))
    make_user("gxj", "analyst")
    login(client, "gxj")
    export = published(client.get(f"/evaluation/runs/{run.pk}/?format=xlsx").content)
    exported = {u: c[0] for u, c in zip(export["统一社会信用代码"], export["评价类别"], strict=True)}
    page = client.get(f"/evaluation/runs/{run.pk}/").content.decode()
    assert cli == stored == exported
    assert all(f'g-{klass}">{klass}</span>' in page for klass in set(stored.values()))


def test_the_input_hash_does_not_depend_on_the_order_queries_return_rows_in(ten_firms, monkeypatch):
    from qiangshi.evaluation import services
    from tests.row_order import rows_reversed

    method = method_version_get("shandong-default")
    # Two earlier years' grades: the history has each firm twice, so a sort on the firm
    # alone would leave the two years in query order.
    for year, klass in ((2022, "D"), (2023, "C")):
        past = Run.objects.create(method=method, year=year, input_hash="0" * 64, firm_count=2,
                                  engine_version="-", computed_by="测试")
        Result.objects.bulk_create([Result(run=past, uscc=uscc, name="", evaluated=True,
                                           klass=klass) for uscc in FIRMS[:2]])
    first = run_create(method, 2024)
    rows_reversed(monkeypatch, services, "registry_facts", "history_table", "override_table")
    assert run_create(method, 2024).input_hash == first.input_hash
