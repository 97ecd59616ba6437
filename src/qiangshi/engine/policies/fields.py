"""The facts a clause may ask about: one column of the firm table each, with its Chinese name.

A condition naming a field outside this catalogue is refused when the document is read, so a
typo never silently makes a clause match nobody. Honours are two columns each: the level
granted (国家级/省级/市级) and the year granted, so "新认定" is "granted in the year evaluated".
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

NUM, TEXT, FLAG, YEAR, LIST = "num", "text", "flag", "year", "list"
_DTYPES = {NUM: pl.Float64, TEXT: pl.Utf8, FLAG: pl.Boolean, YEAR: pl.Int64, LIST: pl.List(pl.Utf8)}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str
    unit: str = ""

    @property
    def dtype(self) -> pl.DataType:
        return _DTYPES[self.kind]


HONOURS = {
    "zjtx": "专精特新中小企业",
    "xjr": "专精特新“小巨人”企业",
    "dxgj": "单项冠军",
    "yxgj": "隐形冠军",
    "dl": "瞪羚企业",
    "djs": "独角兽企业",
    "yqyjs": "一企一技术研发中心",
    "lsgc": "绿色工厂",
    "gxjs": "高新技术企业",
    "sts": "首台（套）装备",
}

_PLAIN = (
    Field("revenue", "营业收入", NUM, "万元"),
    Field("revenue_prev", "上年营业收入", NUM, "万元"),
    Field("revenue_max_before", "此前最高营业收入", NUM, "万元"),
    Field("tax", "税收", NUM, "万元"),
    Field("rd", "研发投入", NUM, "万元"),
    Field("rd_prev", "上年研发投入", NUM, "万元"),
    Field("rd_ratio", "研发投入占营业收入比重", NUM, "%"),
    Field("equipment_investment", "设备投资额", NUM, "万元"),
    Field("platform_investment", "平台建设总投入", NUM, "万元"),
    Field("loan", "项目银行贷款", NUM, "万元"),
    Field("new_fiscal_revenue", "地方新增财力", NUM, "万元"),
    Field("project_investment", "项目完成投资", NUM, "万元"),
    Field("projects_building", "在建项目数", NUM, "个"),
    Field("projects_completed", "竣工项目数", NUM, "个"),
    Field("project_start_year", "项目开工年份", YEAR),
    Field("project_done_year", "项目完工年份", YEAR),
    Field("in_project_library", "入选技改重点项目库", FLAG),
    Field("upgrade_scope", "智能化改造范围", TEXT),
    Field("platform_kind", "工业互联网平台类型", TEXT),
    Field("above_scale", "规模以上工业企业", FLAG),
    Field("above_scale_year", "入规年份", YEAR),
    Field("tier", "梯队", TEXT),
    Field("mujun_class", "亩均效益等级", TEXT),
    Field("district", "区县", TEXT),
    Field("chain_codes", "产业链", LIST),
    Field("tech_firm", "科技型企业", FLAG),
    Field("dishonest", "严重失信", FLAG),
    Field("major_accident", "较大以上安全生产事故", FLAG),
    Field("abnormal", "列入经营异常名录", FLAG),
)
FIELDS: dict[str, Field] = {f.name: f for f in _PLAIN}
for _code, _label in HONOURS.items():
    FIELDS[f"{_code}_level"] = Field(f"{_code}_level", f"{_label}认定级别", TEXT)
    FIELDS[f"{_code}_year"] = Field(f"{_code}_year", f"{_label}认定年份", YEAR)


def firm_schema(extra: tuple[str, ...] = ("uscc",)) -> dict[str, pl.DataType]:
    """The full firm table schema: the identifying columns then every catalogued fact."""
    return {**{name: pl.Utf8 for name in extra}, **{f.name: f.dtype for f in FIELDS.values()}}
