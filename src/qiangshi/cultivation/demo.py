"""The demo doubling pool and tier assessment for `qiangshi demo load`.

The pool: for intake years 2023–2025 the city takes its 20 best-scoring 规上 firms a year and
each district or county `DISTRICT_PER_YEAR`, scored by the platform's default weights with a
drawn willingness; some members get support measures and a few exit. Deterministic by seed,
written in bulk, marked as demo data. The tiers: one stored assessment as of today."""

import numpy as np
import polars as pl
from django.utils import timezone

from qiangshi.accounts.audit import audit_record
from qiangshi.accounts.models import AuditEvent, Region, Unit
from qiangshi.cultivation.models import PoolMember, SupportMeasure, TierRun
from qiangshi.cultivation.pool_selectors import (
    DISTRICT_KINDS,
    YEARLY_QUOTA,
    population,
)
from qiangshi.cultivation.pool_services import pool_doubled_refresh, selection_hash
from qiangshi.cultivation.tables import candidate_table
from qiangshi.cultivation.tier_services import tier_run_create
from qiangshi.engine import doubling
from qiangshi.enterprises.selectors import base_figures, facts_exist

DEMO_YEARS = (2023, 2024, 2025)
DISTRICT_PER_YEAR = 30
WILLINGNESS_SHARES = {"strong": 0.55, "normal": 0.35, "weak": 0.10}
EXIT_SHARE = 0.02
DEMO_MARK = "（演示）"
# kind → (what was done, responsible unit, amount range in 万元 or None)
MEASURES = {
    "funding": ("市级工业和信息化专项资金支持技术改造项目", "gxj", (50, 500)),
    "land": ("协调新增工业用地指标，保障扩产项目用地", "zrzyj", None),
    "financing": ("纳入重点企业融资白名单，协调银行新增授信", "jrj", (1000, 20000)),
    "talent": ("落实高层次人才引进补贴与子女入学服务", "rsj", (10, 100)),
    "technology": ("支持建设市级企业技术中心，对接高校院所研发合作", "kjj", (20, 200)),
    "market": ("组织参加产需对接会，推介首台（套）产品", "gxj", None),
    "approval": ("扩产项目审批“一事全办”，压缩办理时限", "spj", None),
}


def _choose(rng: np.random.Generator, candidates: pl.DataFrame, *, year: int,
            cities: list[Region], districts: list[Region], taken: dict) -> list[pl.DataFrame]:
    """The firms each level takes in `year`: the best-scoring 规上 firms not yet in its pool."""
    candidates = candidates.with_columns(pl.Series("willingness", rng.choice(
        list(WILLINGNESS_SHARES), candidates.height, p=list(WILLINGNESS_SHARES.values())),
        dtype=pl.String))
    chosen = []
    for level, region, count in [*((PoolMember.Level.CITY, city, YEARLY_QUOTA[PoolMember.Level.CITY])
                                   for city in cities),
                                 *((PoolMember.Level.DISTRICT, d, DISTRICT_PER_YEAR)
                                   for d in districts)]:
        pool = population(candidates, level=level, region=region)
        picked = (doubling.selection_scores(pool, doubling.DEFAULT_WEIGHTS)
                  .filter(pl.col("above_scale") & ~pl.col("enterprise_id").is_in(taken[level]))
                  .head(count))
        taken[level] = [*taken[level], *picked["enterprise_id"].to_list()]
        chosen.append(picked.select(
            "enterprise_id", "willingness", pl.col("total").round(2).alias("score"),
            pl.lit(level).alias("level"), pl.lit(region.pk).alias("region_id"),
            pl.lit(year).alias("year"),
            pl.lit(selection_hash(pool, doubling.DEFAULT_WEIGHTS)).alias("hash")))
    return chosen


def _bases(chosen: pl.DataFrame) -> dict[tuple[int, int], tuple]:
    """The Decimal revenue and profit of each chosen firm's base year, read as stored."""
    bases = {}
    for year in DEMO_YEARS:
        ids = chosen.filter(pl.col("year") == year)["enterprise_id"].to_list()
        bases |= {(e, year): figures for e, figures in base_figures(ids, year=year - 1).items()}
    return bases


