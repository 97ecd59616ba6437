"""The chains' frames other apps read: each firm's chains in the newest run."""

import polars as pl

from qiangshi.chains.models import Attachment


def firm_chains() -> pl.DataFrame:
    """enterprise_id, chain_codes: the chains each firm sits on in the newest run."""
    rows = Attachment.objects.values_list("enterprise_id", "chain").distinct()
    frame = pl.DataFrame(list(rows), orient="row", schema={"enterprise_id": pl.Int64, "chain": pl.String})
    return frame.group_by("enterprise_id").agg(pl.col("chain").unique().sort().alias("chain_codes"))
