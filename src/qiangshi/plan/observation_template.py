"""The Excel template a reporting unit fills in: one row per indicator it reports."""

import io

import polars as pl

from qiangshi.plan.observation_import import COLUMNS
from qiangshi.plan.selectors import indicator_list


def observation_template(*, user, plan, period_label: str, region_code: str) -> bytes:
    """An .xlsx with the user's indicators pre-filled for one period and region."""
    indicators = list(indicator_list(user=user, plan=plan).exclude(kind="qualitative")
                      .values_list("code", "name", "unit"))
    frame = pl.DataFrame(
        {
            COLUMNS["indicator"]: [code for code, _, _ in indicators],
            COLUMNS["indicator_name"]: [f"{name}（{unit}）" if unit else name
                                        for _, name, unit in indicators],
            COLUMNS["region"]: [region_code] * len(indicators),
            COLUMNS["region_name"]: [""] * len(indicators),
            COLUMNS["period"]: [period_label] * len(indicators),
            COLUMNS["value"]: [None] * len(indicators),
            COLUMNS["yoy"]: [None] * len(indicators),
            COLUMNS["status"]: ["最终"] * len(indicators),
            COLUMNS["source"]: [""] * len(indicators),
        },
        schema_overrides={COLUMNS["value"]: pl.Float64, COLUMNS["yoy"]: pl.Float64},
    )
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet="指标数据", autofit=True,
                      header_format={"bold": True, "bg_color": "#DCE6F1"})
    return buffer.getvalue()
