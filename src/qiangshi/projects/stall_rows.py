"""The 卡点项目 page's rows: the stall rules over the projects the user may see, filtered by
rule, district, chain and type, each row with its project's link and its latest 督办单."""

import datetime
from dataclasses import dataclass

import polars as pl
from django.db.models import Q

from qiangshi.accounts.scoping import scope_filter
from qiangshi.engine import projects as engine
from qiangshi.projects.models import Project
from qiangshi.projects.selectors import chain_label, chain_labels, dispatch_marks
from qiangshi.projects.services import stall_list

FILTERS = ("rule", "region", "chain", "kind")
KIND_LABELS = dict(Project.Kind.choices)


@dataclass
class Stalls:
    rows: pl.DataFrame  # one row per project and rule, most overdue first
    rule_counts: list[tuple[str, str, int]]  # (rule, label, rows) under the other filters
    chains: list[tuple[str, str]]  # (code, name) of the chains among the user's projects


def stalls_of(*, user, as_of: datetime.date, rule="", region="", chain="", kind="") -> Stalls:
    visible = scope_filter(Project.objects.all(), user=user)
    projects = visible
    if region:
        projects = projects.filter(Q(region__code=region) | Q(zone__code=region))
    if chain:
        projects = projects.filter(chain_code=chain)
    if kind:
        projects = projects.filter(kind=kind)
    found = stall_list(as_of=as_of, projects=projects)
    labels = chain_labels()
    info = pl.DataFrame(list(projects.values_list("pk", "code", "region__name", "kind", "chain_code")),
                        orient="row", schema={"project_id": pl.Int64, "code": pl.String,
                                              "region_name": pl.String, "kind": pl.String,
                                              "chain_code": pl.String})
    marks = dispatch_marks(projects.filter(pk__in=found["project_id"].unique().to_list()))
    dispatched = pl.DataFrame(
        [(pk, d.get_status_display(), d.deadline) for pk, d in marks.items()], orient="row",
        schema={"project_id": pl.Int64, "dispatch_status": pl.String, "dispatch_deadline": pl.Date})
    counted = dict(found.group_by("rule").len().iter_rows())
    if rule:
        found = found.filter(pl.col("rule") == rule)
    rows = (found.join(info, on="project_id", how="left")
            .join(dispatched, on="project_id", how="left")
            .with_columns(pl.col("kind").replace_strict(KIND_LABELS, default=pl.col("kind"))
                          .alias("kind_label"),
                          pl.col("chain_code").replace_strict(labels, default=pl.col("chain_code"))
                          .alias("chain_label"))
            .sort(["days_overdue", "project_id"], descending=[True, False]))
    chains = sorted(set(visible.exclude(chain_code="").values_list("chain_code", flat=True)))
    return Stalls(rows=rows,
                  rule_counts=[(r, label, counted.get(r, 0)) for r, label in engine.RULE_LABELS.items()],
                  chains=[(code, chain_label(code, labels)) for code in chains])


def stall_export(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        pl.col("code").alias("项目编号"), pl.col("name").alias("项目名称"),
        pl.col("rule_label").alias("卡点"), pl.col("stage_label").alias("阶段"),
        pl.col("days_overdue").alias("超期天数"), pl.col("region_name").alias("所在区县"),
        pl.col("kind_label").alias("项目类型"), pl.col("chain_label").alias("产业链"),
        pl.col("unit").alias("责任单位"), pl.col("detail").alias("说明"),
        pl.col("dispatch_status").fill_null("").alias("督办状态"))
