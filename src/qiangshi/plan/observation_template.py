"""The Excel template a reporting unit fills in: one row per indicator it reports."""

import polars as pl

from qiangshi.dataio.excel import xlsx_bytes
from qiangshi.plan.observation_import import COLUMNS


def observation_template(*, indicators, period_label: str, region_code: str) -> bytes:
    """An .xlsx with the given indicators pre-filled for one period and region; the unit
    types the values and uploads it back."""
    rows = [i for i in indicators if i.kind != "qualitative"] + \
        [i for i in indicators if i.kind == "qualitative"]
    count = len(rows)
    frame = pl.DataFrame(
        {
            COLUMNS["indicator"]: [i.code for i in rows],
            COLUMNS["indicator_name"]: [f"{i.name}（{i.unit}）" if i.unit else
                                        f"{i.name}（完成填1，未完成填0）" for i in rows],
            COLUMNS["region"]: [region_code] * count,
            COLUMNS["region_name"]: [""] * count,
            COLUMNS["period"]: [period_label] * count,
            COLUMNS["value"]: [None] * count,
            COLUMNS["yoy"]: [None] * count,
            COLUMNS["status"]: ["最终"] * count,
            COLUMNS["source"]: [""] * count,
        },
        schema_overrides={COLUMNS["value"]: pl.Float64, COLUMNS["yoy"]: pl.Float64},
    )
    return xlsx_bytes(frame, sheet="指标数据")
