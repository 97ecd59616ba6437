"""Wording: the Chinese sentence that explains each series' status, with its numbers.

Kept apart from the computation (as ``tiers`` / ``tier_wording``): it reads the
``method`` column the kind rules wrote and the output numbers, and decides nothing.
"""

from __future__ import annotations

import polars as pl

from ..numbers import grouped
from .columns import DIRECTION_METHOD, USE_SAME_PERIOD, Clock
from .constants import DIRECTION_METHODS, GROWTH_KINDS


def _num(expr: pl.Expr) -> pl.Expr:
    """A number as text with thousands separated: 1 decimal from 10 up, 2 from 1, else 4
    (9,850.0, 2.25, 0.8312)."""
    a = expr.abs()
    return grouped(
        pl.when(a >= 10)
        .then(expr.round(1))
        .when(a >= 1)
        .then(expr.round(2))
        .otherwise(expr.round(4))
        .cast(pl.String)
    )


def _pct(expr: pl.Expr) -> pl.Expr:
    return pl.concat_str(expr.round(1).cast(pl.String), pl.lit("%"))


def _period_text(year: str, month: str) -> pl.Expr:
    y, m = pl.col(year).cast(pl.String), pl.col(month)
    return (
        pl.when(m == 12)
        .then(pl.concat_str(y, pl.lit("年")))
        .when(m == 1)
        .then(pl.concat_str(y, pl.lit("年1月")))
        .otherwise(pl.concat_str(y, pl.lit("年1-"), m.cast(pl.String), pl.lit("月")))
    )


def _s(text: str) -> pl.Expr:
    return pl.lit(text)


def _direction_periods() -> tuple[pl.Expr, pl.Expr]:
    """The two periods a direction indicator compared (see ``derived.with_direction_change``)."""
    current = (
        pl.when(USE_SAME_PERIOD)
        .then(_period_text("latest_year", "latest_month"))
        .otherwise(pl.concat_str(pl.col("_last_complete_year").cast(pl.String), _s("年")))
    )
    previous = (
        pl.when(USE_SAME_PERIOD)
        .then(
            pl.concat_str(
                (pl.col("latest_year") - 1).cast(pl.String),
                pl.when(pl.col("latest_month") == 1)
                .then(_s("年1月"))
                .otherwise(
                    pl.concat_str(_s("年1-"), pl.col("latest_month").cast(pl.String), _s("月"))
                ),
            )
        )
        .otherwise(pl.concat_str(pl.col("_prev_complete_year").cast(pl.String), _s("年")))
    )
    return current, previous


def _plain(expr: pl.Expr) -> pl.Expr:
    """A number as the plan writes it, without a needless ".0" (17.0 → 17, 1.5 → 1.5)."""
    return expr.round(2).cast(pl.String).str.strip_suffix(".0")


def _share(fraction: pl.Expr) -> pl.Expr:
    """A fraction as a percentage (0.05 → 5%, 0.015 → 1.5%)."""
    return pl.concat_str(_plain(fraction * 100), _s("%"))


def _tolerance_text() -> pl.Expr:
    """How 左右 was read: a share of the change (change targets) or of the level, and the value
    from which the target counts as met."""
    promise = pl.when(pl.col("kind") == "change").then(_s("所需变化")).otherwise(_s("目标值"))
    return (
        pl.when((pl.col("comparator") == "approx") & pl.col("met_threshold").is_not_null())
        .then(pl.concat_str(_s("，“左右”按"), promise, _s("的"), _share(pl.col("tolerance")),
                            pl.when(pl.col("_d") == -1).then(_s("计（降至 "))
                            .otherwise(_s("计（达到 ")),
                            _num(pl.col("met_threshold")), _s(" 即视为完成）")))
        .otherwise(_s(""))
    )


def _met_text(met_value: pl.Expr) -> pl.Expr:
    """Past the target (超额完成), on it, or short of it within the 左右 tolerance."""
    gap = pl.col("_d") * (met_value - pl.col("target_level"))
    return (
        pl.when(gap.round(9) > 0)
        .then(_s("，已超额完成目标，"))
        .when(gap.round(9) < 0)
        .then(_s("，在“左右”容差内，视为达到目标，"))
        .otherwise(_s("，已达到目标，"))
    )


def _direction_text() -> pl.Expr:
    """The row's no-target method and its thresholds, read in the required direction."""
    texts = {}
    for key, (name, (high, med, low)) in DIRECTION_METHODS.items():
        bands = f"≥{high * 100:g}%为进度正常，≥{med * 100:g}%为需加快，≥{low * 100:g}%为滞后"
        texts[(key, "decrease")] = f"（{name}：年均降幅{bands}，上升为倒退）"
        texts[(key, "increase")] = f"（{name}：年均增幅{bands}，下降为倒退）"
    way = pl.when(pl.col("comparator") == "decrease").then(_s("decrease")).otherwise(
        _s("increase"))
    return pl.concat_str(DIRECTION_METHOD, way, separator=":").replace_strict(
        {f"{key}:{direction}": text for (key, direction), text in texts.items()},
        return_dtype=pl.String)


