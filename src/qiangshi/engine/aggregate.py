"""Enterprise-based indicators: sums, counts and shares over firm-years.

A formula says what to add up over which firms (see docs/plan-schema.md, `formula`):

    measure: sum | count | share
    field: revenue                       # sum: the fact to add up
    numerator: {field: rd_expense, where: {...}}      # share: 100 × Σ numerator / Σ denominator
    denominator: {field: revenue, where: {...}}
    where:                               # every condition must hold for the firm-year
      above_scale: true                  # 规上 in that year
      industrial: true                   # GB/T 4754 门类 B, C or D (工业)
      group: advanced_mfg | hightech_mfg | digital_core | equipment_mfg | pillar
      industry_prefix: ["39"]
      honour: [high_tech, ...]           # holds any of these, valid in that year
      honour_level: [national, provincial]
      listed: true
      min: {field: revenue, value: 1000000}
    scale: 0.0001                        # e.g. 万元 → 亿元

Each firm counts for the city, its district and its functional zone. Pure polars:
the firm-year panel is built once and every formula is a filter and a group-by on it.
"""

import polars as pl

from qiangshi.engine.pipeline import pipeline_formula_problems

AGGREGATE_VERSION = "aggregate-1"
MEASURES = {"sum", "count", "share"}
GROUPS = {"advanced_mfg", "hightech_mfg", "digital_core", "equipment_mfg", "pillar"}
CONDITIONS = {"above_scale", "industrial", "group", "industry_prefix", "honour", "honour_level",
              "listed", "min"}
INDUSTRIAL_SECTIONS = ["B", "C", "D"]


def formula_problems(formula: object, *, fields: set[str]) -> list[str]:
    """What is wrong with a formula, in Chinese; empty when it can be computed."""
    if not isinstance(formula, dict):
        return ["formula 应为键值映射"]
    if formula.get("source") == "projects":
        return pipeline_formula_problems(formula)
    problems = []
    measure = formula.get("measure")
    if measure not in MEASURES:
        return [f"measure 应为 {'、'.join(sorted(MEASURES))} 之一，实际为 {measure!r}"]
    parts = ([("", formula)] if measure != "share"
             else [(n, formula.get(n)) for n in ("numerator", "denominator")])
    for name, part in parts:
        if not isinstance(part, dict):
            problems.append(f"share 需要 {name}：{{field, where}}")
            continue
        if measure != "count" and part.get("field") not in fields:
            problems.append(f"{name or 'field'} 的字段 {part.get('field')!r} 不是企业年度数据字段")
        where = {**formula.get("where", {}), **part.get("where", {})} if name else part.get(
            "where", {})
        unknown = set(where) - CONDITIONS
        if unknown:
            problems.append(f"未知的筛选条件：{'、'.join(sorted(unknown))}")
        if where.get("group") not in (None, *GROUPS):
            problems.append(f"group 应为 {'、'.join(sorted(GROUPS))} 之一")
        if "min" in where and where["min"].get("field") not in fields:
            problems.append("min 的字段不是企业年度数据字段")
    return problems


def firm_panel(firms: pl.DataFrame, facts: pl.DataFrame, honours: pl.DataFrame,
               industries: pl.DataFrame) -> pl.DataFrame:
    """One row per firm-year with the firm's places, industry tags, 规上 status and honours.

    firms: enterprise_id, city, region, zone, industry_code, above_scale, above_scale_since,
           above_scale_until, listed
    facts: enterprise_id, year, and the fact fields
    honours: enterprise_id, kind, level, year_granted, year_expiring
    industries: industry_code, section, hightech_mfg, digital_core, equipment_mfg, pillar,
                advanced_mfg (as from engine.classify)
    """
    year = pl.col("year")
    since, until = pl.col("above_scale_since"), pl.col("above_scale_until")
    panel = (
        facts.join(firms, on="enterprise_id", how="inner")
        .join(industries, on="industry_code", how="left")
        .with_columns(
            # 规上 in a year: within since/until where known, else the firm's current flag.
            pl.when(since.is_null() & until.is_null()).then(pl.col("above_scale"))
            .otherwise((since.is_null() | (since <= year)) & (until.is_null() | (until > year)))
            .alias("above_scale_year"),
            pl.col("section").is_in(INDUSTRIAL_SECTIONS).fill_null(False).alias("industrial"),
        )
    )
    held = (
        honours.join(facts.select("enterprise_id", "year").unique(), on="enterprise_id")
        .filter((pl.col("year_granted") <= year)
                & (pl.col("year_expiring").is_null() | (pl.col("year_expiring") >= year)))
        .group_by("enterprise_id", "year")
        .agg(pl.struct("kind", "level").alias("honours"))
    )
    return panel.join(held, on=["enterprise_id", "year"], how="left").with_columns(
        pl.col("honours").fill_null(pl.lit([], dtype=pl.List(pl.Struct(
            {"kind": pl.String, "level": pl.String})))))


