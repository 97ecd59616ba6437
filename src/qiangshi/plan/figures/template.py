"""The Excel template a reporting unit fills in: one row per indicator it reports."""

import polars as pl

from qiangshi.dataio.excel import template_workbook
from qiangshi.plan.figures.text import COLUMNS

NOTES = (
    "本模板只用于本单位本期、本地区的数据：其他指标、地区或期别的行会被拒绝。",
    "上传后的数据是本期的填报稿，须在页面上“报送”，经市工信局审核。",
    "已审核通过的数据已锁定，不能再改；如需更正，请市工信局分析员填写理由后重新开放。",
    "同比增长填百分数（如 6.5）；数据状态填“最终”或“初步”。",
)


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
    return template_workbook({"指标数据": frame}, *NOTES)
