"""The rule texts a firm's result lists, in Chinese, apart from the steps that decide them.

Each step decides a condition and takes its sentence from here (as ``tiers`` / ``tier_wording``
keep assessment and wording apart); a text that differs per firm is a polars expression.
"""

from __future__ import annotations

import polars as pl

from .schema import CLASSES, Indicator, Surcharge

NO_SIZE = "规模属性（规上/规下）缺失，暂不评价（T）"
NO_INDUSTRY = "行业代码缺失，暂不评价（T）"
NO_REVENUE = "营业收入为0（未投产或在建），暂不评价（T）"


def num(value: float) -> str:
    """A number for Chinese rule text: 0.1 → "0.1", 3.0 → "3"."""
    return f"{value:g}"


def group_not_evaluated(group: str) -> str:
    return f"本方法不评价{group}企业（T）"


def land_short(group: str, min_land_mu: float) -> str:
    return f"{group}企业用地不足{num(min_land_mu)}亩，不参评（T）"


def too_young(years: int) -> str:
    return f"成立不满{years}年，暂不评价（T）"


def missing_value(spec: Indicator) -> str:
    if spec.missing.rule == "group_mean_score":
        return f"{spec.name}数据缺失，按组平均分计"
    if spec.missing.rule == "penalty":
        return f"{spec.name}数据缺失，扣{num(spec.missing.penalty)}分"
    return f"{spec.name}数据缺失，计0分"


def no_benchmark(spec: Indicator) -> str:
    return f"{spec.name}无有效基准值，计0分"


def tied(cls: str) -> str:
    return f"与同分企业并列，按较优类别计（{cls}类）"


def adjustment(name: str, kind: str, points: pl.Expr) -> pl.Expr:
    verb = "加" if kind == "bonus" else "减"
    return pl.concat_str(pl.lit(name + verb), points.round(2).cast(pl.String), pl.lit("分"))


def surcharge(s: Surcharge, year: int, cls: str) -> str:
    """The k-th year's surcharge on class `cls` (k = `year`, the last applying from then on)."""
    last = len(s.by_consecutive_years)
    if year == 1:
        lead = "列入" if last == 1 else "首年列入"
    else:
        lead = f"连续{year}年及以上列入" if year == last else f"连续{year}年列入"
    source = f"（{s.source}）" if s.source else ""
    return f"{lead}{cls}类，{s.name}{num(s.by_consecutive_years[year - 1])}{s.unit}{source}"


def other_surcharge(s: Surcharge, other: pl.Expr, highest: pl.Expr) -> pl.Expr:
    return pl.concat_str(
        pl.lit("另执行差别电价、惩罚性电价或阶梯电价等加价"), other.cast(pl.String),
        pl.lit(f"{s.unit}，按最高标准"), highest.cast(pl.String),
        pl.lit(f"{s.unit}执行，不重复加价"),
    )


def override(kind: pl.Expr, reason: pl.Expr, forced: pl.Expr) -> pl.Expr:
    """The text of one row of the overrides table: its reason (or a default). The reason code
    stays in the overrides table; the text is read by firms and leaders, not by the program."""
    return (
        pl.when(kind == "veto_d")
        .then(pl.format("{}，定为D类", reason.fill_null("否决事项")))
        .when(kind == "exempt_t")
        .then(pl.format("{}，暂不评价（T）", reason.fill_null("列入豁免名单")))
        .otherwise(pl.format("{}，调整为{}类", reason.fill_null("人工调整"), forced))
    )


def lift_cases() -> list[str]:
    """The lift texts that need no numbers, by case: not evaluated, vetoed, forced to A, B, C or D,
    already A, then no firm of the next class (A, B, C) in the unit to measure against."""
    return [
        "暂不评价（T），不测算升级条件", "因否决事项定为D类，须先消除否决事项",
        *(f"经人工调整为{x}类，升级以复核结论为准" for x in CLASSES),
        "已为A类（最高类别）",
        *(f"所在排名单元暂无{up}类企业，无法测算分数线" for up in CLASSES[:3]),
    ]


def lift_reach(by: str, ties: str) -> str:
    """How a total reaches the next class: a tied firm shares the better class unless ranked by ties."""
    return "高于（或同分且并列排序靠前）" if by == "rank_share" and ties != "better_class" else "不低于"


def lift_sentence(reach: str, target: pl.Expr, cut: pl.Expr, pick: pl.Expr, name: pl.Expr, benchmark: pl.Expr,
                  weight: pl.Expr) -> pl.Expr:
    """The total the next class needs and the indicator with the most room (none: every score full)."""
    return pl.concat_str(
        pl.format("升至{}类需总分" + reach + "{}分；", target, cut.round(2)),
        pl.when(pick.is_null()).then(pl.lit("各项指标得分均已达到权重")).otherwise(pl.format(
            "{}提升空间最大（基准{}，权重{}）",
            name, benchmark.round(4).cast(pl.String).fill_null("无"), weight,
        )),
    )
