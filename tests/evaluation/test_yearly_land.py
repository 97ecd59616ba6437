"""The land 亩均 divides by (issue 13 §3): the year's 核定用地面积 when given, the registry's
otherwise; an upheld appeal corrects it as a revision and the year is evaluated again."""

from decimal import Decimal

import pytest

from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Fact, FactRevision
from qiangshi.evaluation.appeals import AppealRefused, corrections_read
from qiangshi.evaluation.models import Appeal, Override, Result
from qiangshi.evaluation.services import method_version_get, run_create
from tests.conftest import login
from tests.enterprises.conftest import fact, facts_file
from tests.evaluation.test_appeal_decision import decide
from tests.evaluation.test_runs import FIRMS, ten_firms  # noqa: F401 — ten firms in 历城

APPEAL_SOURCE = "亩均评价异议 #{pk}（2024年度）"


@pytest.fixture
def run(ten_firms):  # noqa: F811
    return run_create(method_version_get("shandong-default"), 2024)


@pytest.fixture
def analyst(make_user):
    return make_user("gxj", "analyst")


def land_appeal(run, value: str) -> Appeal:
    """The lowest firm (10 万元 tax on the registry's 10 亩) says it holds only `value` 亩."""
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    return Appeal.objects.create(result=worst, reason="用地面积含已退还的地块",
                                 corrections=corrections_read(["land_area"], [value]))


def test_without_a_yearly_land_figure_the_registry_land_is_used_and_results_are_unchanged(run):
    # Firm i pays 10·i 万元 on the registry's 10 亩: 亩均税收 i, as before yearly land existed.
    results = {r.uscc: r for r in Result.objects.filter(run=run)}
    for i, uscc in enumerate(FIRMS, start=1):
        detail = results[uscc].detail
        assert detail["value_tax_per_mu"] == pytest.approx(i)
        assert (detail["land_mu"], detail["land_source"]) == (10.0, "registry")
    assert results[FIRMS[-1]].detail["benchmark_tax_per_mu"] == pytest.approx(5.5)
    assert [results[u].klass for u in FIRMS] == ["C"] * 4 + ["B"] * 4 + ["A"] * 2
    assert not Fact.objects.filter(land_area__isnull=False).exists()


def test_a_yearly_land_figure_replaces_the_registry_land_and_changes_the_input_hash(run):
    report = fact_import(facts_file([fact(FIRMS[-1], land_area="20")]), "核定用地.xlsx")
    assert report.updated == 1, report.errors
    again = run_create(run.method, 2024)
    assert again.input_hash != run.input_hash
    best = Result.objects.get(run=again, uscc=FIRMS[-1])
    # 100 万元 on the 核定 20 亩 = 5 万元/亩 (the registry still says 10).
    assert best.detail["value_tax_per_mu"] == pytest.approx(5.0)
    assert (best.detail["land_mu"], best.detail["land_source"]) == (20.0, "yearly")
    assert Result.objects.get(run=again, uscc=FIRMS[0]).detail["land_source"] == "registry"


def test_an_upheld_appeal_correcting_the_land_reruns_the_year_on_the_corrected_land(
        run, analyst, django_capture_on_commit_callbacks):
    before = Result.objects.get(run=run, uscc=FIRMS[0])
    assert (before.rank, before.klass) == (10, "C")
    appeal = land_appeal(run, "1")
    new = decide(django_capture_on_commit_callbacks, appeal, upheld=True, note="不动产权证核实为 1 亩",
                 user=analyst)
    corrected = Result.objects.get(run=new, uscc=FIRMS[0])
    # By hand: 10 万元 on 1 亩 = 10 万元/亩; the district's 规上 mean becomes (10 + 2 + … + 10) / 10
    # = 6.4, so its land score is 10 / 6.4 × 40 = 62.5. Energy (100 / 550 × 20 = 3.64) and labour
    # (20 / 110 × 10 = 1.82) are as before: 67.96, below firm 6 (6 / 6.4 × 40 + 21.82 + 10.91
    # = 70.23) and above firm 5 (58.52): sixth of ten, inside B's 60 %.
    assert corrected.detail["value_tax_per_mu"] == pytest.approx(10.0)
    assert corrected.detail["benchmark_tax_per_mu"] == pytest.approx(6.4)
    assert corrected.detail["score_tax_per_mu"] == pytest.approx(62.5)
    assert corrected.total == pytest.approx(67.96)
    assert (corrected.rank, corrected.rank_of, corrected.klass) == (6, 10, "B")
    assert (corrected.detail["land_mu"], corrected.detail["land_source"]) == (1.0, "yearly")
    # The best firm's land score falls with the raised mean: 10 / 6.4 × 40.
    assert Result.objects.get(run=new, uscc=FIRMS[-1]).detail["score_tax_per_mu"] == pytest.approx(
        62.5)
    assert not Override.objects.exists()
    # The earlier run keeps the land it was measured by.
    before.refresh_from_db()
    assert (before.detail["land_mu"], before.detail["land_source"]) == (10.0, "registry")


