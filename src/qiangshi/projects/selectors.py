"""Reads for the project pages, every one through the scoping selector."""


import polars as pl
from django.db.models import Count, Min, Q, Sum

from qiangshi.accounts.scoping import scope_filter
from qiangshi.engine import projects as engine
from qiangshi.projects.models import Dispatch, Project
from qiangshi.projects.services import stall_list

# 督办单 lists by what is to be done: answered by the unit (待回复, including an escalated
# order), decided by the analyst (已回复, 待办结), or past its deadline and still open.
DISPATCH_OPEN = (Dispatch.Status.OPEN, Dispatch.Status.ESCALATED)
DISPATCH_SHOWS = {"open": "待回复", "answered": "待办结", "overdue": "逾期未办"}

FILTERS = ("q", "stage", "region", "kind", "major")


def project_list(*, user, q="", stage="", region="", kind="", major=""):
    projects = scope_filter(Project.objects.select_related("region", "zone", "unit"), user=user)
    if q:
        projects = projects.filter(Q(name__icontains=q) | Q(code__icontains=q)
                                   | Q(owner__name__icontains=q) | Q(owner_name__icontains=q))
    if stage:
        projects = projects.filter(stage=stage)
    if region:
        projects = projects.filter(Q(region__code=region) | Q(zone__code=region))
    if kind:
        projects = projects.filter(kind=kind)
    if major == "1":
        projects = projects.filter(major=True)
    return projects.order_by("code")


def district_table(projects) -> list[dict]:
    """Project count and planned investment per district and stage, for the 分区县 table."""
    rows = (projects.order_by().values("region__name", "region__sort_order", "stage")
            .annotate(n=Count("pk"), invested=Sum("planned_investment")))
    if not rows:
        return []
    frame = pl.DataFrame(list(rows), schema={
        "region__name": pl.String, "region__sort_order": pl.Int64, "stage": pl.String,
        "n": pl.Int64, "invested": pl.Float64})
    wide = (frame.pivot("stage", index=["region__sort_order", "region__name"], values="n",
                        aggregate_function="sum")
            .join(frame.group_by("region__name").agg(pl.col("n").sum().alias("total"),
                                                     pl.col("invested").sum().alias("invested")),
                  on="region__name")
            .sort("region__sort_order", "region__name"))
    return [{"region": row["region__name"], "total": row["total"], "invested": row["invested"],
             "stages": [row.get(stage) or 0 for stage in engine.STAGES]}
            for row in wide.to_dicts()]


def export_frame(projects) -> pl.DataFrame:
    rows = list(projects.values_list("code", "name", "owner__name", "owner_name", "region__name",
                                     "zone__name", "chain_code", "chain_node", "kind", "stage",
                                     "planned_investment", "major", "unit__name", "is_demo"))
    yes_no = {True: "是", False: "否"}
    return pl.DataFrame(rows, orient="row", schema={
        "项目编号": pl.String, "项目名称": pl.String, "业主企业": pl.String, "业主名称": pl.String,
        "所在区县": pl.String, "所在功能区": pl.String, "产业链": pl.String, "产业链环节": pl.String,
        "项目类型": pl.String, "当前阶段": pl.String,
        "计划总投资（万元）": pl.Decimal(16, 2), "省市重大项目": pl.Boolean, "责任单位": pl.String,
        "演示数据": pl.Boolean,
    }).with_columns(
        pl.coalesce("业主企业", "业主名称").alias("业主企业"),
        pl.col("产业链").replace_strict(chain_labels(), default=pl.col("产业链")),
        pl.col("项目类型").replace_strict(dict(Project.Kind.choices), default=""),
        pl.col("当前阶段").replace_strict(engine.STAGE_LABELS, default=pl.col("当前阶段")),
        pl.col("计划总投资（万元）").cast(pl.Float64),
        pl.col("省市重大项目").replace_strict(yes_no), pl.col("演示数据").replace_strict(yes_no),
    ).drop("业主名称")


