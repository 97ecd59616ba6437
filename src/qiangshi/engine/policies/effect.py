"""跟踪问效: did the firms a policy supported grow more than comparable firms it did not?

``effect(panel, supported, year)`` compares each outcome's change from year−1 to year+1 (or the
latest year the panel holds) of the supported firms with that of unsupported firms in the same
cell (2-digit industry, size class, district): a difference in differences over exact-matched
cells. Pure: polars in, a dataclass out. The panel has enterprise_id, year, industry_code,
size_class, district and the outcome columns; `supported` has enterprise_id and amount (万元).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

OUTCOMES = {"revenue": "营业收入", "tax": "实缴税金", "rd": "研发费用", "investment": "投资额"}
CELL = ("industry2", "size_class", "district")
MIN_FIRMS = 3
ASSUMPTIONS = (
    "同一格子（行业大类两位代码、企业规模、所在区县）内，受支持企业若未获支持，其增长应与未获支持企业相同（平行趋势）。",
    "企业是否获支持与格子内其他未观测因素无关；只比较同格子企业，格子外的差异不计入。",
    "未获支持企业不受该政策的间接影响（无溢出），且同期未获同类支持。",
    "增长按万元计的绝对变化计算；缺少前后任一年数据的企业不参与比较。",
)


@dataclass(frozen=True)
class Outcome:
    code: str
    label: str
    supported_change: float  # mean change of the matched supported firms (万元)
    control_change: float  # mean over them of their cell's unsupported mean change (万元)
    difference: float  # the difference in differences (万元 per supported firm)


@dataclass(frozen=True)
class Effect:
    year: int
    base_year: int
    after_year: int | None
    supported_firms: int
    control_firms: int
    unmatched_firms: int = 0
    support_total: float = 0.0
    outcomes: list[Outcome] = field(default_factory=list)
    support_per_revenue: float | None = None  # 万元 of support per 万元 of extra revenue growth
    reason: str | None = None  # why there is no estimate
    assumptions: tuple[str, ...] = ASSUMPTIONS

    @property
    def summary(self) -> str:
        if self.reason:
            return f"无法评估：{self.reason}"
        revenue = next((o for o in self.outcomes if o.code == "revenue"), None)
        words = [f"{self.base_year}—{self.after_year}年，{self.supported_firms}家受支持企业与"
                 f"{self.control_firms}家同行业、同规模、同区县的未获支持企业相比"]
        if revenue is not None:
            more = "多" if revenue.difference >= 0 else "少"
            words.append(f"，营业收入平均每家{more}增长{abs(revenue.difference):,.1f}万元")
        if self.support_per_revenue is not None:
            words.append(f"；每多增长1万元营业收入，投入支持资金{self.support_per_revenue:,.4f}万元")
        elif revenue is not None and revenue.difference <= 0:
            words.append("；支持未见带来营业收入的额外增长")
        return "".join(words) + "。"


def _after(panel: pl.DataFrame, year: int) -> int | None:
    latest = panel.filter(pl.col("year") > year)["year"].max()
    return None if latest is None else min(int(latest), year + 1)


def effect(panel: pl.DataFrame, supported: pl.DataFrame, year: int, *,
           min_firms: int = MIN_FIRMS) -> Effect:
    base, after = year - 1, _after(panel, year)
    if after is None:
        return Effect(year, base, None, 0, 0, reason=f"尚无{year}年以后的企业数据")
    outcomes = [c for c in OUTCOMES if c in panel.columns and panel[c].drop_nulls().len() > 0]
    paid = supported.group_by("enterprise_id").agg(pl.col("amount").fill_null(0).sum())
    firms = (panel.filter(pl.col("year") == base).select("enterprise_id", *CELL[1:], "industry_code",
                                                         *outcomes)
             .join(panel.filter(pl.col("year") == after).select("enterprise_id", *outcomes),
                   on="enterprise_id", suffix="_after")
             .with_columns(pl.col("industry_code").str.slice(0, 2).alias("industry2"),
                           *((pl.col(f"{c}_after") - pl.col(c)).alias(f"d_{c}") for c in outcomes))
             .filter(pl.all_horizontal(pl.col(f"d_{c}").is_not_null() for c in outcomes))
             .join(paid, on="enterprise_id", how="left")
             .with_columns(pl.col("amount").is_not_null().alias("supported")))
    controls = (firms.filter(~pl.col("supported")).group_by(CELL)
                .agg(pl.len().alias("n_control"),
                     *(pl.col(f"d_{c}").mean().alias(f"c_{c}") for c in outcomes)))
    treated = firms.filter(pl.col("supported")).join(controls, on=CELL, how="left")
    matched = treated.filter(pl.col("n_control").is_not_null())
    used_controls = controls.join(matched.select(CELL).unique(), on=CELL)["n_control"].sum()
    result = Effect(year, base, after, matched.height, int(used_controls),
                    unmatched_firms=treated.height - matched.height,
                    support_total=float(matched["amount"].sum()))
    if treated.height == 0:
        return Effect(**{**result.__dict__, "reason": f"没有受支持企业同时有{base}年和{after}年的数据"})
    if matched.height < min_firms or used_controls < min_firms:
        return Effect(**{**result.__dict__, "reason": (
            f"可比企业不足：匹配上的受支持企业{matched.height}家、可比未获支持企业{used_controls}家，"
            f"各需至少{min_firms}家")})
    rows = [Outcome(c, OUTCOMES[c], float(matched[f"d_{c}"].mean()), float(matched[f"c_{c}"].mean()),
                    float((matched[f"d_{c}"] - matched[f"c_{c}"]).mean())) for c in outcomes]
    revenue = next((o for o in rows if o.code == "revenue"), None)
    per = (result.support_total / matched.height / revenue.difference
           if revenue is not None and revenue.difference > 0 else None)
    return Effect(**{**result.__dict__, "outcomes": rows, "support_per_revenue": per})
