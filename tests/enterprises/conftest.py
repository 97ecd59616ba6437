import io

import polars as pl
import pytest

from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEETS,
    FACT_COLUMNS,
    FACT_SHEETS,
    HONOUR_COLUMNS,
)
from qiangshi.enterprises.registry_import import enterprise_import

HUAWEI = "914403001922038216"      # valid, from a real registration
TENCENT = "9144030071526726XG"     # valid; organisation-code check X
BAD_CHECK = "914403001922038217"   # last character should be 6


def workbook(sheets: dict[str, tuple[dict, list[dict]]]) -> bytes:
    """{sheet: (columns, rows as {field: text})} → .xlsx bytes with the template headers."""
    import xlsxwriter

    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer) as book:
        for name, (columns, rows) in sheets.items():
            frame = pl.DataFrame({header: [r.get(field, "") for r in rows]
                                  for field, header in columns.items()},
                                 schema=dict.fromkeys(columns.values(), pl.String))
            frame.write_excel(book, worksheet=name)
    return buffer.getvalue()


def firm(uscc=HUAWEI, **fields) -> dict:
    return {"uscc": uscc, "name": f"企业{uscc[-4:]}", "region": "370112", "industry_code": "3911",
            "above_scale": "是", **fields}


def fact(uscc=HUAWEI, year="2024", **fields) -> dict:
    return {"uscc": uscc, "year": year, "revenue": "52000", "profit": "3100", "employees": "420",
            **fields}


def enterprises_file(firms, honours=()) -> bytes:
    sheets = {ENTERPRISE_SHEETS["enterprises"]: (ENTERPRISE_COLUMNS, list(firms))}
    if honours:
        sheets[ENTERPRISE_SHEETS["honours"]] = (HONOUR_COLUMNS, list(honours))
    return workbook(sheets)


def facts_file(facts) -> bytes:
    return workbook({FACT_SHEETS["facts"]: (FACT_COLUMNS, list(facts))})


@pytest.fixture
def registry(reference):
    report = enterprise_import(enterprises_file([firm(), firm(TENCENT, region="历下区")]),
                               "企业.xlsx")
    assert report.errors == [] and report.written, report.errors
    return report
