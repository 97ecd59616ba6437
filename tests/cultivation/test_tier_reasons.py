"""Why a firm fails or passes a tier, through the command and the firm's tier card."""

import io
import json

from django.core.management import call_command

from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.models import Enterprise, Honour
from tests.conftest import login
from tests.cultivation.test_tiers import AS_OF, three_years
from tests.enterprises.conftest import HUAWEI, fact, facts_file

#: 创新型 (63号文) hand-worked: Ⅱ类 only → 5, R&D 70 / 14000 = 0.5 % → 0, so 创新能力 5 of
#: the 20 it needs, while the total (60 to 65) reaches the pass mark of 60.
GROUP_GAP = "创新能力得分 5 分，需达到 20 分，差 15 分"
WEAK = {"ip_class1": "0", "ip_class1_own": "0", "ip_class2": "3", "rd_expense": "70"}


def _assess(tier: str) -> dict:
    out = io.StringIO()
    call_command("tiers", "assess", "--enterprise", HUAWEI, "--tier", tier, "--as-of", AS_OF, "--json",
                 stdout=out)
    [row] = json.loads(out.getvalue())
    return row


def test_assess_command_names_a_failed_group_minimum_with_its_gap(registry):
    fact_import(facts_file(three_years(HUAWEI, **WEAK)), "数据.xlsx")
    row = _assess("innovative_sme")
    assert row["eligible"] is False and (row["score"], row["score_max"]) == (60, 65)
    assert GROUP_GAP in row["gaps"]
    assert not any("差 -" in g for g in row["gaps"]) and row["route"] is None


def test_assess_command_and_card_name_the_direct_route_that_decided(client, registry, make_user):
    fact_import(facts_file(three_years(HUAWEI, **WEAK)), "数据.xlsx")
    Honour.objects.create(enterprise=Enterprise.objects.get(uscc=HUAWEI), kind="high_tech",
                          level="national", year_granted=2023, year_expiring=2025)
    row = _assess("innovative_sme")
    assert row["eligible"] is True and row["route"] == "持有有效期内的高新技术企业证书"
    make_user("gxj", "analyst")
    login(client, "gxj")
    card = client.get(f"/cultivation/tiers/firm/{HUAWEI}/?as_of={AS_OF}").content.decode()
    assert "经直通条件：持有有效期内的高新技术企业证书" in card


def test_tier_card_shows_the_group_gap_and_no_negative_gap(client, registry, make_user):
    fact_import(facts_file(three_years(HUAWEI, **WEAK)), "数据.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    card = client.get(f"/cultivation/tiers/firm/{HUAWEI}/?as_of={AS_OF}").content.decode()
    assert GROUP_GAP in card and "差 -" not in card


def test_tier_card_marks_a_band_boundary_the_source_leaves_open(client, registry, make_user):
    fact_import(facts_file(three_years(HUAWEI)), "数据.xlsx")
    make_user("gxj", "analyst")
    login(client, "gxj")
    card = client.get(f"/cultivation/tiers/firm/{HUAWEI}/?as_of={AS_OF}").content.decode()
    assert "上年度资产负债率（⚠ 原文未写明档位边界归属，本规则按“下限含、上限不含”）" in card


def test_assess_command_gives_a_growth_of_exactly_15_percent_the_15_percent_band(registry):
    # 主营 10,000 (2023) → 11,500 (2024): 15 % exactly, 0.1499999… in floating point. 创新型:
    # 知识产权 15 + 研发 10 + 增长 20 + 负债 10 + 领域 5 (at least) + 主营占比 82 % 20 = 80.
    years = three_years(HUAWEI, main_revenue="11500")
    years[1] = fact(HUAWEI, year="2023", revenue="12000", profit="900", main_revenue="10000",
                    rd_expense="250")
    fact_import(facts_file(years), "数据.xlsx")
    row = _assess("innovative_sme")
    assert (row["score"], row["score_max"]) == (80, 85)
