"""Match rows and batches for the 兑现 tests (the registry and budget are in conftest)."""

import datetime

import polars as pl

from qiangshi.policies.ledger import batch_create, clause_of
from qiangshi.policies.services import policies_in_force

LIXIA_FIRM = "91370100000000001A"
LICHENG_FIRM = "91370100000000002B"
POLICY = "jizhengfa-2019-1"
DAY = datetime.date(2025, 3, 3)
SCHEDULE = pl.List(pl.Struct({"period": pl.Utf8, "amount": pl.Float64}))


def rows(*awards, clause="zjtx-new"):
    """Match rows as the engine returns them: (uscc, amount, schedule)."""
    return pl.DataFrame([{"uscc": uscc, "clause": clause, "eligible": True, "amount": amount,
                          "schedule": schedule or [{"period": "2024年", "amount": amount}],
                          "trace": f"2024年{clause}：符合"} for uscc, amount, schedule in awards],
                        schema={"uscc": pl.Utf8, "clause": pl.Utf8, "eligible": pl.Boolean,
                                "amount": pl.Float64, "schedule": SCHEDULE, "trace": pl.Utf8})


def make_batch(budget, *awards, clause="zjtx-new"):
    policy, found, non_stacking = clause_of(policies_in_force(), POLICY, clause)
    return batch_create(policy=policy, clause=found, non_stacking=non_stacking, year=2024, budget=budget,
                        rows=rows(*awards, clause=clause))
