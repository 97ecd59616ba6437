"""A synthetic but realistic Jinan for demonstrations: enterprises, honours, yearly and monthly
facts as the four import-template tables (`qiangshi demo generate --seed N`).

Pure polars/numpy: no Django, no I/O besides the packaged reference data (regions, the GB/T
4754-2017 tree and the platform's 装备制造业 prefix list). Deterministic for a seed; every
random draw comes from a stream named after what it draws, so the parts do not shift each other.
Vectorised over firms: loops run only over industries, regions, honour kinds and years.

What it makes (defaults: 10,000 firms, 3,000 规上):
* 80 % industrial firms (GB/T 4754 门类 B/C/D) drawn from Jinan's structure (`DIVISIONS`), 20 %
  software and IT-service firms (大类 65), which are never 规上工业.
* Exactly `above_scale` industrial firms are 规上 in `last_year`; some entered during the
  period (纳入规上年份 = the first year counted), some left (退出规上年份 = the first year no
  longer counted; see `above_scale_in`). A firm is 规上 in a year exactly when its 主营业务收入
  that year is at least 2,000 万元 (the NBS threshold since 2011).
* Revenue of 规上 firms is Pareto-tailed (α = 1.2, stratified so the tail is stable across
  seeds): at full size about ten firms above 100 亿元 and about 150 above 10 亿元.
* City totals are calibrated per year to `ABOVE_SCALE_REVENUE`, `EQUIPMENT_REVENUE`,
  `ABOVE_SCALE_PROFIT` and `SOFTWARE_REVENUE` (published figures where they exist; each entry
  says where it comes from). The totals do not depend on `firms`: a small data set has the
  same city totals carried by fewer, larger firms.

* The figures the tier rules test (培育指标: 高新技术产品收入, staff, IP, niche years, market
  share …) and the awards behind their 直通 conditions follow the honours a firm holds (a 高企
  meets the 高企 lines); other firms report little, spread across the thresholds. They come
  from their own streams, so adding them left every other figure as it was.

Every table carries 来源说明 = `DEMO_SOURCE`; the 企业 template has no such column, so the
import marks the firms (`is_demo`).
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

import numpy as np
import polars as pl

from qiangshi.engine.uscc import uscc_make_many
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    FACT_COLUMNS,
    FACT_FIELDS,
    HONOUR_COLUMNS,
    MONTHLY_COLUMNS,
)
from qiangshi.reference import regions
from qiangshi.reference.classifications import industry_groups, industry_tree

DEMO_SOURCE = "演示数据（合成）"


# --- calibration targets (万元) -----------------------------------------------------------------
# Sources: /work/shared/reference/data/jinan_indicators.csv and jinan-statistics.md.
ABOVE_SCALE_REVENUE = {  # 规上工业营业收入
    2020: (76_000_000, "估计：2021 上半年 4,304.6 亿元、同比 +28.5% 倒推"),
    2021: (89_500_000, "估计：约为 2021 上半年 4,304.6 亿元（公布）的 2.08 倍"),
    2022: (91_500_000, "估计：2022 年规上工业增加值 +1.6%（公布）"),
    2023: (97_599_617, "推算：2024 年 10,189.4 亿元 ÷ (1 + 4.4%)（均为公布数）"),
    2024: (101_894_000, "公布：2024 年统计公报 10,189.4 亿元"),
    2025: (107_865_000, "低可信度：二手资料称 2025 年 10,786.5 亿元（未核实）"),
}
EQUIPMENT_REVENUE = {  # 装备制造业营业收入 (大类 33–40, as industry_groups.yaml)
    2020: (31_160_000, "估计：占规上工业 41%"),
    2021: (37_590_000, "估计：占规上工业 42%"),
    2022: (39_345_000, "估计：占规上工业 43%"),
    2023: (44_303_160, "推算：2024 年 5,187.9 亿元 ÷ (1 + 17.1%)（均为公布数）"),
    2024: (51_879_000, "公布：2024 年统计公报 5,187.9 亿元"),
    2025: (57_168_000, "估计：占规上工业 53%（电子信息、汽车增长较快）"),
}
ABOVE_SCALE_PROFIT = {  # 规上工业利润总额
    2020: (4_180_000, "估计：营业收入利润率 5.5%"),
    2021: (5_280_500, "估计：营业收入利润率 5.9%（2021 上半年公布数）"),
    2022: (4_392_000, "估计：营业收入利润率 4.8%"),
    2023: (4_252_726, "推算：2024 年 429.1 亿元 ÷ (1 + 0.9%)（均为公布数）"),
    2024: (4_291_000, "公布：2024 年统计公报 429.1 亿元"),
    2025: (5_421_000, "低可信度：二手资料称 2025 年 542.1 亿元（未核实）"),
}
SOFTWARE_REVENUE = {  # 软件业务收入, carried by the 大类 65 firms
    2020: (31_600_000, "估计：2021 年 ÷ 1.2（2021 年 1–7 月增速 24.4%）"),
    2021: (37_906_574, "推算：2022 年 4,382 亿元 ÷ (1 + 15.6%)（均为公布数）"),
    2022: (43_820_000, "公布：新华网 2023-03-23，4,382 亿元"),
    2023: (49_500_000, "估计：+13%"),
    2024: (55_500_000, "估计：+12%"),
    2025: (63_000_000, "低可信度：二手资料称 2025 年 6,300 亿元（未核实）"),
}
TARGET_GROWTH_OUTSIDE = 0.05  # years beyond the tables: ±5 % a year from the nearest entry

ABOVE_SCALE_THRESHOLD = 2_000.0  # 主营业务收入, 万元 (NBS since 2011)
FLOOR = 2_250.0  # 规上 firms' revenue floor: 主营业务收入 ≥ 0.9 × 2,250 > 2,000
SMALL_CAP = 1_990.0  # non-规上 industrial firms stay below the threshold
SOFTWARE_FLOOR = 30.0
SOFTWARE_SHARE = 0.2
PARETO_ALPHA = 1.2
SOFTWARE_ALPHA = 1.4
ENTRY_RATE = 0.06  # share of `above_scale` entering each year
EXIT_RATE = 0.025
FIRST_HONOUR_YEAR = 2018

# District weights (GB/T 2260 code → weight) for industrial and software firms.
DISTRICT_WEIGHTS = {
    #        历下  市中  槐荫  天桥  历城  长清  章丘  济阳  莱芜  钢城  平阴  商河
    "ind": dict(zip(["370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115",
                     "370116", "370117", "370124", "370126"],
                    [3, 4, 6, 7, 17, 8, 15, 10, 10, 6, 4, 4], strict=True)),
    "soft": dict(zip(["370102", "370103", "370104", "370105", "370112", "370113", "370114", "370115",
                      "370116", "370117", "370124", "370126"],
                     [30, 10, 6, 6, 30, 3, 5, 2, 3, 1, 1, 1], strict=True)),
}
# 大类 → district multipliers (Jinan's industrial geography, jinan-statistics.md §8).
DISTRICT_AFFINITY = {
    "31": {"370117": 8, "370116": 5}, "08": {"370116": 5, "370117": 5},
    "32": {"370124": 2, "370116": 2}, "30": {"370124": 3, "370113": 1.5},
    "13": {"370115": 4, "370126": 2}, "14": {"370115": 4, "370126": 2}, "15": {"370115": 3},
    "27": {"370112": 2, "370126": 2}, "26": {"370126": 2, "370114": 1.5},
    "36": {"370114": 2, "370116": 2, "370113": 2, "370115": 1.5},
    "39": {"370112": 2, "370102": 2, "370103": 2}, "38": {"370103": 2},
    "34": {"370114": 2}, "35": {"370114": 1.5, "370126": 1.5},
}
# Functional zones: (code, share of all firms, districts they lie in).
ZONES = [
    ("370100Z03", 0.03, ["370116"]),  # 莱芜高新区
    ("370100Z04", 0.03, ["370112"]),  # 临港开发区
    ("370100Z01", 0.04, ["370105", "370115"]),  # 起步区
    ("370171", 0.15, ["370112", "370102", "370114"]),  # 高新区 (software firms preferred)
]


class Profile(NamedTuple):
    """Per industry group: 万元 revenue per employee, profit margin, 增加值率, assets/revenue,
    per 万元 revenue: tce, 万kWh, m³, tonnes of pollutants; R&D rate, export probability,
    technology bonus (honours), revenue per 亩, size affinity (large firms lean this way)."""

    productivity: float
    margin: float
    va_rate: float
    assets: float
    tce: float
    kwh: float
    water: float
    emissions: float
    rd: float
    export: float
    tech: float
    land_yield: float
    size: float


PROFILES = {
    "mining": Profile(100, 0.06, 0.33, 1.5, 0.35, 0.06, 2.0, 0.002, 0.008, 0.05, -0.4, 150, -0.2),
    "food": Profile(180, 0.05, 0.26, 0.9, 0.06, 0.02, 5.0, 0.0015, 0.010, 0.15, -0.4, 250, 0.0),
    "beverage": Profile(130, 0.08, 0.30, 1.1, 0.08, 0.02, 15.0, 0.002, 0.010, 0.05, -0.4, 200, -0.1),
    "light": Profile(70, 0.05, 0.28, 0.9, 0.12, 0.05, 6.0, 0.001, 0.010, 0.30, -0.4, 180, -0.4),
    "paper": Profile(120, 0.05, 0.27, 1.1, 0.40, 0.08, 25.0, 0.003, 0.010, 0.15, -0.4, 200, -0.2),
    "petro": Profile(800, 0.03, 0.25, 0.8, 0.30, 0.02, 1.0, 0.001, 0.005, 0.05, -0.3, 600, 0.8),
    "chemical": Profile(200, 0.07, 0.27, 1.2, 0.50, 0.06, 6.0, 0.002, 0.015, 0.30, 0.0, 300, 0.1),
    "pharma": Profile(120, 0.12, 0.33, 1.5, 0.08, 0.03, 6.0, 0.001, 0.040, 0.25, 0.7, 300, 0.3),
    "plastics": Profile(90, 0.05, 0.27, 1.0, 0.08, 0.05, 1.0, 0.0003, 0.015, 0.25, -0.1, 200, -0.3),
    "building": Profile(120, 0.06, 0.30, 1.2, 0.80, 0.10, 1.5, 0.004, 0.012, 0.10, -0.3, 150, -0.1),
    "steel": Profile(350, 0.02, 0.25, 1.0, 0.80, 0.08, 2.5, 0.003, 0.012, 0.10, -0.4, 300, 0.8),
    "nonferrous": Profile(300, 0.03, 0.25, 1.0, 0.60, 0.10, 1.5, 0.002, 0.012, 0.15, -0.1, 300, 0.3),
    "metal": Profile(100, 0.05, 0.28, 1.0, 0.06, 0.03, 0.8, 0.0003, 0.015, 0.20, -0.1, 250, -0.3),
    "machinery": Profile(100, 0.06, 0.30, 1.2, 0.03, 0.012, 0.5, 0.0001, 0.020, 0.35, 0.3, 250, 0.0),
    "vehicle": Profile(180, 0.04, 0.27, 1.1, 0.02, 0.01, 0.6, 0.0001, 0.020, 0.35, 0.3, 350, 0.5),
    "electrical": Profile(130, 0.06, 0.28, 1.1, 0.02, 0.01, 0.4, 0.0001, 0.025, 0.30, 0.4, 350, 0.1),
    "electronics": Profile(250, 0.03, 0.25, 1.0, 0.01, 0.008, 0.5, 0.00005, 0.025, 0.50, 0.8, 800, 0.4),
    "instrument": Profile(90, 0.09, 0.32, 1.3, 0.01, 0.008, 0.3, 0.00005, 0.040, 0.25, 0.8, 300, -0.2),
    "power": Profile(400, 0.04, 0.35, 3.0, 2.50, 0.15, 15.0, 0.010, 0.005, 0.00, -0.5, 200, 0.6),
    "grid": Profile(400, 0.03, 0.30, 2.0, 0.05, 0.02, 0.2, 0.0, 0.005, 0.00, -0.3, 400, 0.6),
    "gas": Profile(300, 0.05, 0.30, 1.5, 0.05, 0.01, 0.3, 0.0001, 0.005, 0.00, -0.5, 300, 0.0),
    "water": Profile(80, 0.05, 0.35, 3.0, 0.20, 0.30, 5.0, 0.0005, 0.005, 0.00, -0.5, 100, -0.2),
    "software": Profile(110, 0.08, 0.40, 1.5, 0.002, 0.003, 0.3, 0.0, 0.040, 0.00, 1.0, 1500, 0.0),
}
# 大类 → (profile group, share of industrial firms in %, name words).
DIVISIONS = {
    "08": ("mining", 0.4, ["矿业", "铁矿"]),
    "10": ("mining", 0.6, ["矿业", "石材"]),
    "13": ("food", 3.5, ["食品", "粮油", "农产品", "饲料"]),
    "14": ("food", 3.0, ["食品", "乳业", "调味品"]),
    "15": ("beverage", 1.5, ["酒业", "饮品", "茶业"]),
    "17": ("light", 1.0, ["纺织", "棉业"]),
    "18": ("light", 1.0, ["服饰", "制衣"]),
    "20": ("light", 0.6, ["木业"]),
    "21": ("light", 1.0, ["家具"]),
    "22": ("paper", 1.2, ["纸业", "包装"]),
    "23": ("light", 1.5, ["印务", "包装印刷"]),
    "24": ("light", 0.8, ["文体用品", "工艺品"]),
    "25": ("petro", 0.5, ["石化", "能源"]),
    "26": ("chemical", 5.0, ["化工", "新材料", "精细化工"]),
    "27": ("pharma", 4.5, ["制药", "药业", "生物医药", "生物科技"]),
    "28": ("chemical", 0.3, ["化纤"]),
    "29": ("plastics", 4.5, ["塑胶", "橡胶", "塑料制品"]),
    "30": ("building", 7.0, ["建材", "新型建材", "耐火材料"]),
    "31": ("steel", 2.5, ["钢铁", "特钢", "冶金"]),
    "32": ("nonferrous", 2.0, ["有色金属", "铝业", "铜业"]),
    "33": ("metal", 8.0, ["金属制品", "五金", "钢结构"]),
    "34": ("machinery", 11.0, ["机械", "重工", "泵业", "阀门", "机床"]),
    "35": ("machinery", 10.0, ["装备", "智能装备", "机械设备"]),
    "36": ("vehicle", 6.5, ["汽车", "汽车零部件", "车桥", "专用车"]),
    "37": ("vehicle", 1.5, ["轨道交通装备", "航空科技", "船舶设备"]),
    "38": ("electrical", 7.0, ["电气", "电力设备", "电缆", "电机"]),
    "39": ("electronics", 5.0, ["电子", "电子科技", "光电", "半导体", "信息技术"]),
    "40": ("instrument", 3.0, ["仪器仪表", "测控技术", "仪器"]),
    "41": ("light", 0.5, ["工艺制品"]),
    "42": ("light", 0.8, ["再生资源", "环保科技"]),
    "43": ("machinery", 0.5, ["设备维修"]),
    "44": ("power", 2.2, ["热电", "能源", "电力"]),
    "45": ("gas", 0.6, ["燃气"]),
    "46": ("water", 0.8, ["水务"]),
    "65": ("software", 0.0, ["软件", "信息技术", "信息科技", "数字科技", "网络科技", "智能科技",
                             "数据技术", "云科技"]),
}
# Better name words and profiles for some 中类/小类 (longest prefix wins).
NAME_OVERRIDES = {"358": ["医疗器械", "医疗科技"], "3091": ["炭素", "碳素"], "3011": ["水泥"],
                  "3911": ["计算机", "信息技术"], "3973": ["半导体", "微电子"], "2761": ["生物制药"],
                  "4420": ["供电"], "4430": ["热力"], "6520": ["微电子", "集成电路设计"]}
PROFILE_OVERRIDES = {"4420": "grid", "4413": "grid", "4415": "grid", "4416": "grid"}
# 小类 weights within their 大类 (default 1).
PREFERRED = {
    "3091": 6, "3011": 3, "3021": 2, "3130": 4, "3120": 2, "3140": 0.5, "3252": 3, "3251": 2,
    "3670": 10, "3611": 1, "3612": 1, "3660": 2, "3630": 2, "3911": 3, "3912": 2, "3914": 2,
    "3976": 2, "3973": 1.5, "3985": 2, "3982": 2, "3921": 2, "2720": 4, "2710": 3, "2740": 3,
    "2761": 2, "2770": 2, "2614": 2, "2661": 2, "2662": 2, "2651": 2, "4412": 4, "4430": 3,
    "4420": 1, "6513": 4, "6531": 3, "6520": 1.5, "6532": 1.5, "6579": 0.3, "6591": 0.3,
    "3484": 2, "3491": 2, "3511": 1.5, "3581": 1.5, "3441": 2, "3831": 2, "3823": 2, "3841": 2,
}
# The largest firms' industries and districts (an 浪潮/重汽/莱钢-like top of the list).
ANCHORS = [("3911", "370112"), ("3611", "370114"), ("3120", "370117"), ("3130", "370116"),
           ("4420", "370102"), ("3612", "370115"), ("2720", "370112"), ("2511", "370112"),
           ("3670", "370114"), ("3921", "370112")]
# Mean firm growth by profile group and year (before calibration; the calibration sets the
# city totals, these shape who grows).
GROWTH = {
    "default": {2021: 0.15, 2022: 0.02, 2023: 0.06, 2024: 0.04, 2025: 0.05},
    "electronics": {2021: 0.20, 2022: 0.05, 2023: 0.15, 2024: 0.35, 2025: 0.60},
    "vehicle": {2021: 0.10, 2022: -0.10, 2023: 0.15, 2024: 0.15, 2025: 0.10},
    "steel": {2021: 0.25, 2022: -0.05, 2023: -0.03, 2024: -0.05, 2025: -0.02},
    "software": {2021: 0.18, 2022: 0.15, 2023: 0.13, 2024: 0.12, 2025: 0.13},
}
# Cumulative share of the year's revenue reached by the end of month M (1–2月 combined).
SEASON = {2: 0.13, 3: 0.22, 4: 0.30, 5: 0.39, 6: 0.49, 7: 0.57, 8: 0.65, 9: 0.74, 10: 0.82,
          11: 0.91, 12: 1.0}

# Honours: (label, level, distinct firms at 10,000 firms, validity in years or None).
# Jinan's real counts (jinan-statistics.md §5) cover all sectors; these are scaled to the firms
# generated: e.g. ~7,000 高企 in the city of which ~2,200 in this industrial + software set.
HONOURS = [
    ("高新技术企业", "国家级", 2200, 3),
    ("科技型中小企业", "国家级", 1400, 1),  # evaluated every year
    ("创新型中小企业", "省级", 900, 3),
    ("专精特新中小企业", "省级", 600, 3),
    ("专精特新“小巨人”", "国家级", 60, 3),
    ("制造业单项冠军", "国家级", 3, 3),
    ("制造业单项冠军", "省级", 8, 3),
    ("瞪羚企业", "省级", 150, None),
    ("瞪羚企业", "市级", 50, None),
    ("独角兽企业", "省级", 3, None),
    ("绿色工厂", "国家级", 15, None),
    ("绿色工厂", "省级", 25, None),
    ("绿色工厂", "市级", 20, None),
    ("智能工厂", "国家级", 3, None),
    ("智能工厂", "省级", 25, None),
    ("智能工厂", "市级", 30, None),
    ("企业技术中心", "国家级", 15, None),
    ("企业技术中心", "省级", 150, None),
    ("企业技术中心", "市级", 200, None),
]
HONOUR_START = {"创新型中小企业": 2022, "专精特新“小巨人”": 2019}  # 63号文 (2022); first 小巨人 batch
RD_INSTITUTION = "研发机构（工程技术研究中心、重点实验室等）"
# The awards and titles behind the tier rules' 直通 conditions: (label, level, distinct firms at
# 10,000 firms, least 营业收入 in last_year (万元), ranks (best, worst) or None). Made from
# their own random stream after the honours above, which therefore stay as they were.
TIER_HONOURS = [
    ("科技奖励", "国家级", 4, 20_000, (1, 5)),
    ("科技奖励", "省级", 60, 2_000, (1, 5)),
    ("科技奖励", "市级", 40, 500, (1, 5)),
    (RD_INSTITUTION, "国家级", 6, 50_000, None),
    (RD_INSTITUTION, "省级", 120, 5_000, None),
    (RD_INSTITUTION, "市级", 200, 1_000, None),
    ("知识产权优势/示范企业", "国家级", 40, 2_000, None),
    ("技术创新示范企业", "国家级", 3, 100_000, None),
    ("技术创新示范企业", "省级", 30, 20_000, None),
    ("创客中国大赛获奖", "国家级", 8, 100, (1, 500)),  # rank within the national 500
]
HONOUR_KINDS = tuple(dict.fromkeys(kind for kind, *_ in (*HONOURS, *TIER_HONOURS)))
HONOUR_LEVELS = ("国家级", "省级", "市级")
TAG_COUNTS = {"链主": 30, "倍增库": 120}  # at 10,000 firms
LISTED = 50  # at 10,000 firms; Jinan: 47 domestic + 3 overseas (2025)
EXCHANGES = {"上交所": 0.38, "深交所": 0.42, "北交所": 0.10, "港交所": 0.10}

ZIHAO_FIRST = list("恒泰华鑫宏盛昌隆瑞祥鼎丰永金万嘉信博润天元中安宇海亿利达通联"
                   "创新明光辉正德和兴旭凯卓浩晟晨腾远康富源诚弘")
ZIHAO_SECOND = list("泰达源通力丰盛昌华德利兴远宇航晟博润嘉诚信安和瑞祥鑫辉耀宏鼎业成峰川阳锐科亚邦宸悦")
ROADS = ["工业北路", "工业南路", "经十路", "世纪大道", "科航路", "新泺大街", "创新大道", "兴业路",
         "开源路", "发展大道", "明水大道", "汇源大街", "鲁中大街", "凤凰路", "富民路", "科创路",
         "产业园路", "龙山大道", "港兴路", "齐鲁大道"]

# Organisation bases issued since the USCC reform (2015-10) start with "MA".
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
STAY, ENTER, EXIT, SMALL, SOFT = range(5)


# --- helpers ------------------------------------------------------------------------------------


def _rng(seed: int, stream: str) -> np.random.Generator:
    return np.random.default_rng([seed % 2**63, zlib.crc32(stream.encode())])


def _target(table: dict[int, tuple[float, str]], year: int) -> float:
    if year in table:
        return float(table[year][0])
    nearest = min(table, key=lambda y: abs(y - year))
    return table[nearest][0] * (1 + TARGET_GROWTH_OUTSIDE) ** (year - nearest)


def above_scale_in(year: int) -> pl.Expr:
    """On the 企业 table: whether a firm is 规上 in `year` (纳入规上年份 ≤ year < 退出规上年份)."""
    since = pl.col(ENTERPRISE_COLUMNS["above_scale_since"])
    until = pl.col(ENTERPRISE_COLUMNS["above_scale_until"])
    return (since.is_not_null() & (since <= year) & (until.is_null() | (until > year))).fill_null(False)


def _gumbel_pick(rng: np.random.Generator, score: np.ndarray, eligible: np.ndarray, k: int) -> np.ndarray:
    """Indices of `k` eligible items drawn without replacement, likelier the higher the score."""
    pool = np.flatnonzero(eligible)
    k = min(k, pool.size)
    if k <= 0:
        return np.empty(0, dtype=np.int64)
    keyed = score[pool] + rng.gumbel(size=pool.size)
    return pool[np.argsort(-keyed, kind="stable")[:k]]


def _choice(rng: np.random.Generator, options: list, weights, size: int) -> np.ndarray:
    p = np.asarray(weights, dtype=float)
    return np.asarray(options)[rng.choice(len(options), size=size, p=p / p.sum())]


def _stratified_pareto(rng: np.random.Generator, n: int, floor: float, alpha: float) -> np.ndarray:
    """Pareto draws from stratified quantiles, largest first: the tail is stable across seeds."""
    u = (np.arange(n) + 0.3 + 0.4 * rng.random(n)) / max(n, 1)
    return floor * u ** (-1.0 / alpha)


def _scaled(value: float, firms: int) -> int:
    return max(1, round(value * firms / 10_000))


def _calibrate(values: np.ndarray, mask: np.ndarray, target: float, floor: float,
               weight: np.ndarray | None = None) -> None:
    """In place: values[mask] = floor + s·(values − floor) with Σ weight·values = target, then
    rounded to 0.01 with the rounding residual put on the largest value."""
    if not mask.any():
        return
    w = np.ones(mask.sum()) if weight is None else weight[mask]
    v = values[mask]
    excess = (w * (v - floor)).sum()
    s = (target - floor * w.sum()) / excess if excess > 0 else -1.0
    if s <= 0:
        raise ValueError(f"无法校准：{int(mask.sum())} 家企业的下限已超过目标总额 {target:,.0f} 万元")
    v = np.round(floor + s * (v - floor), 2)
    values[mask] = v
    if weight is None:
        top = np.flatnonzero(mask)[np.argmax(v)]
        values[top] = round(values[top] + round(target - v.sum(), 2), 2)


# --- the firms ----------------------------------------------------------------------------------


def _industry_tables() -> tuple[dict[str, tuple[np.ndarray, np.ndarray]], set[str], set[str]]:
    """大类 → (小类 codes, weights), the industrial 小类 (门类 B/C/D) and the equipment ones."""
    tree = industry_tree().filter(pl.col("level") == "小类")
    codes = dict(zip(tree["code"].to_list(), tree["section"].to_list(), strict=True))
    by_division: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for division in DIVISIONS:
        sub = np.array(sorted(c for c in codes if c[:2] == division))
        if sub.size == 0:
            raise ValueError(f"GB/T 4754 树中没有大类 {division} 的小类")
        by_division[division] = (sub, np.array([PREFERRED.get(c, 1.0) for c in sub]))
    for code, _ in ANCHORS:
        if code not in codes:
            raise ValueError(f"GB/T 4754 树中没有小类 {code}")
    industrial = {c for c, section in codes.items() if section in ("B", "C", "D")}
    prefixes = tuple(industry_groups()["equipment_manufacturing"]["include"])
    return by_division, industrial, {c for c in codes if c.startswith(prefixes)}


def _pick_divisions(rng: np.random.Generator, z: np.ndarray) -> np.ndarray:
    """A 大类 per industrial firm, leaning towards heavy industries the larger the firm."""
    divisions = [d for d in DIVISIONS if DIVISIONS[d][1] > 0]
    log_w = np.log([DIVISIONS[d][1] for d in divisions])
    beta = np.array([PROFILES[DIVISIONS[d][0]].size for d in divisions])
    keyed = log_w[None, :] + z[:, None] * beta[None, :] + rng.gumbel(size=(z.size, len(divisions)))
    return np.asarray(divisions)[np.argmax(keyed, axis=1)]


def _pick_codes(rng: np.random.Generator, divisions: np.ndarray,
                tables: dict[str, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    codes = np.empty(divisions.size, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        sub, weights = tables[division]
        codes[rows] = _choice(rng, list(sub), weights, rows.size)
    return codes.astype(str)


def _pick_districts(rng: np.random.Generator, divisions: np.ndarray) -> np.ndarray:
    out = np.empty(divisions.size, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        base = DISTRICT_WEIGHTS["soft" if division == "65" else "ind"]
        affinity = DISTRICT_AFFINITY.get(division, {})
        out[rows] = _choice(rng, list(base), [w * affinity.get(c, 1) for c, w in base.items()], rows.size)
    return out.astype(str)


def _pick_zones(rng: np.random.Generator, districts: np.ndarray, software: np.ndarray) -> np.ndarray:
    zones = np.full(districts.size, None, dtype=object)
    for code, share, within in ZONES:
        eligible = np.isin(districts, within) & (zones == None)  # noqa: E711 (numpy elementwise)
        score = np.where(software, np.log(3.0), 0.0) if code == "370171" else np.zeros(districts.size)
        zones[_gumbel_pick(rng, score, eligible, round(share * districts.size))] = code
    return zones


def _names(rng: np.random.Generator, divisions: np.ndarray, codes: np.ndarray,
           joint_stock: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Unique company names 济南/山东/泉城/齐鲁 + 字号 + industry word + 有限公司 (or a
    “字号 + word（济南）有限公司” form), and a former name for some firms."""
    n = divisions.size
    words = np.empty(n, dtype=object)
    for division in np.unique(divisions):
        rows = np.flatnonzero(divisions == division)
        words[rows] = _choice(rng, DIVISIONS[division][2], np.ones(len(DIVISIONS[division][2])), rows.size)
    for prefix in sorted(NAME_OVERRIDES, key=len):
        rows = np.flatnonzero(np.char.startswith(codes, prefix))
        if rows.size:
            options = NAME_OVERRIDES[prefix]
            words[rows] = _choice(rng, options, np.ones(len(options)), rows.size)
    limited = _choice(rng, ["有限公司", "有限责任公司"], [0.92, 0.08], n)
    suffix = np.where(joint_stock, "股份有限公司", limited)
    pattern = _choice(rng, ["济南", "山东", "泉城", "齐鲁", "（济南）"], [0.55, 0.27, 0.06, 0.06, 0.06], n)
    names = np.empty(n, dtype=object)
    bracket = pattern == "（济南）"
    todo = np.arange(n)
    for _ in range(30):
        first = rng.integers(len(ZIHAO_FIRST), size=todo.size)
        second = rng.integers(len(ZIHAO_SECOND), size=todo.size)
        same = np.asarray(ZIHAO_FIRST)[first] == np.asarray(ZIHAO_SECOND)[second]
        second = np.where(same, (second + 1) % len(ZIHAO_SECOND), second)
        zihao = np.char.add(np.asarray(ZIHAO_FIRST)[first], np.asarray(ZIHAO_SECOND)[second])
        head = np.where(bracket[todo], zihao, np.char.add(pattern[todo].astype(str), zihao))
        own = suffix[todo].astype(str)
        tail = np.where(bracket[todo], np.char.add("（济南）", own), own)
        names[todo] = np.char.add(np.char.add(head, words[todo].astype(str)), tail)
        _, unique = np.unique(names.astype(str), return_index=True)
        todo = np.setdiff1d(np.arange(n), unique)
        if todo.size == 0:
            break
    else:
        raise ValueError("无法生成不重复的企业名称：企业数过多")
    names = names.astype(str)
    # Former names: a joint-stock company was usually a 有限公司 before; some older firms were 厂.
    former = np.full(n, None, dtype=object)
    renamed = joint_stock & (rng.random(n) < 0.8)
    factory = ~joint_stock & ~bracket & (rng.random(n) < 0.05) & (divisions != "65")
    if renamed.any():  # (np.char.replace fails on an empty array)
        former[renamed] = np.char.replace(names[renamed], "股份有限公司", "有限公司")
    if factory.any():
        former[factory] = np.char.add(np.char.replace(
            np.char.replace(names[factory], "有限责任公司", ""), "有限公司", ""), "厂")
    return names, former


