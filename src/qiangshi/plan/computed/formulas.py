"""Indicators computed from the enterprise registry (formula in the plan), for the city, each
district and each zone, every year with facts.

Every value is kept as a ComputedFigure with method version, input hash and firm count. For
indicators the plan marks `source: computed`, the values also become the indicator's figures
(source kind 平台计算, linked to the ComputedFigure), except where an annual figure of a source
that outranks 平台计算 (engine.progress.precedence) holds the place. For reported indicators
they stand next to the official figures, so that a difference in coverage shows rather than
hides.
"""

from dataclasses import dataclass

import polars as pl
from django.db import transaction

from qiangshi.accounts.models import Region
from qiangshi.engine.aggregate import AGGREGATE_VERSION, compute
from qiangshi.engine.classify import CLASSIFY_VERSION
from qiangshi.engine.hashing import input_hash
from qiangshi.engine.periods import ANNUAL
from qiangshi.engine.pipeline import PIPELINE_VERSION, pipeline_figures
from qiangshi.engine.progress import precedence_ranks
from qiangshi.enterprises.selectors import industry_groups_label
from qiangshi.plan.computed.panel import registry_panel
from qiangshi.plan.figures.store import FIGURES, figures_save
from qiangshi.plan.models import ComputedFigure, Indicator, Observation, Plan
from qiangshi.plan.tables import figure_table, indicator_table
from qiangshi.projects.tables import progress_table, project_table, stage_table

SOURCE_LABEL = "企业数据汇总"


@dataclass
class ComputedCounts:
    figures: int = 0
    observations_created: int = 0
    observations_updated: int = 0


def method_version() -> str:
    """The aggregation and classification versions, and the industry lists in force."""
    return f"{AGGREGATE_VERSION}+{PIPELINE_VERSION}+{CLASSIFY_VERSION}+{industry_groups_label()}"


def computed_refresh(plan: Plan) -> ComputedCounts:
    """Recompute every formula of the plan from the registry and store the results."""
    indicators = {i.code: i for i in Indicator.objects.filter(plan=plan, formula__isnull=False)}
    if not indicators:
        return ComputedCounts()
    formulas = {code: i.formula for code, i in indicators.items()
                if i.formula.get("source") != "projects"}
    pipeline = {code: i.formula for code, i in indicators.items()
                if i.formula.get("source") == "projects"}
    panel = registry_panel(plan)
    projects = project_table(city=plan.region.code)
    stages, progress = stage_table(), progress_table()
    result = pl.concat([compute(panel, formulas),
                        pipeline_figures(projects, stages, progress, pipeline)])
    version = method_version()
    digest = input_hash(panel, projects, stages, progress, method=version,
                        parameters={**formulas, **pipeline})
    with transaction.atomic():
        figures = _store(plan, indicators, result, digest, version)
        counts = ComputedCounts(figures=len(figures))
        _observations(plan, indicators, figures, counts)
    return counts


def _store(plan, indicators, result, input_hash, version) -> list[ComputedFigure]:
    regions = dict(Region.objects.values_list("code", "pk"))
    ComputedFigure.objects.filter(indicator__plan=plan).delete()
    return ComputedFigure.objects.bulk_create([
        ComputedFigure(indicator=indicators[code], region_id=regions[region], year=year,
                       value=value, firms=firms, method_version=version,
                       input_hash=input_hash)
        for code, region, year, value, firms in result.iter_rows()
    ], batch_size=2000)


def _observations(plan, indicators, figures, counts) -> None:
    """Computed values of `source: computed` indicators become their figures."""
    own = [f for f in figures if f.indicator.source == Indicator.Source.COMPUTED
           and f.value is not None]
    if not own:
        return
    codes = dict(Region.objects.values_list("pk", "code"))
    table = pl.DataFrame({
        "indicator": [f.indicator.code for f in own],
        "region": [codes[f.region_id] for f in own],
        "year": [f.year for f in own],
        "month": [12] * len(own),
        "period_type": [ANNUAL] * len(own),
        "value": [f.value for f in own],
        "source": [f"{SOURCE_LABEL}：{f.firms} 家企业（{f.method_version}）" for f in own],
        "trace": [f.pk for f in own],
    }, schema=FIGURES).join(_outranking(plan), on=["indicator", "region", "year"], how="anti")
    report = figures_save(plan, table, label=SOURCE_LABEL,
                          source_kind=Observation.SourceKind.COMPUTED)
    counts.observations_created, counts.observations_updated = report.created, report.updated
    # Unchanged figures keep their place but point at this computation's records.
    links = {(f.indicator_id, f.region_id, f.year): f.pk for f in own}
    stored = Observation.objects.filter(indicator__in=indicators.values(),
                                        source_kind=Observation.SourceKind.COMPUTED,
                                        period_type="annual")
    updates = []
    for observation in stored.only("pk", "indicator_id", "region_id", "year"):
        link = links.get((observation.indicator_id, observation.region_id, observation.year))
        if link is not None:
            observation.computed_from_id = link
            updates.append(observation)
    Observation.objects.bulk_update(updates, ["computed_from"], batch_size=1000)


def _outranking(plan: Plan) -> pl.DataFrame:
    """Annual figure keys held by a source that outranks 平台计算 for its indicator (a published
    figure, by default): a computed value would overwrite it in place, so it is not written
    there and stays beside it as a ComputedFigure."""
    computed = precedence_ranks(indicator_table(plan).select("code", "precedence")).filter(
        pl.col("source") == Observation.SourceKind.COMPUTED).select("code", "rank")
    return (figure_table(plan).filter(pl.col("period_type") == ANNUAL)
            .join(computed, on="code", suffix="_computed")
            .filter(pl.col("rank") < pl.col("rank_computed"))
            .select(pl.col("code").alias("indicator"), "region", pl.col("year").cast(pl.Int64)))
