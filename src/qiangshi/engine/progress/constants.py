"""Method version, status labels, thresholds and table shapes of the progress method.

Every threshold is a module constant so that docs/progress-method.md can name it; the
rules in :mod:`.kinds` read them from here.
"""

from __future__ import annotations

import polars as pl

# Names the whole method of plan_method.plan_progress; progress-1 was the core alone, beside
# the service's growth-index-1 and zones-1 steps; progress-3: 左右 read on what the sentence
# promises, over-achievement met, completion against the target, direction targets by the
# published no-target method, qualitative goals final at their deadline; progress-4: a
# district or zone judged against its own target from its own base (目标分解), never the city's.
METHOD_VERSION = "progress-4"

STATUS_LABELS: dict[str, str] = {
    "achieved": "已完成",
    "on_track": "进度正常",
    "accelerate": "需加快",
    "lagging": "滞后",
    "regressing": "倒退",
    "insufficient": "数据不足",
    # qualitative goals: not done yet before the deadline, not done once it has passed
    "in_progress": "进行中",
    "missed": "未完成",
    # a district or zone whose share of a city target has not been set (目标分解)
    "unassigned": "目标未分解",
}
#: The statuses worst first, as lists and counts show them.
STATUS_ORDER = ["missed", "regressing", "lagging", "accelerate", "in_progress", "insufficient",
                "unassigned", "on_track", "achieved"]

#: The rule that decided (``method``) in words, for pages; the code itself goes to 计算依据.
METHOD_LABELS: dict[str, str] = {
    "open_sdg": "按增速推算（Open SDG 有目标进度测度）",
    "target_met": "已达到目标",
    "target_equals_base": "目标与基期值相同",
    "annual_flow": "当年值对照年度目标",
    "annual_flow_all_met": "规划期内每年均达到年度目标",
    "cumulative": "累计完成对照时间进度",
    "cumulative_met": "累计已达到目标",
    "cumulative_cap": "累计值对照上限",
    "avg_growth": "实际年均增速对照目标增速",
    "avg_growth_met": "目标年年均增速已达到目标",
    "differential": "与全市的差值对照目标差值",
    "differential_met": "期末与全市的差值已达到目标",
    "differential_zones": "各开发区较全市的差值",
    "rank": "位次对照上期",
    "rank_met": "位次已达到目标",
    "direction": "年均变化率（无数值目标的进度测度）",
    "stable": "较上期变化在稳定范围内",
    "qualitative": "定性目标完成情况",
    "no_data": "暂无观测数据",
    "no_target": "未设定目标值",
    "region_no_target": "本地区目标尚未分解",
    "no_base": "缺少基期值",
    "too_few_points": "数据不足两个时点",
    "sign_change": "基期与最新值正负号不同",
    "no_required_growth": "无法计算所需增速",
    "no_ratio": "无法与年度目标比较",
    "no_common_period": "与全市没有同期数据",
    "reference_series": "差值指标的对比基准",
    "unsupported_comparator": "比较方式无法识别",
    "unsupported_kind": "指标类型无法识别",
}

#: What ``completion`` measures (``completion_basis``), for pages and exports.
COMPLETION_BASIS_LABELS: dict[str, str] = {
    "value_to_target": "实际值/目标值",
    "change_to_required": "已实现变化/所需变化",
    "growth_to_target": "实际年均增速/目标增速",
    "sum_to_target": "累计值/目标值",
}

# --- thresholds (configurable module constants) -----------------------------------------
#: Open SDG method 2 thresholds on R (sdg-build ``get_progress_thresholds``).
OPEN_SDG_HIGH = 0.95
OPEN_SDG_MED = 0.60
OPEN_SDG_LOW = 0.0
#: Open SDG: a base or target of exactly 0 is replaced by this before growth rates.
ZERO_SUBSTITUTE = 0.001
#: UNSD: a target of 0 or 100 (a natural limit) is met when the value is this close.
NATURAL_LIMIT_BAND = 1.0
#: annual_flow: (projected or latest complete) value / target.
ANNUAL_FLOW_ON_TRACK = 1.0
ANNUAL_FLOW_ACCELERATE = 0.9
ANNUAL_FLOW_LAGGING = 0.6
#: cumulative: completion ≥ this × time_progress → accelerate (below it: lagging).
CUMULATIVE_ACCELERATE = 0.8
#: avg_growth: realised growth ≥ this × target growth → accelerate.
AVG_GROWTH_ACCELERATE = 0.8
#: Relative tolerance when ``tolerance`` is null: approx 左右, stable 基本稳定.
DEFAULT_APPROX_TOLERANCE = 0.05
DEFAULT_STABLE_TOLERANCE = 0.01
#: direction kind, increase/decrease (持续提升 / 持续下降): d·CAGR from the base against the
#: thresholds (on_track, accelerate, lagging) of a published no-target method. Open SDG
#: method 1 (sdg-build ``ProgressMeasure.py``: 0.015 / 0.005 / 0); UNSD Progress Chart
#: Technical Note 2023, indicators without a target (2 % / 0.5 %; its lowest band,
#: "stagnation or regression", split at 0 into 滞后 and 倒退).
DIRECTION_METHODS: dict[str, tuple[str, tuple[float, float, float]]] = {
    "open_sdg_1": ("Open SDG 无目标方法", (0.015, 0.005, 0.0)),
    "unsd": ("UNSD 无目标方法", (0.02, 0.005, 0.0)),
}
DEFAULT_DIRECTION_METHOD = "open_sdg_1"
#: Growth rates are compared with thresholds after rounding to this many decimals, so that a
#: rate exactly on a threshold (1.015² → 1.5 %) is not pushed below it by floating point.
RATE_DECIMALS = 9
#: Region whose series a differential indicator is compared with (全市).
REFERENCE_REGION = "370100"

TREND_KINDS = ("level", "share", "change")
GROWTH_KINDS = (*TREND_KINDS, "avg_growth")
KEYS = ["code", "region"]

INDICATOR_SCHEMA: dict[str, pl.DataType] = {
    "code": pl.String(),
    "kind": pl.String(),
    "comparator": pl.String(),
    "target_value": pl.Float64(),
    "target_value_high": pl.Float64(),
    "target_year": pl.Int32(),
    "base_value": pl.Float64(),
    "base_year": pl.Int32(),
    "tolerance": pl.Float64(),
    "lower_limit": pl.Float64(),
    "upper_limit": pl.Float64(),
    "compare_to": pl.String(),
    "flow": pl.Boolean(),
    # avg_growth: "amount" (levels) or "rate" (yearly growth rates in %, the default)
    "observed_as": pl.String(),
    # direction kind: a key of DIRECTION_METHODS; null is the run's default
    "direction_method": pl.String(),
}

OUTPUT_COLUMNS = [
    "code",
    "region",
    "kind",
    "comparator",
    "status",
    "status_label",
    "latest_value",
    "latest_year",
    "latest_month",
    "latest_period_type",
    "target_value",
    "target_level",
    "target_year",
    "base_value",
    "base_year",
    "current_value",
    "compare_value",
    "completion",
    "completion_basis",
    "progress_from_base",
    "time_progress",
    "projected_value",
    "required_growth",
    "observed_growth",
    "ratio",
    "expected_ratio",
    "score",
    "milestone_value",
    "tolerance",
    "met_threshold",
    "method",
    "explanation",
]

