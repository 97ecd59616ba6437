"""A synthetic project pipeline for demonstrations and tests: pure polars/numpy, no Django.

`generate` returns the three sheets of the project import template (项目, 月度进展, 年度计划)
with exactly the template's headers, so the frames import as they are. Projects are
planned from 1 January three years before `as_of` (the last day of the month before the
demo is loaded) and move through the stages with random gaps; whatever would happen after
`as_of` has not happened yet. Long gaps give the stalls the engine
looks for: signed long ago and not started, started without 入库, completed without 投产,
producing without 纳统, and investment behind plan. Deterministic by seed.
"""

from datetime import date

import numpy as np
import polars as pl

from qiangshi.projects.columns import (
    PLAN_COLUMNS,
    PROGRESS_COLUMNS,
    PROJECT_COLUMNS,
    PROJECT_SHEETS,
    STAGE_DATE_FIELDS,
)
from qiangshi.reference.documents import chain_map_nodes

# How many whole years before `as_of` the pipeline starts.
YEARS_BACK = 3
KINDS = ["新建", "扩建", "技术改造", "招商引资"]
KIND_SHARES = [0.32, 0.18, 0.30, 0.20]
CHAIN_NODES = chain_map_nodes("jinan")
CHAINS = [code for code, _ in CHAIN_NODES]
WORDS = ["华鲁", "泉城", "齐鲁", "鲁信", "海岱", "泰山", "黄河", "明湖", "舜耕", "华山", "千佛",
         "趵突", "章丘", "莱钢", "济阳", "商河", "平阴", "长清", "汇通", "恒信", "宏远", "中科"]
TRADES = ["智能装备", "新能源", "新材料", "生物医药", "电子信息", "精密制造", "汽车零部件",
          "数字科技", "绿色建材", "高端化工"]
WORKS = ["生产线建设", "智能化改造", "产业园", "研发中心", "扩能", "数字化车间", "总部基地"]
ISSUES = [("要素保障", "用地指标尚未落实"), ("审批手续", "环评批复尚未取得"),
          ("资金", "融资到位滞后"), ("施工", "受天气影响施工进度放缓"),
          ("配套", "水电气配套未到位")]
# stage → (usual gap in days after the previous stage, long gap, share of long gaps)
GAPS = {
    "reserve": ((15, 90), (15, 90), 0.0),
    "signed": ((30, 150), (150, 300), 0.15),
    "started": ((20, 80), (150, 420), 0.18),
    "registered": ((5, 25), (45, 300), 0.15),
    "completed": ((150, 420), (150, 420), 0.0),
    "producing": ((15, 60), (120, 300), 0.18),
    "counted": ((90, 300), (380, 600), 0.4),
}


def _gap(rng: np.random.Generator, n: int, stage: str) -> np.ndarray:
    (lo, hi), (long_lo, long_hi), share = GAPS[stage]
    usual = rng.integers(lo, hi + 1, n)
    long = rng.integers(long_lo, long_hi + 1, n)
    return np.where(rng.random(n) < share, long, usual)


def _chains(chosen: np.ndarray, seed: int) -> dict[str, list[str]]:
    """Each project's chain and a node of that chain's map. The nodes come from a stream of
    their own, so the rest of the pipeline is what it was before projects carried nodes."""
    picks = np.random.default_rng([seed, 1]).random(len(chosen))
    return {"chain_code": [CHAINS[i] for i in chosen],
            "chain_node": [CHAIN_NODES[i][1][int(p * len(CHAIN_NODES[i][1]))]
                           for i, p in zip(chosen, picks, strict=True)]}