def explanation(clock: Clock) -> pl.Expr:
    """One Chinese sentence per series, with the numbers that decided its status."""
    period_start = clock.period_start
    m = pl.col("method")
    label = pl.col("status_label")
    period = _period_text("latest_year", "latest_month")
    incomplete = pl.col("latest_month") < 12
    flow_part = (
        pl.when(pl.col("kind").is_in(GROWTH_KINDS) & incomplete & pl.col("flow"))
        .then(pl.concat_str(_s("（全年预计 "), _num(pl.col("current_value")), _s("）")))
        .otherwise(_s(""))
    )
    actual = pl.concat_str(
        period,
        pl.when(incomplete & pl.col("flow")).then(_s("累计 ")).otherwise(_s("实际 ")),
        _num(pl.col("latest_value")),
        flow_part,
    )
    # a flow whose year-to-date value is below the target met it in its last complete year
    met_from_last_year = (
        pl.col("flow") & incomplete & (pl.col("latest_value") < pl.col("target_level"))
    )
    met_actual = (
        pl.when(met_from_last_year)
        .then(
            pl.concat_str(
                pl.col("_last_complete_year").cast(pl.String),
                _s("年实际 "),
                _num(pl.col("_last_complete_value")),
            )
        )
        .otherwise(actual)
    )
    met_value = (
        pl.when(met_from_last_year).then(pl.col("_last_complete_value"))
        .otherwise(pl.col("latest_value"))
    )
    # a change target as the plan words it, with the level it implies
    change_target = pl.concat_str(
        _s("较"), pl.col("base_year").cast(pl.String), _s("年"),
        pl.when(pl.col("target_value") < 0).then(_s("降低")).otherwise(_s("增长")),
        _plain(pl.col("target_value").abs()), _s("%，即 "),
    )
    target_text = pl.concat_str(
        _s("目标 "),
        pl.when(pl.col("kind") == "change").then(change_target).otherwise(_s("")),
        _num(pl.col("target_level")),
        _s("（"),
        pl.col("target_year").cast(pl.String),
        _s("年）"),
        _tolerance_text(),
    )
    target_year = pl.col("target_year").cast(pl.String)
    base = pl.concat_str(
        _s("基期（"), pl.col("base_year").cast(pl.String), _s("年）"), _num(pl.col("base_value"))
    )
    direction_word = (
        pl.when(pl.col("comparator") == "stable")
        .then(_s("基本稳定"))
        .when(pl.col("comparator").is_in(["increase", "gte"]))
        .then(_s("持续提升"))
        .otherwise(_s("持续下降"))
    )
    dir_current, dir_previous = _direction_periods()
    # method → sentence
    sentences: list[tuple[str, pl.Expr]] = [
        ("no_data", _s("暂无观测数据，数据不足")),
        ("no_target", pl.concat_str(actual, _s("，未设定目标值，数据不足"))),
        ("region_no_target", pl.concat_str(
            actual, _s("；全市目标尚未分解到本地区，不以全市目标衡量本地区"))),
        ("no_base", pl.concat_str(actual, _s("，缺少基期值，数据不足"))),
        (
            "too_few_points",
            pl.concat_str(
                actual,
                pl.when(pl.col("base_year").is_not_null())
                .then(pl.concat_str(_s("，基期为"), pl.col("base_year").cast(pl.String), _s("年")))
                .otherwise(_s("")),
                _s("，至少需要基期和其后一个时点的数据，数据不足"),
            ),
        ),
        (
            "sign_change",
            pl.concat_str(base, _s("与"), actual, _s("正负号不同，无法计算年均增速，数据不足")),
        ),
        (
            "no_required_growth",
            pl.concat_str(base, _s("与"), target_text, _s("之间无法计算所需年均增速，数据不足")),
        ),
        (
            "target_met",
            pl.concat_str(met_actual, _s("，"), target_text, _met_text(met_value), label),
        ),
        (
            "target_equals_base",
            pl.concat_str(actual, _s("，"), target_text, _s("与基期值相同而当前未达标，"), label),
        ),
        (
            "open_sdg",
            pl.concat_str(
                actual,
                _s("，"),
                target_text,
                _s("，按观测年均增速 "),
                _pct(pl.col("observed_growth")),
                # a base of 0: Open SDG's stand-in gives a rate, not a projection (UNSD)
                pl.when(pl.col("_vb") == 0)
                .then(_s("（基期值为0，增速按 Open SDG 以 0.001 代替基期计算，无法推算期末值）"))
                .otherwise(pl.concat_str(_s(" 推算 "), target_year, _s("年 "),
                                         _num(pl.col("projected_value")))),
                _s("，需年均 "),
                _pct(pl.col("required_growth")),
                _s("，"),
                label,
            ),
        ),
        (
            "annual_flow",
            pl.concat_str(
                pl.col("latest_year").cast(pl.String),
                pl.when(incomplete)
                .then(
                    pl.concat_str(
                        _s("年1-"),
                        pl.col("latest_month").cast(pl.String),
                        _s("月累计 "),
                        _num(pl.col("latest_value")),
                        _s("，全年预计 "),
                    )
                )
                .otherwise(_s("年实际 ")),
                _num(pl.col("projected_value")),
                _s("，年度目标 "),
                _num(pl.col("target_value")),
                _s("，为目标的 "),
                _pct(pl.col("ratio") * 100.0),
                _s("，"),
                label,
            ),
        ),
        (
            "annual_flow_all_met",
            pl.concat_str(
                _s("规划期内每年均达到年度目标 "),
                _num(pl.col("target_value")),
                _s("（"),
                period,
                _s("实际 "),
                _num(pl.col("latest_value")),
                _s("），"),
                label,
            ),
        ),
        ("no_ratio", pl.concat_str(actual, _s("，无法与年度目标比较，数据不足"))),
        *[
            (
                name,
                pl.concat_str(
                    _s(f"{period_start}年以来累计 "),
                    _num(pl.col("current_value")),
                    _s("，目标 "),
                    _num(pl.col("target_value")),
                    _s("，完成 "),
                    _pct(pl.col("completion") * 100.0),
                    _s("，时间进度 "),
                    _pct(pl.col("time_progress") * 100.0),
                    _s("，"),
                    label,
                ),
            )
            for name in ("cumulative", "cumulative_met", "cumulative_cap")
        ],
        *[
            (
                name,
                pl.concat_str(
                    pl.col("base_year").cast(pl.String),
                    _s("—"),
                    pl.col("latest_year").cast(pl.String),
                    _s("年年均增长 "),
                    _pct(pl.col("observed_growth")),
                    pl.when(incomplete)
                    .then(
                        pl.concat_str(
                            _s("（"),
                            period,
                            _s("累计 "),
                            _num(pl.col("latest_value")),
                            _s("，全年按 "),
                            _num(pl.col("current_value")),
                            _s(" 计）"),
                        )
                    )
                    .otherwise(_s("")),
                    _s("，目标年均 "),
                    _pct(pl.col("target_value")),
                    _s("，"),
                    label,
                ),
            )
            for name in ("avg_growth", "avg_growth_met")
        ],
        *[
            (
                name,
                pl.concat_str(
                    _period_text("_diff_year", "_diff_month"),
                    _s("本地区 "),
                    _num(pl.col("current_value")),
                    _s("，全市 "),
                    _num(pl.col("compare_value")),
                    _s("，相差 "),
                    (pl.col("current_value") - pl.col("compare_value")).round(1).cast(pl.String),
                    _s(" 个百分点，目标高出 "),
                    _num(pl.col("target_value")),
                    _s(" 个百分点，"),
                    label,
                ),
            )
            for name in ("differential", "differential_met")
        ],
        ("reference_series", _s("本序列是差值指标的对比基准（全市），不单独评价，数据不足")),
        ("no_common_period", pl.concat_str(actual, _s("，与全市没有同期数据，数据不足"))),
        (
            "rank_met",
            pl.concat_str(
                period,
                _s("位次 "),
                _num(pl.col("latest_value")),
                _s("，目标 "),
                _num(pl.col("target_value")),
                _s(" 位以内，"),
                label,
            ),
        ),
        (
            "rank",
            pl.concat_str(
                period,
                _s("位次 "),
                _num(pl.col("latest_value")),
                _s("，上期 "),
                _num(pl.col("compare_value")),
                pl.when(pl.col("target_value").is_not_null())
                .then(pl.concat_str(_s("，目标 "), _num(pl.col("target_value")), _s(" 位以内")))
                .otherwise(_s("")),
                _s("，"),
                label,
            ),
        ),
        (
            "direction",
            pl.concat_str(
                base, _s(" → "), period, _s(" "), _num(pl.col("current_value")),
                _s("，年均变化 "), _pct(pl.col("observed_growth")), _s("，要求"), direction_word,
                _direction_text(), _s("，"), label,
            ),
        ),
        (
            "stable",
            pl.concat_str(
                dir_current, _s(" "), _num(pl.col("_dir_cur")), _s("，"), dir_previous, _s(" "),
                _num(pl.col("_dir_prev")), _s("，变化 "), _pct(pl.col("_rel") * 100.0),
                _s("，要求"), direction_word, _s("，"), label,
            ),
        ),
        ("unsupported_comparator", _s("方向型指标的比较方式无法识别，数据不足")),
        (
            "qualitative",
            pl.when(pl.col("status") == "achieved")
            .then(pl.concat_str(period, _s("报告已完成，"), label))
            .when(pl.col("status") == "missed")
            .then(pl.concat_str(target_year, _s("年底的期限已过，尚未报告完成，"), label))
            .otherwise(pl.concat_str(_s("截至"), period, _s("尚未报告完成（期限为"), target_year,
                                     _s("年底），"), label)),
        ),
        ("unsupported_kind", _s("指标类型无法识别，数据不足")),
    ]
    expr = pl.when(m == sentences[0][0]).then(sentences[0][1])
    for name, sentence in sentences[1:]:
        expr = expr.when(m == name).then(sentence)
    return pl.coalesce(expr.otherwise(None), pl.concat_str(label, _s("（"), m, _s("）")))
