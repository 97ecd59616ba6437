"""跟踪问效 for one policy and year: the firms its clauses made eligible that year (免申即享 pays
them without an application) against comparable firms it did not, over the registry's facts."""

from dataclasses import asdict

import polars as pl

from qiangshi.engine.policies import match
from qiangshi.engine.policies.effect import Effect, effect
from qiangshi.enterprises.selectors import enterprise_rows
from qiangshi.enterprises.tables import fact_table
from qiangshi.policies.firms import policy_firm_table
from qiangshi.policies.models import EffectResult


def effect_panel(year: int) -> pl.DataFrame:
    """enterprise_id, year, industry_code, size_class, district and revenue, tax, rd of the years
    year−1 to year+1."""
    rows = enterprise_rows().values_list("pk", "industry_code", "size_class", "region_id")
    firms = pl.DataFrame(list(rows), orient="row", schema={
        "enterprise_id": pl.Int64, "industry_code": pl.String, "size_class": pl.String, "district": pl.Int64})
    facts = fact_table(years=(year - 1, year + 1)).select(
        "enterprise_id", "year", "revenue", pl.col("tax_paid").alias("tax"), pl.col("rd_expense").alias("rd"))
    return facts.join(firms, on="enterprise_id")


def policy_effect(policy, year: int) -> Effect:
    table = policy_firm_table(year)
    paid = (match([policy], table, year).filter(pl.col("eligible"))
            .group_by("uscc").agg(pl.col("amount").sum()))
    supported = table.join(paid, on="uscc").select(pl.col("enterprise_id").cast(pl.Int64), "amount")
    return effect(effect_panel(year), supported, year)


def effect_store(policy, year: int) -> EffectResult:
    """Compute and keep the effect of `policy` in `year`, with its summary, for the page."""
    result = policy_effect(policy, year)
    return EffectResult.objects.create(policy=policy.code, year=year,
                                       content={**asdict(result), "summary": result.summary})
