"""The firm-year panel the plan's formulas are computed over: the registry of the plan's city
with facts, honours and industry memberships (engine.aggregate.firm_panel)."""

import polars as pl

from qiangshi.engine.aggregate import firm_panel
from qiangshi.enterprises.tables import fact_table, firm_table, honour_table, industry_table
from qiangshi.plan.models import Plan


def registry_panel(plan: Plan) -> pl.DataFrame:
    firms = firm_table(city=plan.region.code)
    return firm_panel(firms, fact_table(), honour_table(),
                      industry_table(firms["industry_code"].unique().to_list()))
