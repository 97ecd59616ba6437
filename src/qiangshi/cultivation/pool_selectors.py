"""Reads for the 倍增计划 pool: the pool's rules, the candidates' population, the members with
their doubling progress, and the page tables and charts. Every read a user reaches goes
through the scoping selector."""

from itertools import pairwise

import polars as pl
from django.db.models import Count

from qiangshi.accounts.models import Region
from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.cultivation.models import PoolMember
from qiangshi.cultivation.tables import ACTIVE_STAGES, candidate_table
from qiangshi.engine import doubling
from qiangshi.engine.projects import STAGE_LABELS
from qiangshi.enterprises.selectors import visible_firms_expr
from qiangshi.enterprises.tables import revenue_table

# --- the pool's rules ---------------------------------------------------------------------------
#: Plan task 11: 市级每年优选20家; the districts 每年推动100家, taken here as each district or
#: county choosing up to 100 a year. Members who later exit still used their year's place.
YEARLY_QUOTA = {PoolMember.Level.CITY: 20, PoolMember.Level.DISTRICT: 100}
#: Years within which a member should double. The plan sets no horizon; platform default.
DOUBLING_TARGET_YEARS = 5
DISTRICT_KINDS = (Region.Kind.DISTRICT, Region.Kind.COUNTY)
FILTERS = ("year", "level", "region", "status")


def selecting_regions(*, user):
    """The city and the districts/counties the user may see, in the platform's order."""
    return scope_filter(Region.objects.filter(kind__in=[Region.Kind.CITY, *DISTRICT_KINDS]),
                        user=user)


# --- candidates ---------------------------------------------------------------------------------
def population(candidates: pl.DataFrame, *, level: str, region: Region) -> pl.DataFrame:
    """The firms a level's selection ranks: the whole city, or one district's firms."""
    if level == PoolMember.Level.CITY:
        return candidates
    return candidates.filter(pl.col("region") == region.code)


def candidate_ranking(*, user, year: int, level: str, region: Region,
                      weights: dict[str, float]) -> pl.DataFrame:
    """Ranked candidates for intake in `year` not yet pooled at `level`, within the user's
    scope. Scores are ranked over the whole population, pooled firms included, so that one
    firm's intake does not move the others' scores."""
    ranked = doubling.selection_scores(
        population(candidate_table(base_year=year - 1), level=level, region=region), weights)
    pooled = list(PoolMember.objects.filter(level=level).values_list("enterprise_id", flat=True))
    return ranked.filter(~pl.col("enterprise_id").is_in(pooled) & visible_firms_expr(user=user))


# --- members and progress ---------------------------------------------------------------------------
def member_list(*, user, year="", level="", region="", status=""):
    members = scope_filter(PoolMember.objects.select_related("enterprise", "region"), user=user)
    if year.isdigit():
        members = members.filter(intake_year=int(year))
    if level:
        members = members.filter(level=level)
    if region:
        members = members.filter(region__code=region)
    if status:
        members = members.filter(status=status)
    return members


def member_get(*, user, pk: int) -> PoolMember:
    return scoped_get_or_404(PoolMember.objects.select_related("enterprise", "region"),
                             user=user, pk=pk)


def member_progress(members, *, target_years: int = DOUBLING_TARGET_YEARS) -> pl.DataFrame:
    """engine.doubling.doubling_progress for the members of a queryset."""
    frame = pl.DataFrame(list(members.order_by().values_list(
        "pk", "enterprise_id", "base_year", "base_revenue", "base_profit")), orient="row",
        schema={"member_id": pl.Int64, "enterprise_id": pl.Int64, "base_year": pl.Int32,
                "base_revenue": pl.Decimal(16, 2), "base_profit": pl.Decimal(16, 2)})
    facts = revenue_table(members.order_by().values("enterprise_id")).select(
        "enterprise_id", "year", "revenue", "profit")
    money = pl.col(pl.Decimal).cast(pl.Float64)
    return doubling.doubling_progress(frame.with_columns(money), facts.with_columns(money),
                                      target_years=target_years)