def _organisation_bases(rng: np.random.Generator, founded_year: np.ndarray) -> np.ndarray:
    """8-character organisation bases, unique: “MA” + 6 for firms founded since 2016, 8 digits
    (the pre-2015 organisation codes) before."""
    n = founded_year.size
    alphabet = np.array(list(USCC_ALPHABET))
    bases = np.empty(n, dtype="<U8")
    todo = np.arange(n)
    for _ in range(30):
        new = founded_year[todo] >= 2016
        digits = alphabet[rng.integers(1, 8, size=todo.size)].astype("<U8")
        for _position in range(7):
            digits = np.char.add(digits, alphabet[rng.integers(0, 10, size=todo.size)])
        ma = np.full(todo.size, "MA", dtype="<U8")
        for _position in range(6):
            ma = np.char.add(ma, alphabet[rng.integers(0, len(alphabet), size=todo.size)])
        bases[todo] = np.where(new, ma, digits)
        _, first = np.unique(bases, return_index=True)
        todo = np.setdiff1d(np.arange(n), first)
        if todo.size == 0:
            return bases
    raise ValueError("无法生成不重复的组织机构代码")


def _listing_codes(rng: np.random.Generator, exchanges: np.ndarray, tech: np.ndarray) -> np.ndarray:
    """Stock codes in each exchange's format: 上交所 600/601/603/605 (科创板 688), 深交所
    000/001/002 (创业板 300/301), 北交所 920, 港交所 five digits."""
    n = exchanges.size
    codes = np.empty(n, dtype=object)
    todo = np.arange(n)
    for _ in range(30):
        number = rng.integers(1, 1000, size=todo.size)
        board = rng.random(todo.size)
        sh = np.where(tech[todo] & (board < 0.6), "688",
                      np.asarray(["600", "601", "603", "605"])[rng.integers(4, size=todo.size)])
        sz = np.where(tech[todo] & (board < 0.6), np.asarray(["300", "301"])[rng.integers(2, size=todo.size)],
                      np.asarray(["000", "001", "002"])[rng.integers(3, size=todo.size)])
        where = exchanges[todo]
        prefix = np.select([where == "上交所", where == "深交所", where == "北交所"], [sh, sz, "920"], "")
        six = np.char.add(prefix.astype(str), np.char.zfill(number.astype(str), 3))
        hk = np.char.zfill(rng.integers(100, 10_000, size=todo.size).astype(str), 5)
        codes[todo] = np.where(exchanges[todo] == "港交所", hk, six)
        _, first = np.unique(codes.astype(str), return_index=True)
        todo = np.setdiff1d(np.arange(n), first)
        if todo.size == 0:
            break
    return codes.astype(str)