def _condition(where: dict) -> pl.Expr:
    expr = pl.lit(True)
    if "above_scale" in where:
        expr &= pl.col("above_scale_year") == bool(where["above_scale"])
    if "industrial" in where:
        expr &= pl.col("industrial") == bool(where["industrial"])
    if where.get("group"):
        group = where["group"]
        expr &= (pl.col(group).is_not_null() & (pl.col(group) != "")
                 if group in {"hightech_mfg", "digital_core", "pillar"}
                 else pl.col(group).fill_null(False))
    if where.get("industry_prefix"):
        expr &= pl.any_horizontal([pl.col("industry_code").str.starts_with(p)
                                   for p in where["industry_prefix"]])
    if where.get("honour"):
        levels = where.get("honour_level") or ["national", "provincial", "municipal"]
        expr &= pl.col("honours").list.eval(
            pl.element().struct.field("kind").is_in(where["honour"])
            & pl.element().struct.field("level").is_in(levels)).list.any()
    if "listed" in where:
        expr &= pl.col("listed") == bool(where["listed"])
    if where.get("min"):
        expr &= pl.col(where["min"]["field"]) >= where["min"]["value"]
    return expr


def _places(panel: pl.DataFrame) -> pl.DataFrame:
    """Each firm-year once for the city, once for its district, once for its zone."""
    return pl.concat([
        panel.with_columns(pl.col(place).alias("place")).filter(pl.col("place").is_not_null())
        for place in ("city", "region", "zone")
    ])


def compute(panel: pl.DataFrame, formulas: dict[str, dict]) -> pl.DataFrame:
    """Every formula for every place and year: code, region, year, value, firms (the number of
    firm-years that met the formula's conditions; for a share, those in the numerator)."""
    places = _places(panel)
    frames = []
    for code, formula in formulas.items():
        scale = formula.get("scale", 1.0)
        measure = formula["measure"]
        if measure == "share":
            num, den = formula["numerator"], formula["denominator"]
            base = formula.get("where", {})
            numerator = _condition({**base, **num.get("where", {})})
            denominator = _condition({**base, **den.get("where", {})})
            result = places.group_by("place", "year").agg(
                pl.col(num["field"]).filter(numerator).sum().alias("_num"),
                pl.col(den["field"]).filter(denominator).sum().alias("_den"),
                numerator.sum().alias("firms"),
            ).with_columns(
                pl.when(pl.col("_den") > 0).then(100 * pl.col("_num") / pl.col("_den") * scale)
                .alias("value")).drop("_num", "_den")
        else:
            keep = _condition(formula.get("where", {}))
            value = (pl.len() if measure == "count" else pl.col(formula["field"]).sum())
            result = places.filter(keep).group_by("place", "year").agg(
                (value.cast(pl.Float64) * scale).alias("value"), pl.len().alias("firms"))
        frames.append(result.select(pl.lit(code).alias("code"), pl.col("place").alias("region"),
                                    pl.col("year").cast(pl.Int32), "value",
                                    pl.col("firms").cast(pl.Int64)))
    if not frames:
        return pl.DataFrame(schema={"code": pl.String, "region": pl.String, "year": pl.Int32,
                                    "value": pl.Float64, "firms": pl.Int64})
    return pl.concat(frames).sort("code", "region", "year")


def contributors(panel: pl.DataFrame, formula: dict, *, region: str, year: int) -> pl.DataFrame:
    """The firm-years behind one computed figure (for a share, the numerator's)."""
    where = dict(formula.get("where", {}))
    field = formula.get("field")
    if formula["measure"] == "share":
        where.update(formula["numerator"].get("where", {}))
        field = formula["numerator"]["field"]
    rows = _places(panel).filter((pl.col("place") == region) & (pl.col("year") == year)
                                 & _condition(where))
    return rows.select("enterprise_id", pl.col(field).alias("value") if field else pl.lit(None)
                       .alias("value")).sort("value", descending=True, nulls_last=True)