def generate(*, seed: int, as_of: date, projects: int = 1500, regions: list[str],
             units: list[str], owners: list[str]) -> dict[str, pl.DataFrame]:
    rng = np.random.default_rng(seed)
    n = projects
    first = date(as_of.year - YEARS_BACK, 1, 1)
    as_of_day = np.datetime64(as_of, "D")

    # ---- stage dates: a chain of gaps, cut where the project stops or `as_of` passes
    last_stage = rng.choice(7, n, p=[0.04, 0.06, 0.10, 0.12, 0.18, 0.15, 0.35])
    planning = np.datetime64(first, "D") + rng.integers(
        0, (as_of - first).days - 20, n).astype("timedelta64[D]")
    dates = {"planning": planning}
    current = planning
    for index, stage in enumerate(["reserve", "signed", "started", "completed", "producing",
                                   "counted"], start=1):
        current = current + _gap(rng, n, stage).astype("timedelta64[D]")
        dates[stage] = current
        reached = (current <= as_of_day) & (last_stage >= index)
        dates[stage] = np.where(reached, current, np.datetime64("NaT"))
        current = np.where(reached, current, np.datetime64("2100-01-01"))
    registered = dates["started"] + _gap(rng, n, "registered").astype("timedelta64[D]")
    dates["registered"] = np.where(~np.isnat(dates["started"]) & (registered <= as_of_day),
                                   registered, np.datetime64("NaT"))

    # ---- the project's attributes
    kind = rng.choice(4, n, p=KIND_SHARES)
    investment = np.exp(rng.normal(np.log(6000), 1.3, n))
    renovation = kind == 2
    big = renovation & (rng.random(n) < 0.7)
    investment = np.where(big, np.maximum(investment, rng.uniform(10000, 60000, n)), investment)
    investment = np.round(np.clip(investment, 500, 500000), 0)
    attracted = (kind == 3) | (rng.random(n) < 0.25)
    yes = np.array(["否", "是"])
    uscc = np.full(n, "", dtype=object)
    if owners:
        linked = rng.random(n) < 0.5
        uscc[linked] = np.array(owners, dtype=object)[rng.integers(0, len(owners), linked.sum())]
    firm = [f"{WORDS[a]}{TRADES[b]}" for a, b in zip(rng.integers(0, len(WORDS), n),
                                                     rng.integers(0, len(TRADES), n), strict=True)]
    work = np.array(WORKS)[rng.integers(0, len(WORKS), n)]
    year = np.datetime_as_string(planning, unit="Y")

    def text_dates(values: np.ndarray) -> list[str]:
        return ["" if np.isnat(v) else str(v) for v in values]

    project = pl.DataFrame({
        "code": [f"XM{y}{i:05d}" for i, y in enumerate(year, start=1)],
        "name": [f"{f}{w}项目" for f, w in zip(firm, work, strict=True)],
        "owner_uscc": uscc.tolist(),
        "owner_name": [f"济南{f}有限公司" for f in firm],
        "region": np.array(regions)[rng.integers(0, len(regions), n)].tolist(),
        "zone": [""] * n,
        **_chains(rng.integers(0, len(CHAINS), n), seed),
        "kind": np.array(KINDS)[kind].tolist(),
        "major": yes[((investment >= 100000) | (rng.random(n) < 0.08)).astype(int)].tolist(),
        "key_renovation": yes[(renovation & (investment >= 10000)).astype(int)].tolist(),
        "chain_strengthening": yes[(rng.random(n) < 0.18).astype(int)].tolist(),
        "state_owned": yes[(rng.random(n) < 0.08).astype(int)].tolist(),
        "planned_investment": [f"{v:.0f}" for v in investment],
        "origin": np.where(attracted, "招商", "谋划").tolist(),
        "origin_list": np.where(attracted & (rng.random(n) < 0.6),
                                np.char.add(year.astype(str), "年招商引资目标清单"), "").tolist(),
        "unit": np.array(units)[rng.integers(0, len(units), n)].tolist(),
        "contact": [f"联系人{i % 97:02d}" for i in range(n)],
        **{field: text_dates(dates[stage]) for stage, field in STAGE_DATE_FIELDS.items()},
    })

    # ---- monthly progress and year plans for started projects
    months = (as_of.year * 12 + as_of.month - 1)
    started = ~np.isnat(dates["started"])
    start_m = dates["started"].astype("datetime64[M]").astype(int) + 1970 * 12
    done_m = dates["completed"].astype("datetime64[M]").astype(int) + 1970 * 12
    duration = np.where(np.isnat(dates["completed"]), rng.integers(12, 30, n),
                        np.maximum(done_m - start_m + 1, 1))
    rate = investment * rng.uniform(0.75, 0.95, n) / duration  # 万元 a month, as planned
    behind = rng.random(n) < 0.25
    base = pl.DataFrame({
        "code": project["code"], "started": started, "start": start_m,
        "end": np.where(np.isnat(dates["completed"]), start_m + duration - 1, done_m),
        "rate": rate, "behind": behind, "duration": duration,
    }).filter(pl.col("started"))
    planned = (
        base.with_columns(pl.int_ranges("start", pl.min_horizontal("end", pl.lit(as_of.year * 12 + 11))
                                        + 1).alias("m"))
        .explode("m")
        .with_columns((pl.col("m") // 12).alias("year"))
    )
    plans = (planned.group_by("code", "year", maintain_order=True)
             .agg((pl.col("rate").sum() * 1.05).round(0).alias("planned"))
             .filter(pl.col("year") >= first.year))
    progress = planned.filter(pl.col("m") <= months)
    noise = rng.uniform(0.8, 1.2, progress.height)
    issue = rng.random(progress.height) < 0.1
    which = rng.integers(0, len(ISSUES), progress.height)
    progress = progress.with_columns(
        pl.Series("noise", noise), pl.Series("issue", issue), pl.Series("which", which),
        pl.Series("issue_unit", np.array(units)[rng.integers(0, len(units), progress.height)]),
    ).with_columns(
        (pl.col("rate") * pl.col("noise")
         * pl.when(pl.col("behind") & (pl.col("year") == as_of.year)).then(0.3).otherwise(1.0))
        .round(1).alias("invested_month"),
        ((pl.col("m") - pl.col("start") + 1) / pl.col("duration") * 100).clip(0, 100).round(1)
        .alias("physical_percent"),
    )
    issue_kind = pl.col("which").replace_strict({i: k for i, (k, _) in enumerate(ISSUES)})
    issue_text = pl.col("which").replace_strict({i: t for i, (_, t) in enumerate(ISSUES)})
    progress = progress.select(
        "code",
        pl.format("{}-{}", pl.col("year"), (pl.col("m") % 12 + 1).cast(pl.String).str.zfill(2))
        .alias("period"),
        pl.col("invested_month").cast(pl.String),
        pl.col("physical_percent").cast(pl.String),
        pl.when(pl.col("issue")).then(issue_text).otherwise(pl.lit("")).alias("issues"),
        pl.when(pl.col("issue")).then(issue_kind).otherwise(pl.lit("")).alias("issue_kind"),
        pl.when(pl.col("issue")).then(pl.col("issue_unit")).otherwise(pl.lit("")).alias("issue_unit"),
    )
    plans = plans.select("code", pl.col("year").cast(pl.String),
                         pl.col("planned").cast(pl.Int64).cast(pl.String))
    return {
        PROJECT_SHEETS["projects"]: project.rename(PROJECT_COLUMNS),
        PROJECT_SHEETS["progress"]: progress.rename(PROGRESS_COLUMNS),
        PROJECT_SHEETS["plans"]: plans.rename(PLAN_COLUMNS),
    }
