"""Evaluation runs: registry facts → engine.mujun.evaluate.evaluate → stored results, never overwritten.

Method versions live in the database (a packaged method is stored as its version 1 the first
time it is used); every edit is a new version. Each run stores the method version, the
engine version, an input hash and every firm's result.
"""


import polars as pl
from django.db import transaction

from qiangshi.accounts.context import current_actor
from qiangshi.accounts.models import Region
from qiangshi.dataio.documents import DocumentInvalid, located, plain
from qiangshi.dataio.versions import version_next, version_save
from qiangshi.engine.hashing import input_hash
from qiangshi.engine.mujun.document import method_to_dict
from qiangshi.engine.mujun.evaluate import MUJUN_VERSION, evaluate
from qiangshi.engine.mujun.reader import method_problems, parse_method
from qiangshi.engine.mujun.schema import MethodInvalid
from qiangshi.enterprises.selectors import enterprise_ids
from qiangshi.evaluation.models import MethodVersion, Result, Run
from qiangshi.evaluation.tables import history_table, override_table, registry_facts
from qiangshi.jobs.progress import ProgressCallback, no_progress
from qiangshi.reference.documents import method_document, method_names, packaged_method

NOT_A_MAPPING = "方法应为一个映射（name、title、year …）"
# Result columns kept as database columns; everything else the engine returns goes to `detail`.
STORED = {"uscc", "name", "region", "group", "evaluated", "total", "rank", "rank_of", "class",
          "surcharge_kwh", "d_years", "rules", "lift"}


def method_version_get(name: str) -> MethodVersion:
    """The newest stored version of a method; a packaged method is stored on first use."""
    stored = MethodVersion.objects.filter(name=name).order_by("-version").first()
    if stored is not None:
        return stored
    try:
        method = packaged_method(name)
    except MethodInvalid as invalid:
        raise DocumentInvalid(invalid.problems) from None
    content = method_to_dict(method)
    return MethodVersion.objects.create(
        name=name, version=1, title=content["title"], year=content["year"], content=content,
        note="平台内置方法", created_by=current_actor().name)


def method_choices() -> dict[str, str]:
    """name → Chinese title of every method a run can use: each stored method by the title of
    its newest version, then the packaged methods not stored yet."""
    choices = {}
    for version in MethodVersion.objects.order_by("name", "-version"):
        choices.setdefault(version.name, str(version))
    for name in method_names():
        choices.setdefault(name, method_document(name)["title"])
    return choices


@transaction.atomic
def method_save(content: dict, *, based_on: MethodVersion | None, note: str) -> MethodVersion:
    """Store an edited method as the next version of its name (dataio.versions); raises
    DocumentInvalid with every problem of the method and its note, with its line when
    `content` came from dataio.documents.yaml_read."""
    name = content.get("name")
    return version_save(
        MethodVersion, problems=located(method_problems(content), content), note=note,
        name=name, version=version_next(MethodVersion.objects.filter(name=name), "version"),
        title=content.get("title"), year=content.get("year"), content=plain(content),
        based_on=based_on, created_by=current_actor().name)


def evaluate_frame(method: MethodVersion, facts: pl.DataFrame, *, year: int,
                   with_history: bool = True) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    history = history_table(method, year) if with_history else pl.DataFrame(
        schema={"uscc": pl.String, "year": pl.Int32, "class": pl.String})
    overrides = override_table(year)
    # A method names the year it was written for; a run applies it to the run's year.
    engine_method = parse_method({**method.content, "year": year})
    result = evaluate(facts, engine_method, history=history, overrides=overrides)
    return result, history, overrides


def run_create(method: MethodVersion, year: int, *, note: str = "",
               progress: ProgressCallback = no_progress) -> Run:
    """Evaluate every firm with facts for `year` and keep the run. `progress(done, total,
    message)` hears each step; the results are stored in one transaction at the end."""
    progress(0, 3, "读取企业数据")
    facts = registry_facts(year)
    progress(1, 3, f"评价 {facts.height} 家企业")
    result, history, overrides = evaluate_frame(method, facts, year=year)
    progress(2, 3, f"保存 {result.height} 家企业的评价结果")
    # The land each firm was measured by, and its source, stay with its result (计算依据).
    result = result.join(facts.select("uscc", "land_mu", "land_source"), on="uscc", how="left",
                         maintain_order="left")
    with transaction.atomic():
        run = _run_store(method, year, note, facts, result, history, overrides)
    progress(3, 3, f"已完成 {year} 年度评价：{run.firm_count} 家企业")
    return run


def _run_store(method, year, note, facts, result, history, overrides) -> Run:
    run = Run.objects.create(
        method=method, year=year, input_hash=input_hash(
            facts, history, overrides, method=f"{MUJUN_VERSION}|{method.pk}",
            parameters={"method": method.content, "year": year}),
        engine_version=MUJUN_VERSION, firm_count=result.height, note=note,
        computed_by=current_actor().name)
    enterprises = enterprise_ids()
    regions = dict(Region.objects.values_list("code", "pk"))
    detail_columns = [c for c in result.columns if c not in STORED]
    Result.objects.bulk_create([
        Result(run=run, enterprise_id=enterprises.get(row["uscc"]), uscc=row["uscc"],
               name=row["name"] or "", region_id=regions.get(row["region"]),
               group=row["group"] or "", evaluated=row["evaluated"], total=row["total"],
               rank=row["rank"], rank_of=row["rank_of"], klass=row["class"],
               surcharge_kwh=row["surcharge_kwh"], d_years=row["d_years"],
               rules=row["rules"] or [], lift=row["lift"] or "",
               detail={c: row[c] for c in detail_columns})
        for row in result.iter_rows(named=True)
    ], batch_size=2000)
    return run


def runs_compare(before: Run, after: Run) -> pl.DataFrame:
    """Firms whose class differs between two runs, with both totals and ranks."""
    def frame(run):
        rows = run.results.values_list("uscc", "name", "klass", "total", "rank")
        return pl.DataFrame(list(rows), orient="row", schema={
            "uscc": pl.String, "name": pl.String, "class": pl.String, "total": pl.Float64,
            "rank": pl.Int64})

    return (frame(before).join(frame(after), on="uscc", how="full", suffix="_after",
                               coalesce=True)
            .filter(pl.col("class").fill_null("") != pl.col("class_after").fill_null(""))
            .with_columns(pl.coalesce("name", "name_after").alias("name"))
            .sort("uscc"))


def run_frame(run: Run) -> pl.DataFrame:
    """A stored run as the engine's result table (indicator values and scores from detail)."""
    rows = [r["detail"] | {
        "uscc": r["uscc"], "name": r["name"], "region": r["region__code"], "group": r["group"],
        "evaluated": r["evaluated"], "total": r["total"], "rank": r["rank"],
        "rank_of": r["rank_of"], "class": r["klass"], "rules": r["rules"],
        "surcharge_kwh": r["surcharge_kwh"], "d_years": r["d_years"], "lift": r["lift"]}
        for r in run.results.values("detail", "uscc", "name", "region__code", "group",
                                    "evaluated", "total", "rank", "rank_of", "klass", "rules",
                                    "surcharge_kwh", "d_years", "lift")]
    return pl.DataFrame(rows, infer_schema_length=None)
