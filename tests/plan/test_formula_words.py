"""Issue 13 §4: no developer text — a computed indicator's formula is shown in words, never as
its dictionary."""

import pytest

from qiangshi.plan.computed.formulas import computed_refresh
from qiangshi.plan.computed.wording import formula_words
from qiangshi.plan.models import ComputedFigure
from tests.conftest import login
from tests.plan.test_computed import registry_plan  # noqa: F401


@pytest.mark.parametrize(("formula", "words"), [
    ({"measure": "sum", "field": "revenue", "where": {"above_scale": True}, "scale": 0.0001},
     "企业（规模以上）的营业收入合计（万元折算为亿元）"),
    ({"measure": "count", "where": {"honour": ["high_tech"]}}, "符合条件的企业数：持有高新技术企业"),
    ({"measure": "count", "where": {"honour": ["champion", "unicorn"], "honour_level": ["national"]}},
     "符合条件的企业数：持有国家级制造业单项冠军、独角兽企业之一"),
    ({"measure": "count", "where": {"min": {"field": "revenue", "value": 100000}}},
     "符合条件的企业数：营业收入不低于 100,000 万元"),
    ({"measure": "share", "where": {"industrial": True},
      "numerator": {"field": "rd_expense", "where": {"group": "hightech_mfg"}},
      "denominator": {"field": "revenue"}},
     "企业（工业（采矿业、制造业、电力热力燃气及水生产和供应业））中，高技术制造业企业的研发费用占全部营业收入的比重（%）"),
    ({"measure": "count"}, "企业数"),
    ({"source": "projects", "measure": "count", "stage": "started",
      "where": {"kind": ["renovation"], "min_investment": 10000}},
     "当年进入“开工”阶段的项目（技术改造；计划总投资不低于 10,000 万元）数"),
    ({"source": "projects", "measure": "count", "stage": "registered"}, "当年进入“入库”阶段的项目数"),
    ({"source": "projects", "measure": "growth", "where": {"chain_strengthening": True}},
     "项目（强链补链）完成投资的同比增长（%）"),
])
def test_a_formula_reads_as_words(formula, words):
    assert formula_words(formula) == words


def test_the_computed_figure_page_words_its_formula_and_keeps_hash_and_version_in_the_basis(
        client, registry_plan, make_user):  # noqa: F811
    computed_refresh(registry_plan)
    figure = ComputedFigure.objects.get(indicator__code="MFG-REV", region__code="370100", year=2024)
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/plan/computed/{figure.pk}/").content.decode()
    assert formula_words(figure.indicator.formula) in page
    assert "{&#x27;" not in page and "{'" not in page
    basis = page[page.index('<details class="basis">'):page.index("</details>")]
    assert figure.input_hash in basis and figure.method_version in basis
    assert figure.input_hash not in page.replace(basis, "")
