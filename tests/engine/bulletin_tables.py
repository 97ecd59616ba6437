"""Hand-made stored results for the bulletin tests: four indicators, four units, two chains."""

from __future__ import annotations

import datetime

from qiangshi.engine.bulletin import BulletinPeriod, bulletin_inputs

OCTOBER = BulletinPeriod(2025, 10)
DATE = datetime.date(2025, 11, 20)
ORGAN = "济南市工业和信息化局"

INDICATORS = [
    {
        "code": "REV",
        "name": "规上工业营业收入",
        "unit": "亿元",
        "value": 8612.34,
        "yoy": 6.1,
        "previous_yoy": 5.8,
        "target_year": 2025,
        "completion": 0.852,
        "expected": 0.833,
        "status": "on_track",
    },
    {
        "code": "PROFIT",
        "name": "规上工业利润总额",
        "unit": "亿元",
        "value": 402.5,
        "yoy": -3.24,
        "previous_yoy": -3.24,
        "completion": 0.601,
        "expected": 0.833,
        "status": "lagging",
        "explanation": "按当前进度推算全年完成约72%",
    },
    {"code": "VA", "name": "规上工业增加值", "unit": None, "value": None, "yoy": 0.04, "status": "achieved"},
    {
        "code": "RD",
        "name": "研发经费投入强度",
        "unit": "%",
        "period_label": "2024年",
        "value": 2.9,
        "status": "on_track",
    },
]
REGIONS = [
    {
        "region": "历下区",
        "kind": "区县",
        "indicator": "REV",
        "indicator_name": "规上工业营业收入",
        "unit": "亿元",
        "value": 1234.5,
        "yoy": 9.1,
        "rank": 1,
        "previous_rank": 1,
        "completion": 0.91,
    },
    {
        "region": "市中区",
        "kind": "区县",
        "indicator": "REV",
        "indicator_name": "规上工业营业收入",
        "unit": "亿元",
        "value": 987.6,
        "yoy": 8.2,
        "rank": 2,
        "previous_rank": 3,
        "completion": 0.88,
    },
    {
        "region": "高新区",
        "kind": "功能区",
        "indicator": "REV",
        "indicator_name": "规上工业营业收入",
        "unit": "亿元",
        "value": 2345.0,
        "yoy": 0.0,
        "rank": 3,
        "previous_rank": 2,
        "completion": 0.8,
    },
    {
        "region": "莱芜区",
        "kind": "区县",
        "indicator": "REV",
        "indicator_name": "规上工业营业收入",
        "unit": "亿元",
        "value": 456.7,
        "yoy": -2.5,
        "rank": 4,
        "previous_rank": 4,
        "completion": None,
    },
]
RANKING = [
    {"region": "历下区", "kind": "区县", "score": 92.5, "rank": 1, "previous_rank": 3, "mark": "blue"},
    {"region": "市中区", "kind": "区县", "score": 88.0, "rank": 2, "previous_rank": 2, "mark": None},
    {"region": "高新区", "kind": "功能区", "score": 85.25, "rank": 3, "previous_rank": 1, "mark": "yellow"},
    {"region": "莱芜区", "kind": "区县", "score": 70.0, "rank": 4, "previous_rank": 4, "mark": "red"},
]
CHAINS = [
    {"chain": "新能源汽车产业链", "revenue": 1234.5, "growth": 8.2, "status": "on_track"},
    {"chain": "集成电路产业链", "revenue": 210.3, "growth": -1.5, "status": "lagging"},
]
STALLS = [
    {"rule": "signed_not_started", "count": 3},
    {"rule": "completed_not_producing", "count": 2},
    {"rule": "investment_behind", "count": 0},
]
DISPATCHES = [{"issued": 12, "closed": 8, "open": 4, "overdue": 2}]
REPORTING = [
    {"unit": "历下区", "due": 10, "on_time": 10, "late": 0, "missing": 0, "reminders": 0},
    {"unit": "莱芜区", "due": 10, "on_time": 7, "late": 2, "missing": 1, "reminders": 3},
]
MUJUN = [
    {"year": 2024, "grade": "B", "count": 1208},
    {"year": 2024, "grade": "A", "count": 356},
    {"year": 2024, "grade": "C", "count": 512},
    {"year": 2024, "grade": "D", "count": 88},
]
TIERS = [{"tier": "专精特新“小巨人”企业", "count": 97}, {"tier": "省级专精特新企业", "count": 1021}]

ALL = {
    "indicators": INDICATORS,
    "regions": REGIONS,
    "ranking": RANKING,
    "chains": CHAINS,
    "stalls": STALLS,
    "dispatches": DISPATCHES,
    "reporting": REPORTING,
    "mujun": MUJUN,
    "tiers": TIERS,
}


def inputs(**changes):
    """All tables, with `changes` replacing (None: leaving out) some of them."""
    return bulletin_inputs(**{**ALL, **changes})
