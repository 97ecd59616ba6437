"""Score items settled by a person, imported from a sheet (e.g. the 高企 expert scores or the
特色化 items of many firms at once): one row per firm and item with the points and evidence,
checked like an entry on the firm's page (tier_services.tier_entry_add) and written as new
entries, the earlier ones kept as history. 起始日期 (default the day of the import) and
截止日期 (optional) bound the days an entry holds, as on the page."""

import polars as pl
from django.utils import timezone

from qiangshi.accounts.audit import audit_changes
from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import AuditEvent
from qiangshi.cultivation.models import TierItemEntry
from qiangshi.cultivation.tier_services import entry_items
from qiangshi.dataio.cells import with_uscc_check
from qiangshi.dataio.runner import import_write
from qiangshi.dataio.tables import ImportReport, file_import
from qiangshi.dataio.validation import (
    Check,
    apply_checks,
    date,
    filled,
    number,
    number_check,
    sheet_rows,
    unknown_headers,
)
from qiangshi.engine.tier_rules import TierRule
from qiangshi.enterprises.selectors import enterprise_ids, visible_firms_expr

COLUMNS = {"uscc": "统一社会信用代码", "name": "企业名称", "tier": "梯队", "item": "评分项", "points": "得分",
           "evidence": "依据", "evidence_ref": "证明材料", "valid_from": "起始日期",
           "valid_until": "截止日期"}
REQUIRED = ("uscc", "tier", "item", "points", "evidence")


def _items(rules: list[TierRule]) -> pl.DataFrame:
    """Every item a person may settle, by the names a sheet gives (梯队 and 评分项 as the pages
    show them), with its range and options."""
    rows = [(rule.name, item.label, rule.tier, item.key, item.max, [p for p, _ in item.options])
            for rule, item in entry_items(rules)]
    return pl.DataFrame(rows, orient="row", schema={
        "tier": pl.String, "item": pl.String, "tier_key": pl.String, "item_key": pl.String,
        "max": pl.Float64, "options": pl.List(pl.Float64)})


def tier_entry_import(content: bytes, filename: str, **options) -> ImportReport:
    return file_import(tier_entry_sheets_save, content, filename, **options)


def tier_entry_sheets_save(sheets: dict[str, pl.DataFrame], *, label: str, digest: str,
                           rules: list[TierRule], user=None, valid_only: bool = False,
                           dry_run: bool = False) -> ImportReport:
    """Check every row (firm registered and in the user's scope, item one a person settles,
    points within its range or options, evidence given) and write the valid ones."""
    report = ImportReport(warnings=unknown_headers(sheets, COLUMNS))
    rows, report.errors = sheet_rows(sheets, COLUMNS, required=REQUIRED)
    report.rows = rows.height
    rows = with_uscc_check(rows)
    ids = enterprise_ids(rows["uscc_code"].drop_nulls().unique().to_list())
    rows = (rows.with_columns(pl.col("uscc_code").replace_strict(ids, default=None, return_dtype=pl.Int64)
                              .alias("enterprise_id"), number("points").alias("points_value"),
                              date("valid_from").alias("from_date"), date("valid_until").alias("until_date"))
            .join(_items(rules), on=["tier", "item"], how="left"))
    points, known = pl.col("points_value"), pl.col("points_value").is_not_null()
    visible = visible_firms_expr(user=user) if user is not None else pl.lit(True)
    checks = [
        Check(COLUMNS["uscc"], "uscc", None, pl.col("uscc_reason").is_not_null(), "uscc_reason"),
        Check(COLUMNS["uscc"], "uscc", "未登记的企业",
              pl.col("uscc_reason").is_null() & pl.col("enterprise_id").is_null()),
        Check(COLUMNS["uscc"], "uscc", "超出您的数据范围",
              pl.col("enterprise_id").is_not_null() & ~visible.fill_null(False)),
        Check(COLUMNS["item"], "item", "不是需人工录入的评分项（梯队、评分项请按页面所列名称填写）",
              pl.col("item_key").is_null()),
        number_check(COLUMNS["points"], "points", "points_value"),
        Check(COLUMNS["points"], "points", "得分超出该项 0 至满分的范围",
              known & pl.col("max").is_not_null() & ((points < 0) | (points > pl.col("max")))),
        Check(COLUMNS["points"], "points", "得分不是该项所列档位之一",
              known & (pl.col("options").list.len() > 0) & ~pl.col("options").list.contains(points)),
        Check(COLUMNS["evidence"], "evidence", "请写明依据", pl.col("evidence").fill_null("") == ""),
        *[Check(COLUMNS[column], column, "无法识别的日期（如 2025-01-01）",
                filled(column) & pl.col(parsed).is_null())
          for column, parsed in (("valid_from", "from_date"), ("valid_until", "until_date"))],
        Check(COLUMNS["valid_until"], "valid_until", "截止日期早于起始日期",
              (pl.col("until_date") < pl.col("from_date").fill_null(timezone.localdate())).fill_null(False)),
    ]
    valid, errors = apply_checks(rows, checks)
    report.errors = sorted(report.errors + errors, key=lambda e: (e.sheet, e.row))

    fields = ("enterprise_id", "tier_key", "item_key", "points_value", "evidence", "evidence_ref",
              "from_date", "until_date")

    def write() -> tuple[int, int]:
        actor, today = current_actor(), timezone.localdate()
        created = TierItemEntry.objects.bulk_create([
            TierItemEntry(enterprise_id=firm, tier=tier, item=item, points=value, evidence=evidence,
                          evidence_ref=(ref or "")[:200], valid_from=start or today, valid_until=end,
                          entered_by=actor.user, entered_by_name=actor.name)
            for firm, tier, item, value, evidence, ref, start, end in valid.select(fields).iter_rows()])
        # bulk_create bypasses the audit signals: one entry per row, as a save would write.
        audit_changes(TierItemEntry, ((e.pk, e, {"points": [None, e.points], "evidence": [None, e.evidence],
                                                 "valid_from": [None, e.valid_from],
                                                 "valid_until": [None, e.valid_until],
                                                 "source": [None, label]}) for e in created),
                      action=AuditEvent.Action.CREATE)
        return len(created), 0

    return import_write(report, write, valid_rows=valid.height, dry_run=dry_run, valid_only=valid_only)
