"""Monthly chain monitoring, computed with a chain run: the run's firms (attachments) and the
registry's monthly figures → engine.chains.monitoring → ChainMonth and ChainTargetStatus rows
of the run, with the method version and input hash in its Monitoring row.

The monthly figures arrive without a new chain run (a run with unchanged yearly inputs is
reused), so each call compares its input hash with the stored one and replaces the run's
monitoring rows only when the inputs changed."""

import polars as pl
from django.db import transaction

from qiangshi.chains.maps import chain_read
from qiangshi.chains.models import Attachment, ChainVersion, Run
from qiangshi.chains.models_monitoring import ChainMonth, ChainTargetStatus, Monitoring
from qiangshi.engine.chains.monitoring import METHOD_VERSION, chain_months, target_status
from qiangshi.engine.hashing import input_hash
from qiangshi.enterprises.tables import monthly_table

TARGET_SCHEMA = {"chain": pl.String, "measure": pl.String, "year": pl.Int32, "value": pl.Float64,
                 "label": pl.String, "unit": pl.String, "source": pl.String}


def _targets(run: Run) -> pl.DataFrame:
    """The targets of the chain versions the run used (the map checked them on saving)."""
    versions = ChainVersion.objects.filter(pk__in=list(run.versions.values()))
    rows = [(version.name, target["measure"], target["year"], target["value"], target["label"],
             target["unit"], target["source"])
            for version in versions for target in chain_read(version.content).targets]
    return pl.DataFrame(rows, orient="row", schema=TARGET_SCHEMA).unique(
        subset=["chain", "measure", "year"], keep="last")


def monitoring_store(run: Run) -> Monitoring:
    """The run's monthly chain figures and target statuses, computed unless the stored ones
    came from the same inputs."""
    attached = pl.DataFrame(list(Attachment.objects.filter(run=run).values_list("enterprise_id", "chain")),
                            orient="row", schema={"enterprise_id": pl.Int64, "chain": pl.String})
    monthly = monthly_table().join(attached.select("enterprise_id").unique(), on="enterprise_id", how="semi")
    targets = _targets(run)
    fingerprint = input_hash(attached, monthly, targets, method=METHOD_VERSION)
    stored = Monitoring.objects.filter(run=run).first()
    if stored is not None and stored.input_hash == fingerprint:
        return stored
    months = chain_months(attached, monthly)
    statuses = target_status(months, targets.drop("label", "unit", "source")).join(
        targets.select("chain", "measure", pl.col("year").alias("target_year"), "label", "unit", "source"),
        on=["chain", "measure", "target_year"], how="left")
    newest = months.select("year", "month").sort("year", "month").tail(1).rows()
    with transaction.atomic():
        ChainMonth.objects.filter(run=run).delete()
        ChainTargetStatus.objects.filter(run=run).delete()
        ChainMonth.objects.bulk_create(
            [ChainMonth(run=run, **row) for row in months.iter_rows(named=True)], batch_size=2000)
        ChainTargetStatus.objects.bulk_create([
            ChainTargetStatus(
                run=run, chain=row["chain"], measure=row["measure"], label=row["label"] or "",
                unit=row["unit"] or "", target_value=row["target_value"],
                target_year=row["target_year"], source=(row["source"] or "")[:500],
                status=row["status"], status_label=row["status_label"], method=row["method"],
                explanation=(row["explanation"] or "")[:1000], base_value=row["base_value"],
                base_year=row["base_year"], latest_value=row["latest_value"],
                latest_year=row["latest_year"], latest_month=row["latest_month"],
                current_value=row["current_value"], milestone_value=row["milestone_value"],
                completion=row["completion"])
            for row in statuses.iter_rows(named=True)])
        monitoring, _ = Monitoring.objects.update_or_create(run=run, defaults={
            "method_version": METHOD_VERSION, "input_hash": fingerprint,
            "as_of_year": newest[0][0] if newest else None,
            "as_of_month": newest[0][1] if newest else None})
    return monitoring