def test_the_land_revision_keeps_the_old_value_who_when_and_the_appeal(
        ten_firms, analyst, django_capture_on_commit_callbacks):  # noqa: F811
    fact_import(facts_file([fact(FIRMS[0], land_area="10")]), "核定用地.xlsx")
    FactRevision.objects.all().delete()  # only the appeal's revision below
    run = run_create(method_version_get("shandong-default"), 2024)
    appeal = land_appeal(run, "2.5")
    decide(django_capture_on_commit_callbacks, appeal, upheld=True, note="核实", user=analyst)
    revision = FactRevision.objects.get()
    assert revision.field == "land_area" and revision.fact.year == 2024
    assert (Decimal(revision.old_value), Decimal(revision.new_value)) == (Decimal(10),
                                                                          Decimal("2.5"))
    assert revision.changed_by == analyst and revision.changed_by_name
    assert revision.changed_at is not None
    assert revision.source == APPEAL_SOURCE.format(pk=appeal.pk)
    assert Fact.objects.get(enterprise__uscc=FIRMS[0]).land_area == Decimal("2.50")


@pytest.mark.parametrize(("value", "match"), [
    ("-3", "核定用地面积（亩）不能为负数"), ("0", "核定用地面积（亩）应大于 0"),
    ("0.001", "核定用地面积（亩）应大于 0"), ("十亩", "核定用地面积（亩）应为数字"),
    ("", "请填写核定用地面积（亩）的更正值")])
def test_a_bad_land_value_in_an_appeal_is_refused_in_chinese(value, match):
    with pytest.raises(AppealRefused, match=match.replace("（", r"\（").replace("）", r"\）")):
        corrections_read(["land_area"], [value])


def test_the_appeal_form_offers_the_land_and_refuses_a_bad_value_without_a_500(
        client, run, make_user):
    worst = Result.objects.get(run=run, uscc=FIRMS[0])
    make_user("lc", "region", region_codes=["370112"])
    login(client, "lc")
    page = client.get(f"/evaluation/results/{worst.pk}/").content.decode()
    assert '<option value="land_area">核定用地面积（亩）</option>' in page
    assert "10.00 亩（企业名录登记的用地面积；该年度未填核定用地面积）" in page
    for value in ("0", "-1", "很多"):
        answer = client.post(f"/evaluation/results/{worst.pk}/appeal/", {
            "reason": "用地面积有误", "fact": ["land_area"], "value": [value]}, follow=True)
        assert answer.status_code == 200
        assert "未能提交异议：核定用地面积（亩）" in answer.content.decode()
    assert not Appeal.objects.exists()
    client.post(f"/evaluation/results/{worst.pk}/appeal/", {
        "reason": "用地面积有误", "fact": ["land_area"], "value": ["1,000.5"]})
    assert Appeal.objects.get().corrections == {"land_area": "1000.50"}


def test_the_result_page_names_the_yearly_land_it_was_measured_by(client, ten_firms, analyst):  # noqa: F811
    fact_import(facts_file([fact(FIRMS[-1], land_area="1234.5")]), "核定用地.xlsx")
    run = run_create(method_version_get("shandong-default"), 2024)
    login(client, "gxj")
    best = Result.objects.get(run=run, uscc=FIRMS[-1])
    page = client.get(f"/evaluation/results/{best.pk}/").content.decode()
    assert "用地面积：1,234.50 亩（2024 年度核定用地面积）" in page
    assert "land_source" not in page and "yearly" not in page