def _measures(rng: np.random.Generator, members: list[PoolMember]) -> list[SupportMeasure]:
    """Two measures for each city member, one for every third district member, dated within
    the intake year and never in the future."""
    units = dict(Unit.objects.filter(code__in=[u for _, u, _ in MEASURES.values()])
                 .values_list("code", "pk"))
    kinds = pl.DataFrame(
        [(kind, text + DEMO_MARK, units.get(unit), *(amounts or (None, None)))
         for kind, (text, unit, amounts) in MEASURES.items()], orient="row",
        schema={"kind": pl.String, "text": pl.String, "unit_id": pl.Int64, "low": pl.Float64,
                "high": pl.Float64})
    frame = pl.DataFrame({"member": list(range(len(members))),
                          "city": [m.level == PoolMember.Level.CITY for m in members],
                          "year": [m.intake_year for m in members]})
    frame = frame.select(pl.all().repeat_by(pl.when(pl.col("city")).then(2).otherwise(1))
                         .explode())
    n = frame.height
    frame = (frame.with_columns(
        keep=pl.Series(rng.random(n)) < pl.when(pl.col("city")).then(1.0).otherwise(1 / 3),
        kind=pl.Series(rng.choice(list(MEASURES), n)),
        on=pl.date(pl.col("year"), 1, 1) + pl.duration(days=pl.Series(rng.integers(45, 330, n))),
        fraction=pl.Series(rng.random(n)))
        .filter(pl.col("keep") & (pl.col("on") <= timezone.localdate()))
        .join(kinds, on="kind", how="left", maintain_order="left")
        .with_columns(amount=(pl.col("low") + pl.col("fraction") * (pl.col("high") - pl.col("low")))
                      .round(0)))
    return [SupportMeasure(member=members[row["member"]], on=row["on"], kind=row["kind"],
                           text=row["text"], unit_id=row["unit_id"], amount=row["amount"],
                           recorded_by="演示数据", is_demo=True)
            for row in frame.iter_rows(named=True)]


def demo_load(stdout, *, seed: int = 2025, **_) -> None:
    _pool_demo(stdout, seed)
    _tiers_demo(stdout)


def _tiers_demo(stdout) -> None:
    """One tier assessment of the demo registry as of today, so the 梯度培育 lists are filled."""
    if TierRun.objects.exists() or not facts_exist():
        return
    run, _ = tier_run_create(timezone.localdate(), note="演示数据评估")
    stdout.write(f"梯队评估：{run.firm_count} 家企业，评估日 {run.as_of:%Y-%m-%d}。")


def _pool_demo(stdout, seed: int) -> None:
    if PoolMember.objects.filter(is_demo=True).exists() or not facts_exist():
        return
    rng = np.random.default_rng(seed)
    cities = list(Region.objects.filter(kind=Region.Kind.CITY))
    districts = list(Region.objects.filter(kind__in=DISTRICT_KINDS))
    taken = {PoolMember.Level.CITY: [], PoolMember.Level.DISTRICT: []}
    chosen = pl.concat([frame for year in DEMO_YEARS for frame in _choose(
        rng, candidate_table(base_year=year - 1), year=year, cities=cities,
        districts=districts, taken=taken)])
    bases = _bases(chosen)
    exits = rng.random(chosen.height) < EXIT_SHARE
    members = PoolMember.objects.bulk_create([
        PoolMember(enterprise_id=row["enterprise_id"], level=row["level"],
                   region_id=row["region_id"], intake_year=row["year"], base_year=row["year"] - 1,
                   base_revenue=bases[row["enterprise_id"], row["year"]][0],
                   base_profit=bases[row["enterprise_id"], row["year"]][1],
                   willingness=row["willingness"], selection_score=row["score"],
                   score_weights=doubling.DEFAULT_WEIGHTS,
                   score_method_version=doubling.SELECTION_METHOD_VERSION,
                   score_input_hash=row["hash"], is_demo=True,
                   status=PoolMember.Status.EXITED if exited else PoolMember.Status.IN_POOL,
                   exit_note="企业经营战略调整，主动申请退出" + DEMO_MARK if exited else "")
        for row, exited in zip(chosen.iter_rows(named=True), exits, strict=True)
    ], batch_size=1000)
    measures = SupportMeasure.objects.bulk_create(_measures(rng, members), batch_size=1000)
    doubled = pool_doubled_refresh(PoolMember.objects.filter(is_demo=True))
    audit_record(action=AuditEvent.Action.CREATE, object_type="cultivation.PoolMember",
                 object_repr="演示倍增培育库", changes={"demo": {
                     "members": len(members), "measures": len(measures)}})
    stdout.write(f"演示倍增培育库：{len(members)} 家入库（{DEMO_YEARS[0]}–{DEMO_YEARS[-1]} 年），"
                 f"{len(measures)} 条扶持措施，{doubled} 家已倍增。")
