"""Reads for the evaluation pages, scoped through the one scoping selector."""

from django.db.models import Count
from django.utils import timezone

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.evaluation.models import Appeal, Result, Run
from qiangshi.evaluation.tables import LAND_REGISTRY, LAND_YEARLY

CLASSES = ["A", "B", "C", "D", "T"]


def results(*, user, run: Run, group="", klass="", region="", industry=""):
    rows = scope_filter(Result.objects.filter(run=run), user=user).select_related("region")
    if group:
        rows = rows.filter(group=group)
    if klass:
        rows = rows.filter(klass=klass)
    if region:
        rows = rows.filter(region__code=region)
    if industry:
        rows = rows.filter(enterprise__industry_code__startswith=industry)
    return rows.order_by("-evaluated", "group", "rank", "uscc")


def distribution(*, user, run: Run) -> dict:
    """Class counts per group, and per region, for the charts and the region comparison."""
    rows = scope_filter(Result.objects.filter(run=run), user=user)
    by_group: dict[str, dict[str, int]] = {}
    for group, klass, n in rows.values_list("group", "klass").annotate(n=Count("pk")).order_by():
        by_group.setdefault(group or "未参评", dict.fromkeys(CLASSES, 0))[klass] = n
    by_region: dict[str, dict[str, int]] = {}
    for region, klass, n in rows.values_list("region__name", "klass").annotate(
            n=Count("pk")).order_by():
        by_region.setdefault(region or "—", dict.fromkeys(CLASSES, 0))[klass] = n
    return {"by_group": by_group, "by_region": dict(sorted(by_region.items()))}


def result_get(*, user, pk: int) -> Result:
    return scoped_get_or_404(Result.objects.select_related("run", "run__method", "region",
                                                           "enterprise"), user=user, pk=pk)


def grade_history(*, user, result: Result):
    """The firm's grade in the newest run of every year."""
    latest = {}
    for row in scope_filter(Result.objects.filter(uscc=result.uscc), user=user).select_related(
            "run", "run__method").order_by("run__computed_at"):
        latest[row.run.year] = row
    return [latest[year] for year in sorted(latest)]


def appeals(*, user, status=""):
    rows = scope_filter(Appeal.objects.select_related("result", "result__run",
                                                      "result__run__method", "decided_by"),
                        user=user)
    return rows.filter(status=status) if status else rows


def firm_year_appeals(*, user, result: Result):
    """The firm's appeals against any run of the result's year: a run made after an appeal
    was decided shows that appeal and its decision too."""
    return appeals(user=user).filter(result__uscc=result.uscc, result__run__year=result.run.year)


#: Why a fingerprint is worth showing.
BASIS_NOTE = "同一方法版本与相同输入数据得到相同的指纹和结果；数据或方法改动后重新评价，指纹随之改变。"


def run_basis(run: Run) -> list[tuple[str, str]]:
    """A run's method, program version, input fingerprint and computation, for 计算依据."""
    method = run.method
    return [("评价方法", f"{method.title}（第 {method.version} 版，"
                         f"{timezone.localtime(method.created_at):%Y-%m-%d} {method.created_by}）"),
            ("计算程序版本", run.engine_version), ("输入数据指纹", run.input_hash),
            ("计算", f"{timezone.localtime(run.computed_at):%Y-%m-%d %H:%M} {run.computed_by}")]


def land_basis(result: Result) -> list[tuple[str, str]]:
    """The land the firm's 亩均 figures were divided by and where it came from, for 计算依据;
    nothing for a result stored before runs kept it."""
    if "land_source" not in result.detail:
        return []
    land, source = result.detail.get("land_mu"), result.detail["land_source"]
    if source == LAND_YEARLY:
        return [("用地面积", f"{land:,.2f} 亩（{result.run.year} 年度核定用地面积）")]
    if source == LAND_REGISTRY:
        return [("用地面积", f"{land:,.2f} 亩（企业名录登记的用地面积；该年度未填核定用地面积）")]
    return [("用地面积", "无（企业名录与该年度数据均未填用地面积）")]
