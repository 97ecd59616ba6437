"""A hand-worked chain for the monitoring tests: 测试链 (test-chain) with three nodes, 电池
(3841), 电机 (3812, keyword 电机) and 充电设施 (3829, no firm), and four firms (万元, 1–N月累计):

A 3841, products 电机 (so on both nodes, counted once): 2023-06 100/120, 2023-12 200/240,
  2024-06 130/150
B 3812: 2023-06 50/60, 2024-06 40/45
C 3841, reporting only in 2024: 2024-06 30/30 (in the total, not in the growth)
D 9999, on no chain: 2024-06 1000/1000

2024年1-6月: revenue 130+40+30 = 200, output 225, 3 firms; like for like (A, B) 170 against
150 → growth 13.33 %; output 195 against 180 → 8.33 %."""

from decimal import Decimal

from qiangshi.accounts.models import Region
from qiangshi.chains.services import chains_load, run_create
from qiangshi.enterprises.models import Enterprise, Fact, MonthlyFact

CODE = "test-chain"
CHAIN = f"""
code: {CODE}
name: 测试链
level: 标志性
targets:
  - {{measure: revenue, year: 2025, value: 1, unit: 亿元}}
nodes:
  - {{segment: 上游, name: 电池, codes: ["3841"]}}
  - {{segment: 中游, name: 电机, codes: ["3812"], keywords: ["电机"]}}
  - {{segment: 下游, name: 充电设施, codes: ["3829"]}}
"""
MONTHLY = {
    "A": {(2023, 6): (100, 120), (2023, 12): (200, 240), (2024, 6): (130, 150)},
    "B": {(2023, 6): (50, 60), (2024, 6): (40, 45)},
    "C": {(2024, 6): (30, 30)},
    "D": {(2024, 6): (1000, 1000)},
}
INDUSTRY = {"A": ("3841", "电机"), "B": ("3812", ""), "C": ("3841", ""), "D": ("9999", "")}


def chain_registry() -> dict[str, Enterprise]:
    """The chain stored, the firms with their 2024 yearly and monthly figures, one chain run."""
    chains_load(CHAIN, note="测试")
    region = Region.objects.get(code="370112")
    firms = {}
    for number, (name, (code, products)) in enumerate(INDUSTRY.items()):
        firm = Enterprise.objects.create(uscc=f"91370100{number:010d}", name=f"企业{name}", region=region,
                                         industry_code=code, main_products=products, above_scale=True)
        Fact.objects.create(enterprise=firm, year=2024, revenue=Decimal(500), profit=Decimal(10))
        MonthlyFact.objects.bulk_create([
            MonthlyFact(enterprise=firm, year=year, month=month, revenue_ytd=Decimal(revenue),
                        output_ytd=Decimal(output))
            for (year, month), (revenue, output) in MONTHLY[name].items()])
        firms[name] = firm
    run_create(year=2024)
    return firms