PROGRESS_COLUMNS = ("base", "latest_year", "latest", "multiple", "progress", "expected_progress",
                    "actual_growth", "remaining_growth", "on_track", "doubled", "status")


def progress_wide(progress: pl.DataFrame) -> pl.DataFrame:
    """One row per member: revenue_<column> and profit_<column> side by side (every column
    present, typed, even when there is no member)."""
    wide = progress.pivot("measure", index="member_id", values=list(PROGRESS_COLUMNS),
                          separator="|").rename(
        lambda name: "_".join(reversed(name.split("|"))) if "|" in name else name)
    return wide.with_columns(
        pl.lit(None, dtype=progress.schema[column]).alias(f"{measure}_{column}")
        for measure in doubling.MEASURES for column in PROGRESS_COLUMNS
        if f"{measure}_{column}" not in wide.columns)


def member_table(members, *, target_years: int = DOUBLING_TARGET_YEARS) -> pl.DataFrame:
    """The members for the pool table, in queryset order, each with its progress."""
    info = pl.DataFrame(list(members.values_list(
        "pk", "enterprise__uscc", "enterprise__name", "level", "region__short_name",
        "intake_year", "base_year", "status", "selection_score", "willingness", "is_demo")),
        orient="row", schema={
            "member_id": pl.Int64, "uscc": pl.String, "name": pl.String, "level": pl.String,
            "region": pl.String, "intake_year": pl.Int32, "base_year": pl.Int32,
            "member_status": pl.String, "selection_score": pl.Float64,
            "willingness": pl.String, "is_demo": pl.Boolean})
    wide = progress_wide(member_progress(members, target_years=target_years))
    return info.join(wide, on="member_id", how="left", maintain_order="left")


STATUS_SERIES = ("doubled", "on_track", "behind")
MULTIPLE_BREAKS = [1.0, 1.2, 1.4, 1.6, 1.8, 2.0]
MULTIPLE_LABELS = ["<1.0", *(f"{lo:.1f}–{hi:.1f}" for lo, hi in pairwise(MULTIPLE_BREAKS)),
                   "≥2.0"]


def progress_chart(table: pl.DataFrame) -> dict | None:
    """How many members stand at each revenue multiple of their base, by progress status;
    members whose doubling cannot be judged are counted apart."""
    judged = table.filter(pl.col("revenue_status").is_in(STATUS_SERIES))
    if judged.is_empty():
        return None
    # Left-closed buckets: the number of breaks at or below a multiple is its bucket.
    counts = (judged.select(pl.lit(pl.Series(MULTIPLE_BREAKS))
                            .search_sorted(pl.col("revenue_multiple"), side="right")
                            .alias("bucket"), pl.col("revenue_status").alias("status"))
              .group_by("bucket", "status").len())
    count = {(b, s): n for b, s, n in counts.iter_rows()}
    return {"buckets": MULTIPLE_LABELS,
            "series": [{"name": doubling.STATUS_LABELS[s], "code": s,
                        "data": [count.get((b, s), 0) for b in range(len(MULTIPLE_LABELS))]}
                       for s in STATUS_SERIES],
            "unknown": table.height - judged.height}


def quota_table(*, user, year: int) -> list[dict]:
    """Members taken in `year` against the yearly quota, for each region the user may see.
    Counted over every member of those regions, so the figure is the real use of the quota."""
    regions = list(selecting_regions(user=user))
    used = {(level, region): n for level, region, n in PoolMember.objects.filter(
        intake_year=year, region__in=regions).values_list("level", "region_id")
        .annotate(n=Count("pk")).order_by()}
    rows = []
    for region in regions:
        level = PoolMember.Level.CITY if region.kind == Region.Kind.CITY \
            else PoolMember.Level.DISTRICT
        quota, n = YEARLY_QUOTA[level], used.get((level, region.pk), 0)
        rows.append({"level": level.label, "region": region, "used": n, "quota": quota,
                     "share": n / quota})
    return rows


