"""The figures the tier rules test, derived from a firm table with polars expressions.

Input: one row per firm with
  uscc, founded (Date), listed (Boolean), above_scale (Boolean), industry_code (GB/T 4754),
  and for each yearly fact F (see ``YEARLY``) the columns ``F_y0``, ``F_y1``, ``F_y2``:
  y0 is the latest completed year before the assessment (上年度), y1 the year before, y2
  the one before that. A null is missing data and stays missing: no metric treats it as 0.

Honours (the tiers and titles a firm holds) come as a second table and become boolean
columns ``holds_<kind>`` and award flags (see ``honour_flags``).

A :class:`Metric` is a named expression with its Chinese label and unit; a ratio metric also
names its numerator and denominator so that a gap in percentage points can be restated in
the firm's own money ("研发费用再增加 126 万元"). Percentages are in percent (3 means 3 %).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import polars as pl

from qiangshi.engine.sizes import industrial_size

YEARLY = (
    "revenue", "main_revenue", "profit", "net_profit", "rd_expense", "employees",
    "total_assets", "total_liabilities", "high_tech_revenue", "domestic_rd", "cost_expense",
    "equity_financing", "rd_staff", "tech_staff", "ip_class1", "ip_class1_own",
    "ip_class1_high_value", "ip_class2", "invention_patents", "utility_software",
    "niche_years", "market_share", "market_rank", "digital_level", "valuation", "credit_score",
)
YEARS = ("y0", "y1", "y2")
_COUNTS = {"employees", "rd_staff", "tech_staff", "ip_class1", "ip_class1_own", "ip_class1_high_value",
           "ip_class2", "invention_patents", "utility_software", "niche_years", "market_rank",
           "digital_level"}
#: The firm table ``assess`` reads; ``firm_frame`` builds it from dicts (absent keys are null).
FIRM_SCHEMA = {
    "uscc": pl.String, "founded": pl.Date, "listed": pl.Boolean, "above_scale": pl.Boolean,
    "industry_code": pl.String,
    **{f"{f}_{y}": pl.Int64 if f in _COUNTS else pl.Float64 for f in YEARLY for y in YEARS},
}
HONOUR_LEVELS = {"municipal": 1, "provincial": 2, "national": 3}
#: Honour kinds that count as a 研发机构 (R&D institution) of the honour's level.
RD_INSTITUTION_KINDS = ("tech_center", "rd_institution")


@dataclass(frozen=True)
class Metric:
    label: str
    unit: str  # "%", "万元", "人", "件", "年", "分", "" …
    expr: pl.Expr
    numerator: str | None = None  # money column restating a percentage gap
    denominator: str | None = None
    numerator_label: str | None = None


def firm_frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=FIRM_SCHEMA, strict=False) if rows else pl.DataFrame(schema=FIRM_SCHEMA)


def col(field: str, year: str = "y0") -> pl.Expr:
    return pl.col(f"{field}_{year}")


def _percent(numerator: pl.Expr, denominator: pl.Expr) -> pl.Expr:
    return pl.when(denominator > 0).then(numerator / denominator * 100)


def _growth(new: pl.Expr, old: pl.Expr) -> pl.Expr:
    """Yearly growth in percent; undefined (null) when the base is not positive."""
    return pl.when(old > 0).then((new / old - 1) * 100)


def _in_window(founded_year: pl.Expr, assessed_year: int, years_back: int) -> pl.Expr:
    """Whether the firm existed in year y<years_back>: a young firm is judged on the years
    it has operated (国科发火〔2016〕195号: 实际经营期不满三年的按实际经营时间计算)."""
    return founded_year.is_null() | (founded_year <= assessed_year - years_back)


def _sum_years(field: str, years: int, founded_year: pl.Expr, latest: int) -> pl.Expr:
    """The sum of `field` over the last `years` years the firm existed; null if any of
    those years is missing."""
    parts = [col(field, f"y{k}") for k in range(years)]
    needed = [_in_window(founded_year, latest, k) for k in range(years)]
    complete = pl.all_horizontal([~need | part.is_not_null()
                                  for need, part in zip(needed, parts, strict=True)])
    total = pl.sum_horizontal([pl.when(need).then(part) for need, part in zip(needed, parts, strict=True)])
    return pl.when(complete).then(total)


def _both_min(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """The lower of two years' values, for rules that every one of two years must meet;
    null unless both are known."""
    return pl.when(a.is_not_null() & b.is_not_null()).then(pl.min_horizontal(a, b))


def _two_year_mean_growth(first: pl.Expr, middle: pl.Expr, last: pl.Expr) -> pl.Expr:
    """国科发火〔2016〕195号 growth: ½ × (y1/y2 + y0/y1) − 1, in percent, from the year-end
    values of the first, middle and last year; a zero first year uses the last two years
    only, a zero middle year gives 0 (the 工作指引's rules)."""
    return (
        pl.when(middle == 0).then(pl.lit(0.0))
        .when(first == 0).then((last / middle - 1) * 100)
        .when(first > 0).then(((middle / first + last / middle) / 2 - 1) * 100)
    )


def _ip_grade() -> pl.Expr:
    """The 63号文 knowledge-property grade: 4 高价值Ⅰ类, 3 自主研发Ⅰ类, 2 Ⅰ类, 1 Ⅱ类 only,
    0 none. A grade that depends on an unreported count is missing, not the lower grade."""
    high, own, class1, class2 = (col(f) for f in ("ip_class1_high_value", "ip_class1_own",
                                                  "ip_class1", "ip_class2"))
    return (
        pl.when(high >= 1).then(4)
        .when((own >= 1) & high.is_not_null()).then(3)
        .when((class1 >= 1) & own.is_not_null() & high.is_not_null()).then(2)
        .when((class1 == 0) & (class2 >= 1)).then(1)
        .when((class1 == 0) & (class2 == 0)).then(0)
    )


def _hte_ip_band() -> pl.Expr:
    """国科发火〔2016〕195号 knowledge-property count band: 4 Ⅰ类 ≥1, 3 Ⅱ类 ≥5, 2 Ⅱ类 3–4,
    1 Ⅱ类 1–2, 0 none."""
    class1, class2 = col("ip_class1"), col("ip_class2")
    return (pl.when(class1 >= 1).then(4)
            .when((class1 == 0) & (class2 >= 5)).then(3)
            .when((class1 == 0) & (class2 >= 3)).then(2)
            .when((class1 == 0) & (class2 >= 1)).then(1)
            .when((class1 == 0) & (class2 == 0)).then(0))


def _tech_sme_ip_band() -> pl.Expr:
    """国科发政〔2017〕115号 band: 5 Ⅰ类 ≥1, else the Ⅱ类 count up to 4."""
    class1, class2 = col("ip_class1"), col("ip_class2")
    return (pl.when(class1 >= 1).then(5)
            .when((class1 == 0) & class2.is_not_null()).then(pl.min_horizontal(class2, pl.lit(4))))


def metrics(latest: int, as_of: datetime.date) -> dict[str, Metric]:
    """Every metric a rule may name, for data whose latest year is `latest`."""
    founded_year = pl.col("founded").dt.year()
    rd3 = _sum_years("rd_expense", 3, founded_year, latest)
    revenue3 = _sum_years("revenue", 3, founded_year, latest)
    size = industrial_size(col("employees"), col("revenue"))
    rd_ratio_y1 = _percent(col("rd_expense", "y1"), col("revenue", "y1"))
    rd_ratio = _percent(col("rd_expense"), col("revenue"))
    main_growth_y1 = _growth(col("main_revenue", "y1"), col("main_revenue", "y2"))
    main_growth = _growth(col("main_revenue"), col("main_revenue", "y1"))
    net_assets = {y: col("total_assets", y) - col("total_liabilities", y) for y in YEARS}
    return {
        "revenue": Metric("营业收入", "万元", col("revenue")),
        "main_revenue": Metric("主营业务收入", "万元", col("main_revenue")),
        "revenue_avg_3y": Metric("近三年平均营业收入", "万元",
                                 (col("revenue") + col("revenue", "y1") + col("revenue", "y2")) / 3),
        "main_revenue_avg_3y": Metric("近三年平均主营业务收入", "万元",
                                      (col("main_revenue") + col("main_revenue", "y1")
                                       + col("main_revenue", "y2")) / 3),
        "employees": Metric("从业人员", "人", col("employees")),
        "total_assets": Metric("资产总额", "万元", col("total_assets")),
        "is_sme": Metric("属于中小企业", "", pl.when(size.is_not_null()).then(size != "large")),
        "size_class": Metric("企业规模", "", size),
        "rd_expense": Metric("研发费用", "万元", col("rd_expense")),
        "rd_ratio": Metric("研发费用占营业收入比重", "%", rd_ratio, "rd_expense_y0", "revenue_y0",
                           "研发费用"),
        "rd_ratio_min_2y": Metric("近两年研发费用占营业收入比重（较低一年）", "%",
                                  _both_min(rd_ratio, rd_ratio_y1)),
        "rd_min_2y": Metric("近两年研发费用（较低一年）", "万元",
                            _both_min(col("rd_expense"), col("rd_expense", "y1"))),
        "rd_avg_2y": Metric("近两年研发费用平均", "万元", (col("rd_expense") + col("rd_expense", "y1")) / 2),
        "rd_sum_2y": Metric("近两年研发费用合计", "万元", col("rd_expense") + col("rd_expense", "y1")),
        "rd_ratio_3y": Metric("近三年研发费用占销售收入比重", "%", _percent(rd3, revenue3)),
        "domestic_rd_share": Metric("境内研发费用占比", "%",
                                    _percent(_sum_years("domestic_rd", 3, founded_year, latest), rd3)),
        "rd_to_cost": Metric("研发费用占成本费用支出比重", "%",
                             _percent(col("rd_expense"), col("cost_expense")),
                             "rd_expense_y0", "cost_expense_y0", "研发费用"),
        "main_share": Metric("主营业务收入占营业收入比重", "%",
                             _percent(col("main_revenue"), col("revenue")),
                             "main_revenue_y0", "revenue_y0", "主营业务收入"),
        "main_growth": Metric("主营业务收入增长率", "%", main_growth),
        "main_growth_avg_2y": Metric("近两年主营业务收入平均增长率", "%", (main_growth + main_growth_y1) / 2),
        "revenue_cagr_2y": Metric("近两年营业收入复合增长率", "%",
                                  pl.when(col("revenue", "y2") > 0)
                                  .then(((col("revenue") / col("revenue", "y2")).sqrt() - 1) * 100)),
        "net_profit_cagr_2y": Metric("近两年净利润复合增长率", "%",
                                     pl.when((col("net_profit", "y2") > 0) & (col("net_profit") >= 0))
                                     .then(((col("net_profit") / col("net_profit", "y2")).sqrt() - 1) * 100)),
        "revenue_growth_195": Metric("销售收入增长率（高企口径）", "%", _two_year_mean_growth(
            col("revenue", "y2"), col("revenue", "y1"), col("revenue"))),
        "net_assets_growth_195": Metric("净资产增长率（高企口径）", "%",
                                        _two_year_mean_growth(net_assets["y2"], net_assets["y1"],
                                                              net_assets["y0"])),
        "debt_ratio": Metric("资产负债率", "%", _percent(col("total_liabilities"), col("total_assets"))),
        "net_margin": Metric("净利润率", "%", _percent(col("net_profit"), col("revenue")),
                             "net_profit_y0", "revenue_y0", "净利润"),
        "rd_staff_share": Metric("研发人员占职工总数比重", "%", _percent(col("rd_staff"), col("employees")),
                                 "rd_staff_y0", "employees_y0", "研发人员"),
        "tech_staff_share": Metric("科技人员占职工总数比重", "%",
                                   _percent(col("tech_staff"), col("employees")),
                                   "tech_staff_y0", "employees_y0", "科技人员"),
        "high_tech_revenue_share": Metric("高新技术产品（服务）收入占总收入比重", "%",
                                          _percent(col("high_tech_revenue"), col("revenue")),
                                          "high_tech_revenue_y0", "revenue_y0", "高新技术产品（服务）收入"),
        "equity_2y": Metric("近两年新增股权融资", "万元",
                            col("equity_financing") + col("equity_financing", "y1")),
        "equity_3y": Metric("近三年新增股权融资", "万元",
                            col("equity_financing") + col("equity_financing", "y1")
                            + col("equity_financing", "y2")),
        **{name: Metric(label, unit, col(name)) for name, (label, unit) in {
            "ip_class1": ("Ⅰ类知识产权", "件"), "ip_class1_own": ("自主研发Ⅰ类知识产权", "件"),
            "ip_class1_high_value": ("高价值Ⅰ类知识产权", "件"), "ip_class2": ("Ⅱ类知识产权", "件"),
            "invention_patents": ("发明专利授权", "件"),
            "utility_software": ("实用新型专利与软件著作权", "件"),
            "niche_years": ("从事细分市场年限", "年"), "market_share": ("国内细分市场占有率", "%"),
            "market_rank": ("国内细分市场排名", "位"), "digital_level": ("数字化水平等级", "级"),
            "valuation": ("企业估值", "亿美元"), "credit_score": ("第三方综合信用评分", "分"),
        }.items()},
        "ip_class1_grade": Metric("与主导产品相关的有效知识产权", "", _ip_grade()),
        "ip_count_band_hte": Metric("知识产权数量档（高企口径）", "", _hte_ip_band()),
        "ip_count_band_tech_sme": Metric("知识产权档（科技型口径）", "", _tech_sme_ip_band()),
        "days_since_founded": Metric("注册成立天数", "天",
                                     (pl.lit(as_of) - pl.col("founded")).dt.total_days()),
        "years_since_founded": Metric("成立年限", "年",
                                      (pl.lit(as_of) - pl.col("founded")).dt.total_days() / 365.25),
        "not_listed": Metric("尚未上市", "", ~pl.col("listed")),
        # 1 where the registry records a listing; unknown (not 0) otherwise: a firm not listed
        # may still have listing progress a person records (山东特色化 上市进展).
        "listed_on_record": Metric("已上市（企业登记信息）", "", pl.when(pl.col("listed")).then(1)),
        "above_scale": Metric("已纳入规上统计", "", pl.col("above_scale")),
        # GB/T 4754-2017 门类 B 采矿业 (06–12), C 制造业 (13–43), D 电力热力燃气及水 (44–46).
        "industrial": Metric("属于工业", "", pl.col("industry_code").str.slice(0, 2)
                             .is_between(pl.lit("06"), pl.lit("46"))),
        "rd_institution_level": Metric("研发机构级别", "", pl.col("rd_institution_level").fill_null(0)),
    }
