"""Size class of an industrial enterprise (工信部联企业〔2011〕300号《中小企业划型标准规定》, 工业).

大型: 从业人员 ≥ 1000 且 营业收入 ≥ 40000 万元; 中型: ≥ 300 人且 ≥ 2000 万元;
小型: ≥ 20 人且 ≥ 300 万元; otherwise 微型. A class needs both lower bounds, so a firm
meeting only one falls to the class below. Unknown employees or revenue → null.
"""

import polars as pl

# (class, minimum employees, minimum revenue in 万元), largest first.
INDUSTRIAL_BANDS = (("large", 1000, 40000.0), ("medium", 300, 2000.0), ("small", 20, 300.0))


def industrial_size(employees: pl.Expr, revenue: pl.Expr) -> pl.Expr:
    known = employees.is_not_null() & revenue.is_not_null()
    expr = pl.when(~known).then(pl.lit(None, dtype=pl.String))
    for size, people, money in INDUSTRIAL_BANDS:
        expr = expr.when((employees >= people) & (revenue >= money)).then(pl.lit(size))
    return expr.otherwise(pl.lit("micro"))