def member_years(member: PoolMember, *,
                 target_years: int = DOUBLING_TARGET_YEARS) -> pl.DataFrame:
    """The firm's revenue and profit per year from its first figure to the target year, as
    multiples of the base, beside the path that doubles the base in `target_years`
    (base × 2^(t / target_years), i.e. growing at the required rate)."""
    facts = pl.DataFrame(list(member.enterprise.facts.values_list("year", "revenue", "profit")),
                         orient="row", schema={"year": pl.Int32, "revenue": pl.Decimal(16, 2),
                                               "profit": pl.Decimal(16, 2)}
                         ).with_columns(pl.col(pl.Decimal).cast(pl.Float64))
    target_year = member.base_year + target_years
    first = min([member.base_year, *facts["year"].to_list()])
    last = max([target_year, *facts["year"].to_list()])
    base_revenue = float(member.base_revenue)
    # A loss-making base has no doubling; its multiples would read backwards.
    base_profit = float(member.base_profit) if member.base_profit and member.base_profit > 0 \
        else None
    since_base = pl.col("year") - member.base_year
    return (pl.DataFrame({"year": pl.int_range(first, last + 1, eager=True, dtype=pl.Int32)})
            .join(facts, on="year", how="left")
            .with_columns(
                (pl.col("revenue") / base_revenue).alias("revenue_multiple"),
                (pl.col("profit") / base_profit if base_profit else pl.lit(None, pl.Float64))
                .alias("profit_multiple"),
                pl.when(pl.col("year").is_between(member.base_year, target_year))
                .then((base_revenue * 2 ** (since_base / target_years)).round(2)).alias("path"),
                (pl.col("year") == member.base_year).alias("is_base"),
                pl.col("revenue").is_not_null().or_(pl.col("profit").is_not_null())
                .alias("reported")))


def member_chart(years: pl.DataFrame, member: PoolMember) -> dict:
    return {
        "years": years["year"].cast(pl.String).to_list(),
        "revenue": years["revenue"].to_list(), "profit": years["profit"].to_list(),
        "path": years["path"].to_list(),
        "target_revenue": 2 * float(member.base_revenue),
        "target_profit": 2 * float(member.base_profit) if member.base_profit
        and member.base_profit > 0 else None,
    }


EXPORT_COLUMNS = {
    "name": "企业名称", "uscc": "统一社会信用代码", "level": "入库层级", "region": "遴选地区",
    "intake_year": "入库年度", "base_year": "基期年份",
    "revenue_base": "基期营业收入（万元）", "revenue_latest_year": "营业收入最新年份",
    "revenue_latest": "最新营业收入（万元）", "revenue_multiple": "营业收入倍数",
    "revenue_actual_growth": "营业收入实际年均增长（%）",
    "revenue_remaining_growth": "营业收入仍需年均增长（%）", "revenue_status": "营业收入倍增进度",
    "profit_base": "基期利润总额（万元）", "profit_latest": "最新利润总额（万元）",
    "profit_multiple": "利润总额倍数", "profit_status": "利润总额倍增进度",
    "willingness": "倍增意愿", "selection_score": "遴选得分", "member_status": "状态",
    "is_demo": "演示数据",
}
EXPORT_PERCENT = ("revenue_actual_growth", "revenue_remaining_growth")


def export_frame(table: pl.DataFrame) -> pl.DataFrame:
    """The pool table as exported: Chinese headers and labels, growth rates in per cent."""
    labels = {"level": dict(PoolMember.Level.choices),
              "revenue_status": doubling.STATUS_LABELS, "profit_status": doubling.STATUS_LABELS,
              "willingness": dict(PoolMember.Willingness.choices),
              "member_status": dict(PoolMember.Status.choices),
              "is_demo": {True: "是", False: "否"}}
    return table.select(
        pl.col(c).replace_strict(labels[c], return_dtype=pl.String) if c in labels
        else (pl.col(c) * 100).round(2) if c in EXPORT_PERCENT
        else pl.col(c).round(4) if table.schema[c] == pl.Float64 else pl.col(c)
        for c in EXPORT_COLUMNS
    ).rename(EXPORT_COLUMNS)


def stage_labels() -> dict[str, str]:
    return {stage: STAGE_LABELS[stage] for stage in ACTIVE_STAGES}
