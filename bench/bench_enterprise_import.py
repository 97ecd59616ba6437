"""Benchmark: importing 100,000 enterprise-year rows from .xlsx into SQLite.

Target (issue): validated, under 15 s on this machine, and at least 20× faster than a
per-row `update_or_create` import of the same file.

A fresh SQLite database in a temporary folder gets 20,000 firms with valid USCCs; then
a 100,000-row workbook of yearly facts (20,000 firms × 2020–2024) is imported three ways:
the platform's import (read, validate, compare, bulk write, revisions); the same file
imported again (nothing changes); and the baseline, which reads the same workbook and calls
`Fact.objects.update_or_create` once per row (no validation at all). The baseline runs on
the first BASELINE_ROWS rows and its time is scaled to the whole file (it is linear in
rows: one lookup and one write per row); `--full-baseline` runs it on every row (about two
minutes more). The printed figures say which.
"""

import io
import os
import sys
import tempfile
import time
from pathlib import Path

SEED = 7
FIRMS = 20_000
YEARS = list(range(2020, 2025))
BASELINE_ROWS = 10_000
LIMIT_SECONDS = 15.0
TARGET_RATIO = 20.0


def _setup_django(var_dir: str) -> None:
    os.environ["QIANGSHI_VAR_DIR"] = var_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qiangshi.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("reference", "load", stdout=io.StringIO())


def _workbooks():
    import numpy as np
    import polars as pl

    from qiangshi.engine.uscc import uscc_make_many
    from qiangshi.enterprises.columns import ENTERPRISE_COLUMNS as E
    from qiangshi.enterprises.columns import FACT_COLUMNS as F

    rng = np.random.default_rng(SEED)
    districts = ["370102", "370103", "370104", "370105", "370112", "370113", "370114",
                 "370115", "370116", "370117", "370124", "370126"]
    region = pl.Series(rng.choice(districts, FIRMS))
    bases = pl.Series([f"{i:08d}" for i in rng.permutation(10**7)[:FIRMS] + 10**7])
    usccs = uscc_make_many(region, bases)
    industries = rng.choice(["3411", "3511", "3611", "3911", "2710", "3110", "1311"], FIRMS)
    firms = pl.DataFrame({E["uscc"]: usccs, E["name"]: [f"基准测试企业{i:05d}有限公司" for i in range(FIRMS)],
                          E["region"]: region, E["industry_code"]: industries,
                          E["above_scale"]: rng.choice(["是", "否"], FIRMS)})
    n = FIRMS * len(YEARS)
    revenue = np.round(rng.lognormal(9, 1.2, n), 2)
    facts = pl.DataFrame({
        F["uscc"]: np.repeat(usccs.to_numpy(), len(YEARS)),
        F["year"]: np.tile(YEARS, FIRMS),
        F["revenue"]: revenue, F["main_revenue"]: np.round(revenue * 0.95, 2),
        F["output_value"]: np.round(revenue * 1.05, 2), F["value_added"]: np.round(revenue * 0.3, 2),
        F["profit"]: np.round(revenue * rng.uniform(-0.05, 0.12, n), 2),
        F["tax_paid"]: np.round(revenue * 0.03, 2), F["rd_expense"]: np.round(revenue * 0.02, 2),
        F["employees"]: np.maximum((revenue / 80).astype(int), 1),
        F["energy_tce"]: np.round(revenue * 0.05, 2), F["electricity"]: np.round(revenue * 0.01, 2),
        F["source"]: ["基准测试"] * n,
    })
    return firms, facts


def _xlsx(frame, sheet: str) -> bytes:
    buffer = io.BytesIO()
    frame.write_excel(buffer, worksheet=sheet)
    return buffer.getvalue()


def _baseline(content: bytes, rows: int) -> float:
    """Per-row update_or_create of the same workbook's first `rows` rows."""
    import polars as pl
    from django.db import transaction

    from qiangshi.enterprises.columns import FACT_COLUMNS
    from qiangshi.enterprises.models import Enterprise, Fact

    start = time.perf_counter()
    sheet = pl.read_excel(io.BytesIO(content), infer_schema_length=0).head(rows)
    header = {label: name for name, label in FACT_COLUMNS.items()}
    with transaction.atomic():
        for record in sheet.rename(header, strict=False).iter_rows(named=True):
            firm = Enterprise.objects.get(uscc=record.pop("uscc"))
            year = int(record.pop("year"))
            defaults = {k: (v or None) for k, v in record.items() if k in {
                f.name for f in Fact._meta.fields}}
            Fact.objects.update_or_create(enterprise=firm, year=year, defaults=defaults)
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="qiangshi-bench-import-") as var_dir:
        _setup_django(var_dir)
        from qiangshi.enterprises.fact_import import fact_import
        from qiangshi.enterprises.models import Fact
        from qiangshi.enterprises.registry_import import enterprise_import

        firms, facts = _workbooks()
        registry = _xlsx(firms, "企业")
        started = time.perf_counter()
        report = enterprise_import(registry, "企业.xlsx")
        assert report.written and not report.errors, report.errors[:3]
        print(f"registry:          {FIRMS} firms imported in {time.perf_counter() - started:.1f} s")

        content = _xlsx(facts, "年度数据")
        print(f"file:              {facts.height} enterprise-year rows, {len(content) / 2**20:.1f} MiB xlsx")
        started = time.perf_counter()
        report = fact_import(content, "年度数据.xlsx")
        platform = time.perf_counter() - started
        assert report.written and not report.errors and report.created == facts.height
        print(f"platform import:   {platform:.1f} s ({facts.height / platform:,.0f} rows/s), "
              f"{report.created} created, {len(report.warnings)} warnings")
        started = time.perf_counter()
        again = fact_import(content, "年度数据.xlsx")
        print(f"re-import:         {time.perf_counter() - started:.1f} s, "
              f"{again.created} created, {again.updated} updated, {again.unchanged} unchanged")

        Fact.objects.all().delete()
        rows = facts.height if "--full-baseline" in sys.argv else BASELINE_ROWS
        measured = _baseline(content, rows)
        scaled = measured * facts.height / rows
        print(f"baseline:          {measured:.1f} s for {rows} rows (update_or_create "
              f"per row) → {scaled:.0f} s for {facts.height} rows")
        ratio = scaled / platform
        print(f"speed-up:          {ratio:.1f}× (target ≥ {TARGET_RATIO:.0f}×)  "
              f"{'PASS' if ratio >= TARGET_RATIO else 'FAIL'}")
        print(f"time:              {platform:.1f} s = {platform / LIMIT_SECONDS:.2f} × limit "
              f"({LIMIT_SECONDS:.0f} s)  {'PASS' if platform < LIMIT_SECONDS else 'FAIL'}")


if __name__ == "__main__":
    main()