def investment_chart(project: Project) -> dict | None:
    """Monthly and cumulative investment against the planned total, for the project page."""
    months = pl.DataFrame(list(project.progress.order_by("year", "month")
                               .values_list("year", "month", "invested_month")),
                          orient="row", schema={"year": pl.Int32, "month": pl.Int32,
                                                "invested": pl.Decimal(16, 2)})
    if months.is_empty():
        return None
    # A month not reported stays a gap in the bars; the cumulative line carries on through it.
    months = months.with_columns(pl.col("invested").cast(pl.Float64)).with_columns(
        pl.col("invested").fill_null(0.0).cum_sum().alias("cumulative"),
        pl.format("{}-{}", "year", pl.col("month").cast(pl.String).str.zfill(2)).alias("label"))
    planned = project.planned_investment
    return {"months": months["label"].to_list(), "monthly": months["invested"].to_list(),
            "cumulative": months["cumulative"].round(2).to_list(),
            "planned": float(planned) if planned is not None else None}


def project_visible(*, user, code: str) -> Project | None:
    """The project of `code` if `user` may read it (other apps link to a project by code); a
    user of None (the command line) reads every project."""
    projects = Project.objects.all() if user is None else scope_filter(Project.objects.all(), user=user)
    return projects.filter(code=code).first()


def chain_project_codes(chain: str) -> list[str]:
    """The codes of the projects carrying `chain`, by code."""
    return list(Project.objects.filter(chain_code=chain).order_by("code").values_list("code", flat=True))


def projects_exist() -> bool:
    return Project.objects.exists()


def dispatches(*, user, show: str = "", today=None):
    rows = scope_filter(Dispatch.objects.select_related("project", "unit"), user=user)
    if show == "open":
        return rows.filter(status__in=DISPATCH_OPEN)
    if show == "answered":
        return rows.filter(status=Dispatch.Status.ANSWERED)
    if show == "overdue":
        return rows.filter(status__in=DISPATCH_OPEN, deadline__lt=today)
    return rows


def dispatch_todo(*, user, show: str, today) -> tuple[int, object]:
    """(count, earliest deadline) of the orders in `show` the user may see: the inbox's item."""
    found = dispatches(user=user, show=show, today=today).order_by().aggregate(
        n=Count("pk"), first=Min("deadline"))
    return found["n"], found["first"]


def dispatch_marks(projects) -> dict[int, Dispatch]:
    """The latest 督办单 of each project in `projects`, for marking its stall rows."""
    latest: dict[int, Dispatch] = {}
    for dispatch in Dispatch.objects.filter(project__in=projects).order_by("project_id", "issued_at",
                                                                             "pk"):
        latest[dispatch.project_id] = dispatch
    return latest


def chain_labels() -> dict[str, str]:
    """Chain code → the chain's name, for what projects store by code; a code no chain map
    names is shown as it was imported (see `chain_label`)."""
    # chains reads projects for its pages: imported here so neither app imports the other at load.
    from qiangshi.chains.selectors import chain_names

    return chain_names()


def chain_label(code: str, labels: dict[str, str] | None = None) -> str:
    return (chain_labels() if labels is None else labels).get(code, code)


def chain_projects(*, user, chain: str, node: str = ""):
    """The projects of one industrial chain (and of its `node`, if given) the user may see, for
    the chain's pages."""
    projects = Project.objects.filter(chain_code=chain).select_related("region")
    if node:
        projects = projects.filter(chain_node=node)
    return scope_filter(projects, user=user).order_by("code")


def stall_labels(projects, *, as_of) -> dict[int, list[str]]:
    """Project id → the stall rules (卡点) it trips on `as_of`, for marking its row elsewhere."""
    found = stall_list(as_of=as_of, projects=projects)
    return dict(found.group_by("project_id").agg(pl.col("rule_label").sort()).iter_rows())


# Every stage a project row can carry, named: the pipeline's stages and 已登记 before them.
STAGE_NAMES = {**engine.STAGE_LABELS, engine.REGISTERED: engine.REGISTERED_LABEL}