def _dates(rng: np.random.Generator, years: np.ndarray) -> list[str]:
    day = (years - 1970).astype("datetime64[Y]").astype("datetime64[D]")
    day = day + rng.integers(0, 365, size=years.size).astype("timedelta64[D]")
    return np.datetime_as_string(day, unit="D").tolist()


def _nice(values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Registered capital as people register it: mostly round figures."""
    magnitude = 10 ** np.floor(np.log10(values))
    one = np.round(values / magnitude) * magnitude
    two = np.round(values / magnitude * 10) * magnitude / 10
    pick = rng.random(values.size)
    return np.where(pick < 0.5, one, np.where(pick < 0.8, two, np.round(values, 2)))


# --- the generator ------------------------------------------------------------------------------


def generate(*, seed: int, firms: int = 10_000, above_scale: int = 3_000, first_year: int = 2020,
             last_year: int = 2025) -> dict[str, pl.DataFrame]:
    """The four tables keyed by sheet name: "企业", "荣誉资质", "年度数据", "月度数据", with
    exactly the import templates' Chinese headers (`ENTERPRISE_COLUMNS` …)."""
    if first_year > last_year:
        raise ValueError("first_year 不能晚于 last_year")
    n_soft = round(firms * SOFTWARE_SHARE)
    n_ind = firms - n_soft
    if firms < 10 or not 1 <= above_scale <= n_ind:
        raise ValueError(f"企业数 {firms} 时规上企业数应在 1–{n_ind} 之间")
    years = np.arange(first_year, last_year + 1)
    n_years = years.size
    tables, industrial_codes, equipment_codes = _industry_tables()

    # Status: 0..above_scale-1 are 规上 in last_year (largest first), then the other industrial
    # firms, then the software firms.
    rng = _rng(seed, "status")
    kind = np.full(firms, SMALL)
    kind[:above_scale] = STAY
    kind[n_ind:] = SOFT
    since = np.full(firms, -1)
    until = np.full(firms, -1)
    transitions = years[1:]
    per_year = round(ENTRY_RATE * above_scale) if transitions.size else 0
    entry_pool = np.arange(round(0.4 * above_scale), above_scale)
    entrants = rng.choice(entry_pool, size=min(per_year * transitions.size, entry_pool.size), replace=False)
    kind[entrants] = ENTER
    since[entrants] = np.resize(transitions, entrants.size) if transitions.size else -1
    exit_pool = np.arange(above_scale, n_ind)
    n_exit = min(round(EXIT_RATE * above_scale) * transitions.size, exit_pool.size // 2)
    exiters = rng.choice(exit_pool, size=n_exit, replace=False)
    kind[exiters] = EXIT
    until[exiters] = np.resize(transitions, n_exit) if n_exit else -1
    old_hands = (kind == STAY) | (kind == EXIT)
    counted = np.minimum(np.maximum(first_year - np.floor(rng.exponential(4.0, firms)), 2011), first_year)
    since[old_hands] = counted[old_hands]

    # Revenue in last_year: Pareto for 规上 and software, lognormal below the threshold.
    rng = _rng(seed, "size")
    level = np.empty(firms)
    level[:above_scale] = _stratified_pareto(rng, above_scale, FLOOR, PARETO_ALPHA)
    level[above_scale:n_ind] = np.clip(rng.lognormal(np.log(500), 0.9, n_ind - above_scale), 10, SMALL_CAP)
    level[n_ind:] = rng.permutation(_stratified_pareto(rng, n_soft, SOFTWARE_FLOOR * 1.1, SOFTWARE_ALPHA))
    level[exiters] = FLOOR * (1 + rng.exponential(0.6, n_exit))  # their first_year size
    z = np.zeros(firms)  # standardised log size among the 规上 and among the software firms
    for rows in (slice(0, above_scale), slice(n_ind, firms)):
        log_size = np.log(level[rows])
        z[rows] = (log_size - log_size.mean()) / (log_size.std() or 1.0)

    # Industries and districts.
    rng = _rng(seed, "industry")
    division = np.empty(firms, dtype=object)
    division[:n_ind] = _pick_divisions(rng, z[:n_ind])
    division[n_ind:] = "65"
    division = division.astype(str)
    code = _pick_codes(rng, division, tables)
    district = _pick_districts(_rng(seed, "district"), division)
    n_anchor = min(len(ANCHORS), max(1, above_scale // 300))
    code[:n_anchor] = [c for c, _ in ANCHORS[:n_anchor]]
    division[:n_anchor] = [c[:2] for c, _ in ANCHORS[:n_anchor]]
    district[:n_anchor] = [d for _, d in ANCHORS[:n_anchor]]
    group = np.array([PROFILE_OVERRIDES.get(c, DIVISIONS[d][0]) for c, d in zip(code, division, strict=True)])
    software = kind == SOFT
    equipment = np.isin(code, list(equipment_codes))
    if not np.isin(code[:n_ind], list(industrial_codes)).all():
        raise ValueError("工业企业的行业代码必须属于门类 B、C、D")

    # Founding years: 规上 firms before they were counted, bigger ones older; 15 % of the small
    # and software firms founded during the period.
    rng = _rng(seed, "founded")
    gap = np.floor(rng.exponential(8.0, firms) + 6 * np.clip(z, 0, None))
    founded = np.where(since > 0, since - 1 - gap, first_year - 1 - np.floor(rng.exponential(9.0, firms))
                       - np.floor(4 * np.clip(z, 0, None)))
    young = ((kind == SMALL) | software) & (rng.random(firms) < 0.15)
    founded = np.where(young, rng.integers(first_year, last_year + 1, firms), founded)
    founded = np.clip(founded, np.where(software, 1992, 1952), None).astype(int)
    founded = np.minimum(founded, np.where(since > 0, since - 1, last_year))
    exists = years[None, :] >= founded[:, None]

    # Revenue paths: backwards from last_year (forwards from first_year for the firms that
    # leave 规上), growth by industry and year plus firm trend and noise.
    rng = _rng(seed, "growth")
    mean = np.stack([np.array([GROWTH.get(g, GROWTH["default"]).get(y, TARGET_GROWTH_OUTSIDE) for y in years])
                     for g in np.unique(group)])
    mean = mean[np.searchsorted(np.unique(group), group)]
    mean[kind == ENTER] += 0.12
    mean[kind == EXIT] -= 0.15
    noise = np.where(kind[:, None] == STAY, 0.08, 0.15)
    growth = np.clip(1 + mean + rng.normal(0, 0.04, (firms, 1)) + rng.normal(0, 1, (firms, n_years)) * noise,
                     0.5, 2.2)
    log_growth = np.log(growth)
    log_growth[:, 0] = 0.0  # growth into first_year is not used
    backward = np.log(level)[:, None] - (np.cumsum(log_growth[:, ::-1], axis=1)[:, ::-1] - log_growth)
    forward = np.log(level)[:, None] + np.cumsum(log_growth, axis=1)
    revenue = np.exp(np.where((kind == EXIT)[:, None], forward, backward))
    first_year_part = rng.uniform(0.2, 0.9, (firms, 1))
    revenue = np.where(years[None, :] == founded[:, None], revenue * first_year_part, revenue)
    above = (since[:, None] > 0) & (years[None, :] >= since[:, None]) \
        & ((until[:, None] < 0) | (years[None, :] < until[:, None])) & exists
    industrial = ~software
    revenue = np.where(above, np.maximum(revenue, FLOOR * (1 + 0.05 * rng.random((firms, n_years)))), revenue)
    below = industrial[:, None] & ~above
    cap = SMALL_CAP * rng.uniform(0.75, 0.995, (firms, n_years))
    revenue = np.where(below, np.minimum(revenue, cap), revenue)
    lowest = np.where(software, SOFTWARE_FLOOR * (1 + 0.05 * rng.random(firms)), 5.0)
    revenue = np.maximum(revenue, lowest[:, None])
    revenue = np.where(exists, revenue, np.nan)

    # Calibration, year by year.
    rng = _rng(seed, "ratios")
    soft_ratio = np.where(software, rng.uniform(0.8, 1.0, firms), 0.0)
    for t, year in enumerate(years):
        column = revenue[:, t]
        mask = above[:, t]
        total = _target(ABOVE_SCALE_REVENUE, year)
        if (mask & equipment).any() and (mask & ~equipment).any():
            equip_total = _target(EQUIPMENT_REVENUE, year)
            _calibrate(column, mask & equipment, equip_total, FLOOR)
            _calibrate(column, mask & ~equipment, total - equip_total, FLOOR)
        else:
            _calibrate(column, mask, total, FLOOR)
        _calibrate(column, software & exists[:, t], _target(SOFTWARE_REVENUE, year), SOFTWARE_FLOOR,
                   weight=soft_ratio)
        revenue[:, t] = column
    revenue = np.round(revenue, 2)
    software_revenue = np.where(software[:, None] & exists, np.round(revenue * soft_ratio[:, None], 2),
                                np.nan)
    for t, year in enumerate(years):
        mask = software & exists[:, t]
        if mask.any():
            top = np.flatnonzero(mask)[np.argmax(revenue[mask, t])]
            residual = round(_target(SOFTWARE_REVENUE, year) - software_revenue[mask, t].sum(), 2)
            software_revenue[top, t] = round(software_revenue[top, t] + residual, 2)

    enterprises_extra = _firm_attributes(seed, kind, revenue, exists, above, division, code, group, district,
                                         software, founded)
    honours, holders = _honours(seed, years, above, software, group, founded, enterprises_extra)
    facts = _facts(seed, years, revenue, exists, above, software, group, software_revenue, holders,
                   enterprises_extra, honours=honours, founded=founded)
    uscc = enterprises_extra["uscc"]
    order = _rng(seed, "order").permutation(firms)

    enterprises = pl.DataFrame({
        "uscc": uscc, "name": enterprises_extra["name"], "former_names": enterprises_extra["former"].tolist(),
        "region": district, "zone": enterprises_extra["zone"].tolist(),
        "address": enterprises_extra["address"],
        "industry_code": code, "founded": _dates(_rng(seed, "dates"), founded),
        "registered_capital": enterprises_extra["capital"], "land_area": enterprises_extra["land"],
        "listing_exchange": enterprises_extra["exchange"].tolist(),
        "listing_code": enterprises_extra["stock"].tolist(),
        "above_scale": np.where(above[:, -1], "是", "否"),
        "above_scale_since": since, "above_scale_until": until,
        "tags": enterprises_extra["tags"].tolist(),
    }, schema_overrides={"former_names": pl.String, "zone": pl.String, "listing_exchange": pl.String,
                         "listing_code": pl.String, "tags": pl.String}, nan_to_null=True).with_columns(
        [pl.when(pl.col(c) > 0).then(pl.col(c)).cast(pl.Int32).alias(c)
         for c in ("above_scale_since", "above_scale_until")])
    enterprises = enterprises[order]
    position = np.empty(firms, dtype=np.int64)
    position[order] = np.arange(firms)
    facts = facts.with_columns(pl.Series("_order", position[facts["_firm"].to_numpy()])) \
        .sort("_order", "year").drop("_order", "_firm")
    monthly = _monthly(seed, years, revenue, facts_output=enterprises_extra["output"], above=above,
                       uscc=uscc, order=position)
    honours = honours.with_columns(pl.Series("_order", position[honours["_firm"].to_numpy()]),
                                   pl.Series("uscc", uscc[honours["_firm"].to_numpy()])) \
        .sort("_order", "year_granted", "kind", "level").drop("_order", "_firm")
    return {
        "企业": enterprises.rename(ENTERPRISE_COLUMNS),
        "荣誉资质": honours.select(list(HONOUR_COLUMNS)).rename(HONOUR_COLUMNS),
        "年度数据": facts.select(list(FACT_COLUMNS)).rename(FACT_COLUMNS),
        "月度数据": monthly.select(list(MONTHLY_COLUMNS)).rename(MONTHLY_COLUMNS),
    }


def _firm_attributes(seed, kind, revenue, exists, above, division, code, group, district, software,
                     founded) -> dict:
    """Names, USCCs, zones, addresses, capital, land, listings, tags, output value and the latent
    traits the honours and facts use (innovation, growth)."""
    firms = revenue.shape[0]
    rng = _rng(seed, "traits")
    latest = revenue[:, -1]  # every firm exists in last_year
    tech = np.array([PROFILES[g].tech for g in group])
    innovation = rng.normal(0, 1, firms) + tech
    span = np.maximum(exists.sum(axis=1) - 1, 1)
    first_seen = revenue[np.arange(firms), (~exists).sum(axis=1)]
    cagr = (latest / first_seen) ** (1 / span) - 1
    size_rank = np.argsort(np.argsort(-latest)) / firms

    # Listings: among the largest 规上 and software firms.
    rng = _rng(seed, "listing")
    candidates = (above[:, -1] | software) & (latest >= 20_000)
    listed = _gumbel_pick(rng, 0.7 * np.log(np.maximum(latest, 1)) + 0.5 * innovation, candidates,
                          _scaled(LISTED, firms))
    exchange = np.full(firms, None, dtype=object)
    stock = np.full(firms, None, dtype=object)
    exchange[listed] = _choice(rng, list(EXCHANGES), list(EXCHANGES.values()), listed.size)
    techy = np.isin(group, ["electronics", "instrument", "software", "pharma"])
    stock[listed] = _listing_codes(rng, exchange[listed].astype(str), techy[listed])
    joint_stock = (rng.random(firms) < 0.04 + 0.25 * (size_rank < 0.05)) & (kind != SMALL)
    joint_stock[listed] = True

    names, former = _names(_rng(seed, "names"), division, code, joint_stock)
    bases = _organisation_bases(_rng(seed, "uscc"), founded)
    uscc = uscc_make_many(pl.Series(district), pl.Series(bases)).to_numpy().astype(str)
    zone = _pick_zones(_rng(seed, "zones"), district, software)
    names_by_code = {r.code: r.name for r in regions()}
    rng = _rng(seed, "address")
    address = np.char.add(np.char.add(np.char.add(
        np.char.add("济南市", np.array([names_by_code[d] for d in district])),
        np.asarray(ROADS)[rng.integers(len(ROADS), size=firms)]),
        rng.integers(1, 3000, size=firms).astype(str)), "号")

    rng = _rng(seed, "capital")
    capital = np.clip(latest * rng.lognormal(np.log(0.15), 0.8, firms), 3, 3_000_000)
    capital = _nice(capital, rng)
    yield_per_mu = np.array([PROFILES[g].land_yield for g in group]) * rng.lognormal(0, 0.5, firms)
    yield_per_mu = np.where(above[:, -1], yield_per_mu, yield_per_mu * 0.5)
    land = np.clip(np.nanmax(revenue, axis=1) / yield_per_mu, 1, 30_000)
    missing = rng.random(firms) < np.where(above[:, -1], 0.15, 0.4)
    land = np.where(software | missing, np.nan, np.round(land, 2))

    # Tags: 链主 for the largest firms of the chains, 倍增库 for fast growers of mid size.
    rng = _rng(seed, "tags")
    tags = np.full(firms, None, dtype=object)
    chain = _gumbel_pick(rng, 2 * np.log(np.maximum(latest, 1)),
                         (above[:, -1] | software) & (latest >= 100_000), _scaled(TAG_COUNTS["链主"], firms))
    doubling = _gumbel_pick(rng, 8 * cagr + 0.3 * innovation,
                            (above[:, -1] | software) & (latest >= 10_000) & (latest <= 500_000),
                            _scaled(TAG_COUNTS["倍增库"], firms))
    tags[chain] = "链主"
    tags[doubling] = np.where(tags[doubling] == None, "倍增库", "链主；倍增库")  # noqa: E711
    # Output value: 工业总产值 ≈ 1.0–1.1 × 营业收入 for industrial firms (70 % of the small ones
    # report it).
    rng = _rng(seed, "output")
    output_ratio = rng.uniform(1.0, 1.1, firms)[:, None] * rng.uniform(0.995, 1.005, revenue.shape)
    reports_output = ~software & (above[:, -1] | (kind == EXIT) | (rng.random(firms) < 0.7))
    reports_output = reports_output[:, None] | above
    output = np.where(reports_output & exists, np.round(revenue * output_ratio, 2), np.nan)
    return {"uscc": uscc, "name": names, "former": former, "zone": zone, "address": address,
            "capital": capital, "land": land, "exchange": exchange, "stock": stock, "tags": tags,
            "innovation": innovation, "cagr": cagr, "latest": latest, "listed": listed, "output": output}


def _honours(seed, years, above, software, group, founded, extra):
    """Honour rows and, per kind, the firms that ever held it. Each kind goes to the eligible
    firms with the best score (plus Gumbel noise); programmes with a validity are renewed when
    they expire (85 %, 科技型中小企业 92 % a year)."""
    firms = above.shape[0]
    rng = _rng(seed, "honours")
    last_year = int(years[-1])
    latest, innovation, cagr = extra["latest"], extra["innovation"], extra["cagr"]
    log_size = np.log(np.maximum(latest, 1))
    listed = np.zeros(firms, dtype=bool)
    listed[extra["listed"]] = True
    employees_guess = latest / np.array([PROFILES[g].productivity for g in group])
    sme = (employees_guess < 1000) | (latest < 40_000)
    small = (employees_guess <= 500) & (latest <= 20_000)
    industrial_above = above.any(axis=1) & ~software
    heavy = np.isin(group, ["steel", "building", "chemical", "power", "nonferrous", "paper", "petro"])
    smart = np.isin(group, ["machinery", "vehicle", "electronics", "electrical", "instrument", "pharma"])
    rules = {
        "高新技术企业": (innovation, founded <= last_year - 1),
        "科技型中小企业": (innovation, small),
        "创新型中小企业": (innovation, sme & (latest >= 100)),
        "专精特新中小企业": (innovation + 0.3 * log_size, sme & (latest >= 1_000)),
        "制造业单项冠军": (innovation + log_size, industrial_above & (latest >= 10_000)),
        "瞪羚企业": (6 * cagr + 0.5 * innovation, ~listed & (latest >= 1_000) & (founded <= last_year - 3)),
        "独角兽企业": (innovation + 3 * cagr, ~listed & (founded >= last_year - 12) & (latest >= 20_000)
                     & (software | np.isin(group, ["electronics", "pharma", "vehicle"]))),
        "绿色工厂": (0.5 * log_size + heavy, industrial_above),
        "智能工厂": (0.5 * log_size + smart, industrial_above),
        "企业技术中心": (innovation + 0.7 * log_size, (industrial_above | software) & (latest >= 2_000)),
    }
    holders: dict[str, np.ndarray] = {}
    rows = []
    for kind, level, count, validity in HONOURS:
        if kind == "专精特新“小巨人”":  # chosen among the 专精特新 firms picked above
            score = innovation + log_size
            eligible = np.isin(np.arange(firms), holders["专精特新中小企业"]) & (latest >= 5_000)
        else:
            score, eligible = rules[kind]
        if kind == "制造业单项冠军" and level == "国家级":
            eligible = eligible & (latest >= 40_000)
        taken = holders.get(kind, np.empty(0, dtype=np.int64))
        eligible = eligible & ~np.isin(np.arange(firms), taken)
        picked = _gumbel_pick(rng, score, eligible, _scaled(count, firms))
        earliest = np.maximum(founded[picked] + 1, HONOUR_START.get(kind, FIRST_HONOUR_YEAR))
        if kind == "专精特新“小巨人”":  # a 小巨人 is already a 专精特新中小企业
            earliest = np.maximum(earliest, _first_grant(rows, "专精特新中小企业", firms)[picked] + 1)
        keep = earliest <= last_year
        picked, earliest = picked[keep], earliest[keep]
        holders[kind] = np.concatenate([taken, picked])
        granted = earliest + np.floor(rng.random(picked.size) * (last_year - earliest + 1)).astype(int)
        step = validity or 0
        while picked.size:
            expiring = granted + validity if validity else np.full(picked.size, -1)
            rows.append(pl.DataFrame({"_firm": picked, "kind": kind, "level": level,
                                      "year_granted": granted, "year_expiring": expiring}))
            if not step:
                break
            renew = rng.random(picked.size) < (0.92 if step == 1 else 0.85)
            picked, granted = picked[renew], granted[renew] + step
            picked, granted = picked[granted <= last_year], granted[granted <= last_year]
    tech_center = np.isin(np.arange(firms), holders["企业技术中心"])
    rows += _tier_honours(seed, last_year, founded, holders, {
        "科技奖励": (innovation + 0.5 * log_size, industrial_above | software | (innovation > 0.5)),
        # R&D institutions grow out of a 企业技术中心 or a strongly research-minded firm.
        RD_INSTITUTION: (innovation + 0.7 * log_size + 1.5 * tech_center, tech_center | (innovation > 1.0)),
        "知识产权优势/示范企业": (innovation + 0.3 * log_size, innovation > 0),
        "技术创新示范企业": (innovation + log_size, industrial_above),
        "创客中国大赛获奖": (innovation + 3 * cagr, sme & ~listed & (founded >= last_year - 10)),
    }, latest)
    frame = pl.concat(rows, how="diagonal").with_columns(
        pl.col("year_granted").cast(pl.Int32),
        pl.when(pl.col("year_expiring") > 0).then(pl.col("year_expiring")).cast(pl.Int32)
        .alias("year_expiring"),
        pl.when(pl.col("rank") > 0).then(pl.col("rank")).cast(pl.Int32).alias("rank"),
        pl.lit(DEMO_SOURCE).alias("source"),
    )
    return frame, holders


def _tier_honours(seed, last_year, founded, holders, rules, latest) -> list[pl.DataFrame]:
    """TIER_HONOURS rows (no expiry, granted once), adding their firms to `holders`. Each kind
    goes to the eligible firms with the best score; better ranks are likelier (∝ 1/√rank)."""
    rng = _rng(seed, "tier_honours")
    firms = founded.size
    rows = []
    for kind, level, count, least, ranks in TIER_HONOURS:
        score, eligible = rules[kind]
        taken = holders.get(kind, np.empty(0, dtype=np.int64))
        eligible = eligible & (latest >= least) & ~np.isin(np.arange(firms), taken)
        picked = _gumbel_pick(rng, score, eligible, _scaled(count, firms))
        earliest = np.maximum(founded[picked] + 1, FIRST_HONOUR_YEAR)
        picked, earliest = picked[earliest <= last_year], earliest[earliest <= last_year]
        holders[kind] = np.concatenate([taken, picked])
        if not picked.size:
            continue
        granted = earliest + np.floor(rng.random(picked.size) * (last_year - earliest + 1)).astype(int)
        if ranks:
            options = np.arange(ranks[0], ranks[1] + 1)
            rank = _choice(rng, options, options ** -0.5, picked.size)
        else:
            rank = np.full(picked.size, -1)
        rows.append(pl.DataFrame({"_firm": picked, "kind": kind, "level": level, "year_granted": granted,
                                  "year_expiring": np.full(picked.size, -1), "rank": rank}))
    return rows


def _first_grant(rows: list[pl.DataFrame], kind: str, firms: int) -> np.ndarray:
    """Per firm, the first year it was granted `kind` in the rows made so far (a far future
    year when never)."""
    granted = pl.concat(rows).filter(pl.col("kind") == kind)
    first = np.full(firms, 9999)
    np.minimum.at(first, granted["_firm"].to_numpy(), granted["year_granted"].to_numpy())
    return first


def _facts(seed, years, revenue, exists, above, software, group, software_revenue, holders,
           extra, *, honours, founded) -> pl.DataFrame:
    """年度数据: one row per firm and year it existed."""
    firms, n_years = revenue.shape
    rng = _rng(seed, "facts")
    profile = {field: np.array([getattr(PROFILES[g], field) for g in group]) for field in Profile._fields}
    shape = (firms, n_years)
    industrial = ~software
    rev = revenue
    output = extra["output"]

    main_ratio = np.clip(rng.uniform(0.9, 1.0, (firms, 1)) + rng.normal(0, 0.005, shape), 0.9, 0.999)
    main = np.round(rev * main_ratio, 2)
    main = np.where(above, np.maximum(main, ABOVE_SCALE_THRESHOLD), main)
    va_rate = np.clip(profile["va_rate"][:, None] + rng.normal(0, 0.02, (firms, 1))
                      + rng.normal(0, 0.01, shape), 0.25, 0.35)
    value_added = np.round(output * va_rate, 2)
    estimated = np.where(np.isnan(value_added), "否",
                         np.where(~above | (rng.random((firms, 1)) < 0.15), "是", "否"))

    # Profit: industry margin + firm effect + noise; the 规上 totals calibrated per year.
    margin = np.clip(profile["margin"][:, None] + rng.normal(0, 0.05, (firms, 1))
                     + rng.normal(0, 0.02, shape), -0.25, 0.30)
    for t, year in enumerate(years):
        mask = above[:, t]
        if mask.any():
            target = _target(ABOVE_SCALE_PROFIT, year)
            margin[mask, t] += (target - (margin[mask, t] * rev[mask, t]).sum()) / rev[mask, t].sum()
    profit = np.round(margin * rev, 2)
    for t, year in enumerate(years):
        mask = above[:, t]
        if mask.any():
            top = np.flatnonzero(mask)[np.argmax(rev[mask, t])]
            profit[top, t] = round(profit[top, t] + round(_target(ABOVE_SCALE_PROFIT, year)
                                                          - profit[mask, t].sum(), 2), 2)
    tax = np.round(rev * rng.uniform(0.02, 0.05, (firms, 1)) * rng.uniform(0.9, 1.1, shape), 2)

    # R&D: industry base scaled by innovation; honoured firms meet their programme's threshold.
    own = extra["innovation"] - profile["tech"]  # the firm's own part, not its industry's
    rd_rate = profile["rd"] * np.exp(0.3 * own) * rng.lognormal(0, 0.2, firms)
    high_tech = np.isin(np.arange(firms), holders["高新技术企业"])
    latest = extra["latest"]
    threshold = np.where(latest <= 5_000, 0.05, np.where(latest <= 20_000, 0.04, 0.03))
    rd_rate = np.where(high_tech, np.maximum(rd_rate, threshold + rng.uniform(0, 0.008, firms)), rd_rate)
    honoured = np.isin(np.arange(firms), np.concatenate([holders[k] for k in
                       ("科技型中小企业", "创新型中小企业", "专精特新中小企业", "专精特新“小巨人”")]))
    rd_rate = np.where(honoured, np.maximum(rd_rate, rng.uniform(0.03, 0.045, firms)), rd_rate)
    rd_rate = np.clip(rd_rate, 0.001, 0.25)
    reports_rd = above.any(axis=1) | software | high_tech | honoured | (rng.random(firms) < 0.4)
    rd = np.where(reports_rd[:, None], np.round(rev * rd_rate[:, None] * rng.uniform(0.9, 1.1, shape), 2),
                  np.nan)

    # Employees from productivity: rising 3 % a year, higher for larger firms (elasticity 0.12
    # around 1 亿元), halved for the small ones.
    productivity = profile["productivity"] * rng.lognormal(0, 0.35, firms) * (latest / 10_000) ** 0.12
    productivity = np.where(above.any(axis=1) | software, productivity, productivity * 0.5)
    productivity = productivity[:, None] * 1.03 ** (years - years[0])[None, :] * rng.lognormal(0, 0.05, shape)
    employees = np.maximum(1, np.round(rev / productivity))

    # Energy, electricity, water and emissions by industry intensity, falling a little each year.
    intensity = rng.lognormal(0, 0.35, (firms, 1))
    trend = (years - years[0])[None, :]
    reports_energy = (above.any(axis=1) | (rng.random(firms) < np.where(software, 0.6, 0.5)))[:, None] | above

    def per_revenue(field, factor):
        return np.where(reports_energy, np.round(rev * profile[field][:, None] * factor, 2), np.nan)

    energy = per_revenue("tce", intensity * 0.97 ** trend)
    electricity = per_revenue("kwh", intensity * 0.98 ** trend)
    water = per_revenue("water", rng.lognormal(0, 0.4, (firms, 1)))
    emissions = np.where(reports_energy & industrial[:, None],
                         np.round(rev * profile["emissions"][:, None] * intensity * 0.94 ** trend, 2), np.nan)

    # New products for innovative firms; exports for some industrial firms.
    innovative = high_tech | honoured | (extra["innovation"] > 1.0)
    share = np.where(innovative, rng.uniform(0.10, 0.40, firms), rng.uniform(0.0, 0.08, firms))
    reports_new = innovative | (above.any(axis=1) & ~software)
    new_sales = np.where(reports_new[:, None],
                         np.round(rev * share[:, None] * rng.uniform(0.9, 1.1, shape), 2), np.nan)
    exporter = industrial & (rng.random(firms) < profile["export"] * 1.2)
    export_share = rng.uniform(0.05, 0.40, firms)
    base_output = np.where(np.isnan(output), rev, output)
    export = np.where(exporter[:, None], np.round(base_output * export_share[:, None]
                                                 * rng.uniform(0.85, 1.15, shape), 2),
                      np.where(above, 0.0, np.nan))

    assets = np.round(rev * profile["assets"][:, None] * rng.lognormal(0, 0.3, (firms, 1))
                      * rng.uniform(0.95, 1.05, shape), 2)
    debt = np.clip(rng.uniform(0.3, 0.7, (firms, 1)) + rng.normal(0, 0.03, shape), 0.2, 0.85)
    liabilities = np.round(assets * debt, 2)

    tier = _tier_facts(seed, years, rev, exists, above, software, holders, honours, extra, founded,
                       profit=profit, rd=rd, employees=employees)
    tier_counts = [name for name in tier if FACT_FIELDS[name][1] == "count"]

    cells = exists.ravel()
    firm_index = np.repeat(np.arange(firms), n_years)[cells]
    year_index = np.tile(years, firms)[cells]

    def flat(values):
        return values.ravel()[cells]

    return pl.DataFrame({
        "_firm": firm_index,
        "uscc": extra["uscc"][firm_index],
        "year": year_index.astype(np.int32),
        "revenue": flat(rev), "main_revenue": flat(main), "output_value": flat(output),
        "value_added": flat(value_added), "profit": flat(profit), "tax_paid": flat(tax),
        "rd_expense": flat(rd), "employees": flat(employees).astype(np.int64),
        "energy_tce": flat(energy), "electricity": flat(electricity), "water": flat(water),
        "emissions": flat(emissions), "new_product_sales": flat(new_sales), "export_delivery": flat(export),
        "total_assets": flat(assets), "total_liabilities": flat(liabilities),
        "software_revenue": flat(software_revenue),
        **{name: flat(values) for name, values in tier.items()},
        "value_added_estimated": flat(estimated),
        "source": DEMO_SOURCE,
    }, nan_to_null=True).with_columns(pl.col(tier_counts).cast(pl.Int64))


def _tier_facts(seed, years, revenue, exists, above, software, holders, honours, extra, founded, *,
                profit, rd, employees) -> dict[str, np.ndarray]:
    """The figures the tier rules test (培育指标), firm × year with NaN for not reported.

    Drawn from their own stream, so every statistical figure stays as it was. Holders of a
    tier meet what it requires; firms with no tier report little (a small firm keeps no
    ledger of IP or R&D staff), and what they report spreads across the thresholds so that
    some firms sit just below them."""
    rng = _rng(seed, "tier_facts")
    firms, n_years = revenue.shape
    shape = (firms, n_years)
    last_year = int(years[-1])
    innovation, latest = extra["innovation"], extra["latest"]

    def held(*kinds):
        return np.isin(np.arange(firms), np.concatenate([holders[k] for k in kinds]))

    high_tech = held("高新技术企业")
    specialised = held("专精特新中小企业", "专精特新“小巨人”")
    giant = held("专精特新“小巨人”")
    champion = held("制造业单项冠军")
    unicorn = held("独角兽企业")
    cultivated = high_tech | specialised | champion | held(
        "科技型中小企业", "创新型中小企业", "企业技术中心", RD_INSTITUTION)
    reporter = cultivated | (rng.random(firms) < np.where(above.any(axis=1), 0.45, 0.12))
    reported = exists & reporter[:, None]
    techy = innovation > 0.3

    def firm_noise(sigma):
        return rng.lognormal(0, sigma, shape)

    net_profit = np.where(profit > 0, np.round(profit * rng.uniform(0.72, 0.78, shape), 2), profit)

    # 高企: 高新技术产品（服务）收入 ≥ 60 % of revenue (the 0.605 floor survives rounding).
    ht_share = np.where(high_tech, rng.uniform(0.65, 0.95, firms), rng.uniform(0.30, 0.70, firms))
    ht_share = np.clip(ht_share[:, None] + rng.normal(0, 0.03, shape), 0.0, 0.99)
    ht_share = np.where(high_tech[:, None], np.maximum(ht_share, 0.605), ht_share)
    reports_ht = (high_tech | (reporter & techy & (rng.random(firms) < 0.6)))[:, None] & exists
    high_tech_revenue = np.where(reports_ht, np.round(revenue * ht_share, 2), np.nan)

    domestic = np.where(high_tech, rng.uniform(0.85, 1.0, firms), rng.uniform(0.5, 1.0, firms))
    domestic_rd = np.where(reported, np.round(rd * domestic[:, None], 2), np.nan)
    cost_expense = np.where(reported, np.round((revenue - profit) * rng.uniform(0.99, 1.03, shape), 2),
                            np.nan)

    # Equity rounds: young research-minded unlisted firms now and then, unicorns often and big.
    listed = np.isin(np.arange(firms), extra["listed"])
    investable = (~listed & (innovation > 1.0) & (founded >= last_year - 10)) | unicorn
    raised = investable[:, None] & (rng.random(shape) < np.where(unicorn, 0.5, 0.06)[:, None])
    amount = np.where(unicorn[:, None], rng.lognormal(np.log(80_000), 0.6, shape),
                      np.maximum(rng.lognormal(np.log(3_000), 1.1, shape), 100))
    equity_financing = np.where(raised, np.round(amount, 2),
                                np.where((reporter | investable)[:, None], 0.0, np.nan))
    equity_financing = np.where(exists, equity_financing, np.nan)

    # Staff: 高企 need 科技人员 ≥ 10 % of the workforce; 研发人员 are part of them.
    tech_share = np.where(high_tech, rng.uniform(0.12, 0.45, firms), rng.uniform(0.02, 0.25, firms))
    tech_share = np.where(software, np.maximum(tech_share, rng.uniform(0.2, 0.7, firms)), tech_share)
    tech_share = np.clip(tech_share[:, None] * firm_noise(0.05), 0.0, 1.0)
    tech_share = np.where(high_tech[:, None], np.maximum(tech_share, 0.10), tech_share)
    tech_staff = np.where(reported, np.minimum(np.ceil(employees * tech_share), employees), np.nan)
    rd_staff = np.round(tech_staff * rng.uniform(0.5, 0.9, firms)[:, None])

    # IP: a stock that grows over the years. Most 高企 and 专精特新 hold Ⅰ类 (a 小巨人 at least
    # two); other firms mostly hold none.
    scale = np.clip(np.exp(0.5 * innovation) * (np.maximum(latest, 1) / 5_000) ** 0.3, 0.05, 30)
    class1_floor = np.select([giant, (high_tech | specialised) & (rng.random(firms) < 0.9)], [2, 1], 0)
    class1 = np.maximum(rng.poisson(np.where(cultivated, 3.0, 0.4) * scale), class1_floor)
    class2 = np.maximum(rng.poisson(np.where(cultivated, 8.0, 1.5) * scale),
                        np.where(high_tech & (class1 == 0), 5, 0))
    age = 0.88 ** (last_year - years)[None, :]

    def stock(final, floor):
        return np.where(reported, np.maximum(np.round(final[:, None] * age), floor[:, None]), np.nan)

    ip_class1 = stock(class1, class1_floor)
    ip_class2 = stock(class2, np.zeros(firms))
    ip_class1_own = np.round(ip_class1 * rng.uniform(0.6, 1.0, firms)[:, None])
    ip_class1_high_value = np.floor(ip_class1 * rng.uniform(0.0, 0.4, firms)[:, None])
    invention_patents = ip_class1 - np.floor(ip_class1 * rng.uniform(0.0, 0.15, firms)[:, None])
    utility_software = ip_class2 - np.floor(ip_class2 * rng.uniform(0.0, 0.2, firms)[:, None])

    # Niche years: 专精特新 need 2 from the year they were first recognised, 小巨人 3,
    # 单项冠军 10.
    start = founded + np.floor(rng.exponential(1.5, firms))
    for kind, years_needed in (("专精特新中小企业", 2), ("专精特新“小巨人”", 3), ("制造业单项冠军", 10)):
        start = np.minimum(start, _first_grant([honours], kind, firms) - years_needed)
    niche_years = np.where(reported, np.maximum(years[None, :] - start[:, None], 0), np.nan)

    # Market position: shares of the leading product's domestic niche, the rank following.
    share = np.select([champion, giant, specialised],
                      [rng.uniform(20, 60, firms), rng.uniform(10, 35, firms),
                       rng.lognormal(np.log(6), 0.6, firms)], rng.lognormal(np.log(2), 0.8, firms))
    share = np.clip(share, 0.05, 80)[:, None] * firm_noise(0.05)
    share = np.where(giant[:, None], np.maximum(share, 10.0), share)  # the 小巨人 line
    in_market = (specialised | champion | (reporter & techy & (rng.random(firms) < 0.3)))[:, None] & exists
    market_share = np.where(in_market, np.round(np.minimum(share, 100), 2), np.nan)
    rank = np.clip(np.round(25 / share * firm_noise(0.2)), 1, 300)
    market_rank = np.where(in_market, np.where(champion[:, None], 1, rank), np.nan)

    # 中小企业数字化水平评测 level, one per firm; 专精特新 at 二级 or 三级.
    level = np.select([giant, specialised],
                      [np.where(rng.random(firms) < 0.7, 3, 2), np.where(rng.random(firms) < 0.45, 3, 2)],
                      _choice(rng, [1, 2, 3, 4], [0.45, 0.35, 0.17, 0.03], firms))
    digital_level = np.where(reported & (specialised | (rng.random(firms) < 0.5))[:, None],
                             level[:, None], np.nan)

    # Valuations (亿美元) only for unicorns and a handful of young fast growers, rising yearly.
    growers = _gumbel_pick(rng, 6 * extra["cagr"] + innovation,
                           ~listed & ~unicorn & (founded >= last_year - 12) & (latest >= 1_000),
                           _scaled(15, firms))
    valued = unicorn | np.isin(np.arange(firms), growers)
    final = np.where(unicorn, rng.uniform(10.5, 40, firms), rng.uniform(1, 9.5, firms))
    valuation = final[:, None] / (1 + rng.uniform(0.2, 0.6, firms)[:, None]) ** (last_year - years)[None, :]
    valuation = np.where(valued[:, None] & exists, np.round(valuation, 2), np.nan)

    # Third-party credit scores for 规上 firm-years: better for cultivated firms.
    credit = 74 + rng.normal(0, 6, firms) + 4 * cultivated + 2 * np.clip(innovation, -1, 2)
    credit_score = np.where(above, np.round(np.clip(credit[:, None] + rng.normal(0, 2, shape), 60, 95), 1),
                            np.nan)

    return {"net_profit": net_profit, "high_tech_revenue": high_tech_revenue, "domestic_rd": domestic_rd,
            "cost_expense": cost_expense, "equity_financing": equity_financing, "rd_staff": rd_staff,
            "tech_staff": tech_staff, "ip_class1": ip_class1, "ip_class1_own": ip_class1_own,
            "ip_class1_high_value": ip_class1_high_value, "ip_class2": ip_class2,
            "invention_patents": invention_patents, "utility_software": utility_software,
            "niche_years": niche_years, "market_share": market_share, "market_rank": market_rank,
            "digital_level": digital_level, "valuation": valuation, "credit_score": credit_score}


def _monthly(seed, years, revenue, *, facts_output, above, uscc, order) -> pl.DataFrame:
    """月度数据: year-to-date revenue and output of the 规上 firms, 1–2月 … 1–12月, following a
    seasonal curve with firm noise; 1–12月 equals the year's figure."""
    rng = _rng(seed, "monthly")
    firm_index, year_index = np.nonzero(above)
    months = np.array(list(SEASON))
    steps = np.diff(np.concatenate([[0.0], np.array(list(SEASON.values()))]))
    n = firm_index.size

    def cumulative(annual):
        increments = steps[None, :] * rng.lognormal(0, 0.12, (n, months.size))
        share = np.cumsum(increments, axis=1) / increments.sum(axis=1, keepdims=True)
        values = np.round(annual[:, None] * share, 2)
        values[:, -1] = annual
        return values

    revenue_ytd = cumulative(revenue[firm_index, year_index])
    output_ytd = cumulative(facts_output[firm_index, year_index])
    year = years[year_index]
    return pl.DataFrame({
        "_order": np.repeat(order[firm_index], months.size),
        "uscc": np.repeat(uscc[firm_index], months.size),
        "_year": np.repeat(year, months.size),
        "_month": np.tile(months, n),
        "revenue_ytd": revenue_ytd.ravel(),
        "output_ytd": output_ytd.ravel(),
    }).sort("_order", "_year", "_month").with_columns(
        pl.format("{}年1-{}月", "_year", "_month").alias("period"),
        pl.lit(DEMO_SOURCE).alias("source"),
    )
