"""The firm table the policy engine matches clauses over (engine.policies.FIELDS), read from the
registry for one year: facts of the year and the year before, 规上, honours with level and year
granted, the newest 亩均 class, district and chains. A fact the platform does not hold (设备
投资额, 失信 …) is null, and a condition on it fails rather than passing on a guess."""

import polars as pl

from qiangshi.chains.tables import firm_chains
from qiangshi.engine.policies import firm_schema
from qiangshi.enterprises.tables import chain_firm_table, fact_table, honour_table, place_table
from qiangshi.evaluation.tables import classes_of_year

# Honour kinds of the registry → the engine's honour fields.
HONOUR_FIELDS = {"specialized": "zjtx", "little_giant": "xjr", "champion": "dxgj", "gazelle": "dl",
                 "unicorn": "djs", "green_factory": "lsgc", "high_tech": "gxjs"}
LEVEL_WORDS = {"national": "国家级", "provincial": "省级", "municipal": "市级"}


def policy_firm_table(year: int) -> pl.DataFrame:
    schema = firm_schema(("uscc", "name", "enterprise_id"))
    places = place_table().select("enterprise_id", "uscc", "name",
                                  pl.col("region_name").alias("district"))
    firms = chain_firm_table().select("enterprise_id", "above_scale")
    facts = fact_table(years=(year - 1, year))
    earlier = fact_table(years=(1900, year - 1)).group_by("enterprise_id").agg(
        pl.col("revenue").max().alias("revenue_max_before"))
    this = facts.filter(pl.col("year") == year).select(
        "enterprise_id", "revenue", pl.col("tax_paid").alias("tax"), pl.col("rd_expense").alias("rd"))
    prior = facts.filter(pl.col("year") == year - 1).select(
        "enterprise_id", pl.col("revenue").alias("revenue_prev"), pl.col("rd_expense").alias("rd_prev"))
    table = (places.join(firms, on="enterprise_id", how="left").join(this, on="enterprise_id", how="left")
             .join(prior, on="enterprise_id", how="left").join(earlier, on="enterprise_id", how="left")
             .join(_honours(year), on="enterprise_id", how="left")
             .join(classes_of_year(year), on="enterprise_id", how="left")
             .join(firm_chains(), on="enterprise_id", how="left")
             .with_columns(pl.when(pl.col("revenue") > 0).then(pl.col("rd") / pl.col("revenue") * 100)
                           .alias("rd_ratio")))
    missing = [pl.lit(None, dtype=dtype).alias(name) for name, dtype in schema.items()
               if name not in table.columns]
    return table.with_columns(missing).select(
        pl.col(name).cast(dtype) for name, dtype in schema.items())


def _honours(year: int) -> pl.DataFrame:
    """Per firm, each honour's level and year as of `year` (the latest grant not after it)."""
    honours = (honour_table().filter(pl.col("kind").is_in(list(HONOUR_FIELDS))
                                     & (pl.col("year_granted") <= year))
               .sort("year_granted").group_by("enterprise_id", "kind").last())
    wide = None
    for kind, field in HONOUR_FIELDS.items():
        part = honours.filter(pl.col("kind") == kind).select(
            "enterprise_id",
            pl.col("level").replace_strict(LEVEL_WORDS, default=None).alias(f"{field}_level"),
            pl.col("year_granted").cast(pl.Int64).alias(f"{field}_year"))
        wide = part if wide is None else wide.join(part, on="enterprise_id", how="full", coalesce=True)
    return wide
