"""The synthetic Jinan enterprise registry for `qiangshi demo load` and `demo generate`."""

from pathlib import Path

from qiangshi.dataio.excel import xlsx_workbook
from qiangshi.enterprises.columns import ENTERPRISE_SHEETS, FACT_SHEETS
from qiangshi.enterprises.demo_generate import generate
from qiangshi.enterprises.fact_import import fact_sheets_import
from qiangshi.enterprises.models import Enterprise
from qiangshi.enterprises.registry_import import enterprise_sheets_import

DEFAULT_SEED = 2025
DEFAULT_FIRMS = 10_000
ABOVE_SCALE_SHARE = 0.3


def demo_tables(*, seed: int, firms: int) -> dict:
    return generate(seed=seed, firms=firms, above_scale=max(1, round(firms * ABOVE_SCALE_SHARE)))


def demo_files_write(tables: dict, folder: Path) -> list[Path]:
    """The generated registry as the two import workbooks, for a person to open or import."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, sheets in (("企业名录.xlsx", ENTERPRISE_SHEETS), ("企业数据.xlsx", FACT_SHEETS)):
        path = folder / name
        path.write_bytes(xlsx_workbook({title: tables[title] for title in sheets.values()
                                        if title in tables}))
        written.append(path)
    return written


def demo_registry_load(tables: dict, stdout) -> None:
    registry = {title: tables[title] for title in ENTERPRISE_SHEETS.values() if title in tables}
    report = enterprise_sheets_import(registry, label="演示企业名录", digest="", is_demo=True)
    stdout.write(f"演示企业名录：{report.summary()}")
    facts = {title: tables[title] for title in FACT_SHEETS.values() if title in tables}
    report = fact_sheets_import(facts, label="演示企业数据", digest="", is_demo=True)
    stdout.write(f"演示企业数据：{report.summary()}")
    if report.errors:
        raise RuntimeError(f"演示企业数据有误：{report.errors[0]}")


def demo_load(stdout, *, seed: int = DEFAULT_SEED, firms: int = DEFAULT_FIRMS, **_) -> None:
    if Enterprise.objects.filter(is_demo=True).exists():
        stdout.write("演示企业已存在，未重复生成。")
        return
    demo_registry_load(demo_tables(seed=seed, firms=firms), stdout)
