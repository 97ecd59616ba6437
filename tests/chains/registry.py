"""A one-chain map and a five-firm registry the chain service tests share.

新能源汽车 (code nev): 动力电池 (上游, 3841, keyword 电芯), 整车 (中游, 3612), 充电设施 (下游,
3829, keyword 充电桩). Firms, 2024 revenue (2023) in 万元:
A 3841 规上 60,000 (50,000) · D 3841 规上 30,000 · E 3841 规上 20,000 → 动力电池 has 3 规上 and
110,000: strong; B 3612 规上 50,000 → 整车 present; C 5199 “泉城充电桩科技” not 规上 1,000 → 充电设施
weak, by keyword. F 1711 (textiles) 9,000 is on no node.
"""

from decimal import Decimal

from qiangshi.accounts.models import Region
from qiangshi.enterprises.models import Enterprise, Fact

CHAIN = """\
code: nev
name: 新能源汽车
level: 标志性
name_confirmed: true
people: {chain_leader: 副市长, lead_office: 装备工业处, servicer: 张三, members: [市发改委]}
targets:
  - {measure: revenue, year: 2025, value: 30, unit: 亿元, source: 示例}
nodes:
  - {segment: 上游, name: 动力电池, codes: ["3841"], keywords: [电芯]}
  - {segment: 中游, name: 整车, codes: ["3612"]}
  - {segment: 下游, name: 充电设施, codes: ["3829"], keywords: [充电桩]}
"""

FIRMS = {  # name: (industry, 规上, region, 2024 revenue, 2023 revenue)
    "济南甲动力科技有限公司": ("3841", True, "370112", 60_000, 50_000),
    "济南乙汽车有限公司": ("3612", True, "370102", 50_000, None),
    "泉城充电桩科技有限公司": ("5199", False, "370102", 1_000, None),
    "济南丁电池有限公司": ("3841", True, "370112", 30_000, None),
    "济南戊能源有限公司": ("3841", True, "370112", 20_000, None),
    "济南己纺织有限公司": ("1711", True, "370102", 9_000, None),
}


def registry() -> dict[str, Enterprise]:
    made = {}
    for number, (name, (code, above, region, revenue, prior)) in enumerate(FIRMS.items()):
        firm = Enterprise.objects.create(
            uscc=f"9137010000000{number:05d}", name=name, region=Region.objects.get(code=region),
            industry_code=code, above_scale=above)
        Fact.objects.create(enterprise=firm, year=2024, revenue=Decimal(revenue))
        if prior is not None:
            Fact.objects.create(enterprise=firm, year=2023, revenue=Decimal(prior))
        made[name] = firm
    return made
