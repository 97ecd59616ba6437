"""Whatever the figures, every number the bulletin writes is a fact traced to the inputs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from qiangshi.engine.bulletin import (
    BulletinInputInvalid,
    BulletinPeriod,
    bulletin_document,
    bulletin_inputs,
    untraced,
)
from tests.engine.bulletin_tables import DATE, ORGAN

UNITS = ["历下区", "市中区", "槐荫区", "高新区", "莱芜区"]
STATUSES = ["achieved", "on_track", "accelerate", "lagging", "regressing", "insufficient", None]
value = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False) | st.none()
rate = st.floats(min_value=-99, max_value=300, allow_nan=False) | st.none()
ratio = st.floats(min_value=0, max_value=3, allow_nan=False) | st.none()
count = st.integers(min_value=0, max_value=100_000)


@st.composite
def tables(draw):
    ranks = draw(st.permutations(range(1, len(UNITS) + 1)))
    previous = draw(st.permutations(range(1, len(UNITS) + 1)))
    return {
        "indicators": [
            {
                "code": code,
                "name": name,
                "unit": "亿元",
                "value": draw(value),
                "yoy": draw(rate),
                "previous_yoy": draw(rate),
                "completion": draw(ratio),
                "expected": draw(ratio),
                "status": draw(st.sampled_from(STATUSES)),
            }
            for code, name in (("REV", "营业收入"), ("PROFIT", "利润总额"))
        ],
        "regions": [
            {
                "region": unit,
                "kind": "区县",
                "indicator": "REV",
                "indicator_name": "营业收入",
                "unit": "亿元",
                "value": draw(value),
                "yoy": draw(rate),
                "rank": rank,
                "completion": draw(ratio),
            }
            for unit, rank in zip(UNITS, ranks, strict=True)
        ],
        "ranking": [
            {
                "region": unit,
                "kind": "区县",
                "score": draw(value),
                "rank": rank,
                "previous_rank": before,
                "mark": draw(st.sampled_from(["blue", "yellow", "red", None])),
            }
            for unit, rank, before in zip(UNITS, ranks, previous, strict=True)
        ],
        "chains": [
            {"chain": "新能源汽车产业链", "revenue": draw(value), "growth": draw(rate), "status": "lagging"}
        ],
        "stalls": [{"rule": "signed_not_started", "count": draw(count)}],
        "dispatches": [
            {"issued": draw(count), "closed": draw(count), "open": draw(count), "overdue": draw(count)}
        ],
        "reporting": [
            {"unit": unit, "due": draw(count), "late": draw(count), "reminders": draw(count)}
            for unit in UNITS[:2]
        ],
        "mujun": [{"year": 2024, "grade": "A", "count": draw(count)}],
        "tiers": [{"tier": "专精特新企业", "count": draw(count)}],
    }


@given(
    tables(),
    st.sampled_from(
        [
            BulletinPeriod(2025, 1),
            BulletinPeriod(2025, 10),
            BulletinPeriod(2025, 6, "quarterly"),
            BulletinPeriod(2025, 12, "yearly"),
        ]
    ),
)
@settings(max_examples=60, deadline=None, derandomize=True)
def test_every_number_written_is_a_traced_fact(data, period):
    inputs = bulletin_inputs(**data)
    document, facts = bulletin_document(period, "全市", inputs, organ=ORGAN, signer=ORGAN, date=DATE)
    assert untraced(inputs, facts) == []
    text = "".join(
        p
        for s in document.sections
        for p in [*s.paragraphs, *(q for sub in s.subsections for q in sub.paragraphs)]
    )
    text = re.sub(r"\d{4}年(?:1—\d+月|1月)?|1—\d+月|\d+月底|(?<![\d,.])1月", "", text)
    for written in sorted({fact.text for fact in facts}, key=len, reverse=True):
        text = text.replace(written, "※")
    assert re.findall(r"\d", text) == []


def test_a_value_that_is_not_a_number_is_refused():
    with pytest.raises(BulletinInputInvalid) as refused:
        bulletin_inputs(
            chains=[{"chain": "新能源汽车产业链", "revenue": float("nan"), "growth": float("inf")}]
        )
    assert refused.value.problems == [
        "产业链表中营业收入有非数值（NaN 或无穷大）",
        "产业链表中增速有非数值（NaN 或无穷大）",
    ]
