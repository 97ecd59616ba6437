"""The values a scheme's indicators read, per unit, as the engine's long value table.

Each indicator names its source (schemes.SOURCE_TYPES); one read per source kind, through
the plan's door (plan.region_tables): a plan indicator's figure or its 同比 growth, the
completion of its target in the stored progress run, the report timeliness of the unit's
government or zone committee, and the zone rule of plan task 15 (engine.assessment.zones):
the zone's smallest lead over the city's growth, in points, for zones only; and through the
other apps' doors the projects of a unit that reached a stage in the year, and the share of
its firms graded 亩均 A类.
"""

import datetime

import polars as pl

from qiangshi.assessment.schemes import Scheme
from qiangshi.engine.assessment import value_table
from qiangshi.engine.assessment.inputs import VALUE_SCHEMA
from qiangshi.engine.assessment.zones import zone_growth_gaps
from qiangshi.evaluation.tables import region_class_table
from qiangshi.plan.region_tables import region_completion, region_figures, region_timeliness
from qiangshi.projects.tables import project_table


def _sources(scheme: Scheme, kind: str) -> pl.DataFrame:
    """indicator, code, measure of the scheme's indicators reading `kind`."""
    rows = [{"indicator": key, "code": source.get("indicator"), "measure": source.get("measure")}
            for key, source in scheme.sources.items() if source.get("type") == kind]
    return pl.DataFrame(rows, schema={"indicator": pl.String, "code": pl.String, "measure": pl.String})


def _figure_values(plan, scheme, year, month) -> pl.DataFrame:
    wanted = _sources(scheme, "figure").with_columns(pl.col("measure").fill_null("value"))
    figures = region_figures(plan, wanted["code"].unique().to_list(), year=year, month=month)
    return wanted.join(figures, on="code").select(
        pl.col("region").alias("unit"), "indicator",
        pl.when(pl.col("measure") == "yoy").then("yoy").otherwise("value").alias("value"))


def _completion_values(plan, scheme, year, month) -> pl.DataFrame:
    wanted = _sources(scheme, "progress")
    found = region_completion(plan, wanted["code"].unique().to_list(), year=year, month=month)
    return wanted.join(found, on="code").select(pl.col("region").alias("unit"), "indicator",
                                                pl.col("completion").alias("value"))


def _timeliness_values(plan, scheme, units, as_of) -> pl.DataFrame:
    wanted = _sources(scheme, "timeliness").with_columns(pl.col("measure").fill_null("timeliness"))
    if wanted.is_empty():
        return pl.DataFrame(schema=VALUE_SCHEMA)
    rates = region_timeliness(plan, units, today=as_of).unpivot(
        index="region", on=["completeness", "timeliness"], variable_name="measure")
    return wanted.join(rates, on="measure").select(pl.col("region").alias("unit"), "indicator", "value")


def _zone_rule_values(plan, scheme, zones, year, month) -> pl.DataFrame:
    """Per zone rule indicator and zone: the smallest gap (points) of its measures over the
    city's growth, null when a measure has no figure (zone_growth_gaps: missing)."""
    frames = []
    for key, source in scheme.sources.items():
        if source.get("type") != "zone_rule" or not zones:
            continue
        measures = pl.DataFrame([{"code": m["indicator"], "read": m.get("read", "yoy")}
                                 for m in source["measures"]])
        figures = region_figures(plan, measures["code"].to_list(), year=year, month=month).join(
            measures, on="code")
        growth = (pl.when(pl.col("read") == "yoy").then("yoy").otherwise("value")).alias("growth")
        # A figure already read as the zone's lead over the city ("gap") is compared with 0.
        city = figures.filter(pl.col("region") == plan.region.code).select(
            pl.col("code").alias("measure"), growth)
        city = measures.select(pl.col("code").alias("measure"), "read").join(
            city, on="measure", how="left").select(
            "measure", pl.when(pl.col("read") == "gap").then(0.0).otherwise("growth").alias("growth"))
        zone_rows = pl.DataFrame({"zone": zones}).join(
            figures.select(pl.col("region").alias("zone"), pl.col("code").alias("measure"), growth),
            on="zone", how="left")
        gaps = zone_growth_gaps(zone_rows, city)
        frames.append(gaps.group_by("zone").agg(
            pl.when(pl.col("gap").is_null().any()).then(None).otherwise(pl.col("gap").min()).alias("value")
        ).select(pl.col("zone").alias("unit"), pl.lit(key).alias("indicator"), "value"))
    return pl.concat(frames) if frames else pl.DataFrame(schema=VALUE_SCHEMA)


def _project_values(scheme, units, year, as_of) -> pl.DataFrame:
    """Projects of the unit (its district, or its zone) that reached the stage named in the
    period's year by the as-of day; a unit with none has 0, not a gap."""
    wanted = pl.DataFrame([{"indicator": key, "stage": source.get("stage", "started")}
                           for key, source in scheme.sources.items() if source.get("type") == "projects"],
                          schema={"indicator": pl.String, "stage": pl.String})
    if wanted.is_empty():
        return pl.DataFrame(schema=VALUE_SCHEMA)
    projects = project_table()
    frames = []
    for stage in wanted["stage"].unique().to_list():
        column = f"{stage}_on"
        if column not in projects.columns:
            continue
        reached = projects.filter(pl.col(column).dt.year() == year, pl.col(column) <= as_of)
        places = pl.concat([reached.select(pl.col("region").alias("unit")),
                            reached.select(pl.col("zone").alias("unit"))]).drop_nulls()
        counts = places.group_by("unit").len().select("unit", pl.col("len").cast(pl.Float64).alias("value"))
        every = pl.DataFrame({"unit": units}).join(counts, on="unit", how="left").with_columns(
            pl.col("value").fill_null(0.0))
        frames.append(wanted.filter(pl.col("stage") == stage).join(every, how="cross").select(
            "unit", "indicator", "value"))
    return pl.concat(frames) if frames else pl.DataFrame(schema=VALUE_SCHEMA)


def _mujun_values(scheme, year) -> pl.DataFrame:
    """The share (%) of a region's graded firms in 亩均 class A, in the newest evaluation of
    the latest year graded up to the period's year."""
    keys = [key for key, source in scheme.sources.items() if source.get("type") == "mujun_a_share"]
    if not keys:
        return pl.DataFrame(schema=VALUE_SCHEMA)
    shares = region_class_table(year).filter(pl.col("evaluated") > 0).select(
        pl.col("region").alias("unit"), (pl.col("a_count") / pl.col("evaluated") * 100).alias("value"))
    return pl.DataFrame({"indicator": keys}).join(shares, how="cross").select("unit", "indicator", "value")


def scheme_values(plan, scheme: Scheme, *, units: list[str], zones: list[str], year: int, month: int,
                  as_of: datetime.date) -> pl.DataFrame:
    """unit, indicator, value for every unit and indicator of the scheme (missing → null)."""
    found = pl.concat([
        value_table(frame) for frame in (
            _figure_values(plan, scheme, year, month),
            _completion_values(plan, scheme, year, month),
            _timeliness_values(plan, scheme, units, as_of),
            _zone_rule_values(plan, scheme, zones, year, month),
            _project_values(scheme, units, year, as_of), _mujun_values(scheme, year))
    ])
    grid = pl.DataFrame({"unit": units}).join(
        pl.DataFrame({"indicator": list(scheme.sources)}), how="cross")
    return value_table(grid.join(found.filter(pl.col("unit").is_in(units)), on=["unit", "indicator"],
                                 how="left").sort("unit", "indicator"))
