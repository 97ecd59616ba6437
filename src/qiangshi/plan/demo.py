"""Demo data of the plan module: the Jinan plan, Jinan's published figures where they fit an
indicator, and labelled synthetic figures for the rest (`qiangshi demo load`)."""

from importlib import resources

import polars as pl

from qiangshi.plan.demo_series import demo_observations
from qiangshi.plan.models import Indicator, Observation, Plan
from qiangshi.plan.monitoring import latest_as_of, progress_compute
from qiangshi.plan.observation_import import observation_import
from qiangshi.plan.services import plan_load

PLAN_NAME = "jinan-2023-2025"
PUBLISHED = "jinan_published.csv"


def _packaged(package: str, *parts: str) -> bytes:
    return resources.files(package).joinpath(*parts).read_bytes()


def _synthetic(plan: Plan, published: bytes) -> bytes:
    """Synthetic figures for every (indicator, region, period) that no published figure fills."""
    indicators = pl.DataFrame(list(Indicator.objects.filter(plan=plan).values(
        "code", "kind", "comparator", "target_value", "target_year", "base_year", "frequency",
        "unit")))
    rows = demo_observations(indicators, base_year=plan.base_year, last_year=plan.period_end)
    known = pl.read_csv(published, infer_schema=False).select("指标代码", "地区代码", "期别")
    return rows.join(known, on=["指标代码", "地区代码", "期别"], how="anti").write_csv().encode()


def demo_load(stdout) -> None:
    if not Plan.objects.filter(is_current=True).exists():
        text = _packaged("qiangshi.reference", "plans", f"{PLAN_NAME}.yaml").decode("utf-8")
        plan_load(text)
    plan = Plan.objects.get(is_current=True, code="jinan-industrial-2023-2025")
    published = _packaged("qiangshi.plan", "demo_data", PUBLISHED)
    for content, name, kind in [
        (published, PUBLISHED, Observation.SourceKind.PUBLISHED),
        (_synthetic(plan, published), "demo-synthetic.csv", Observation.SourceKind.DEMO),
    ]:
        report = observation_import(content, name, plan=plan, source_kind=kind)
        if report.errors:
            raise RuntimeError(f"演示数据 {name} 有误：{report.errors[0]}")
        stdout.write(f"演示指标数据 {name}：{report.summary()}")
    as_of = latest_as_of(plan)
    if as_of is not None:
        run = progress_compute(plan, as_of)
        stdout.write(f"进度已计算：截至 {as_of.label}，{run.results.count()} 条结果。")
