import polars as pl
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from qiangshi.accounts.models import Region
from qiangshi.accounts.scoping import scope_filter
from qiangshi.dataio.documents import DocumentInvalid
from qiangshi.dataio.excel import xlsx_download, xlsx_response
from qiangshi.dataio.tables import upload_import
from qiangshi.enterprises import selectors
from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.industry_groups import (
    GROUP_LABELS,
    groups_current,
    groups_save,
    groups_with_lists,
    industry_classify,
    prefixes,
)
from qiangshi.enterprises.models import FACT_FIELDS, Enterprise, Honour, IndustryGroupsVersion
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.enterprises.templates_xlsx import enterprise_template, fact_template

PAGE_SIZE = 50

SORT_OPTIONS = [("name", "名称"), ("uscc", "代码"), ("industry", "行业"), ("region", "地区"),
                ("size", "规模"), ("updated", "最近更新")]
FILTERS = ("q", "region", "industry", "honour", "size", "above_scale", "sort")
# The facts shown as charts on a firm's page.
CHARTED = ("revenue", "profit", "tax_paid", "rd_expense", "employees", "energy_tce")
# The facts the tier rules need, shown apart (培育指标) so the statistics stay one short table.
CULTIVATION = ("net_profit", "high_tech_revenue", "domestic_rd", "cost_expense", "equity_financing",
               "rd_staff", "tech_staff", "ip_class1", "ip_class1_own", "ip_class1_high_value",
               "ip_class2", "invention_patents", "utility_software", "niche_years", "market_share",
               "market_rank", "digital_level", "valuation", "credit_score")
TEMPLATES = {"enterprises": (enterprise_template, "企业名录导入模板.xlsx"),
             "facts": (fact_template, "企业数据导入模板.xlsx")}
IMPORTERS = {"enterprises": (enterprise_import, "企业名录与荣誉资质"),
             "facts": (fact_import, "企业年度与月度数据")}


@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_list(request):
    filters = {name: request.GET.get(name, "").strip() for name in FILTERS}
    firms = selectors.enterprise_list(user=request.user, **filters)
    if request.GET.get("format") == "xlsx":
        return _export(firms)
    page = Paginator(firms, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "enterprises/list.html", {
        "page": page, "filters": filters, "query": query.urlencode(),
        "regions": scope_filter(Region.objects.exclude(kind="city"), user=request.user),
        "honours": Honour.Kind.choices, "sizes": Enterprise.Size.choices,
        "sort_options": SORT_OPTIONS,
    })


def _export(firms) -> HttpResponse:
    rows = list(firms.values_list("uscc", "name", "region__name", "zone__name", "industry_code",
                                  "size_class", "above_scale", "listing_code", "is_demo"))
    sizes = dict(Enterprise.Size.choices)
    frame = pl.DataFrame(rows, orient="row", schema={
        "统一社会信用代码": pl.String, "企业名称": pl.String, "所在区县": pl.String,
        "所在功能区": pl.String, "行业代码": pl.String, "企业规模": pl.String,
        "规上企业": pl.Boolean, "股票代码": pl.String, "演示数据": pl.Boolean,
    }).with_columns(pl.col("企业规模").replace_strict(sizes, default=""),
                    pl.col("规上企业").replace_strict({True: "是", False: "否"}),
                    pl.col("演示数据").replace_strict({True: "是", False: "否"}))
    return xlsx_response(frame, sheet="企业", filename="企业名录.xlsx")


@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_detail(request, uscc):
    firm = selectors.enterprise_get(user=request.user, uscc=uscc)
    facts = list(firm.facts.order_by("year"))
    chart = {
        "years": [str(f.year) for f in facts],
        "series": [{"name": FACT_FIELDS[name][0],
                    "data": [None if getattr(f, name) is None else float(getattr(f, name))
                             for f in facts]} for name in CHARTED],
    }

    def rows(names):
        return [(FACT_FIELDS[name][0], [getattr(f, name) for f in facts]) for name in names]

    table = rows(name for name in FACT_FIELDS if name not in CULTIVATION)
    tags = industry_classify([firm.industry_code]).row(0, named=True)
    groups = [(label, "是" if tags[key] is True else tags[key])
              for key, label in GROUP_LABELS.items() if tags.get(key)]
    return render(request, "enterprises/detail.html", {
        "firm": firm, "facts": facts, "table": table, "cultivation": rows(CULTIVATION), "chart": chart,
        "honours": firm.honours.all(), "parcels": firm.parcels.all(), "groups": groups,
        # Grades of the evaluation module, when it is installed (it adds the relation).
        "evaluations": getattr(firm, "evaluations", None) and firm.evaluations.select_related(
            "run").order_by("-run__year", "-run__computed_at")[:10],
        "monthly": firm.monthly.order_by("-year", "-month")[:24],
    })


@permission_required("enterprises.add_enterprise", raise_exception=True)
def import_page(request, kind):
    if kind not in IMPORTERS:
        raise Http404("没有这种导入")
    importer, label = IMPORTERS[kind]
    return render(request, "enterprises/import.html", {
        "kind": kind, "label": label, "report": upload_import(request, importer)})


@permission_required("enterprises.view_enterprise", raise_exception=True)
def template_download(request, kind):
    if kind not in TEMPLATES:
        raise Http404("没有这种模板")
    content, name = TEMPLATES[kind]
    return xlsx_download(content(), filename=name)


def _list_rows(groups: dict) -> list[dict]:
    """The editable lists: key, name, include and exclude as text."""
    rows = [{"key": key, "name": groups[key]["name"], "status": groups[key].get("status", ""),
             "include": " ".join(groups[key].get("include", [])),
             "exclude": " ".join(groups[key].get("exclude", [])),
             "union_of": groups[key].get("union_of", [])}
            for key in ("equipment_manufacturing", "advanced_manufacturing")]
    rows += [{"key": f"pillar:{g['name']}", "name": f"主导支柱产业：{g['name']}",
              "status": groups["pillars"].get("status", ""),
              "include": " ".join(g.get("include", [])), "exclude": " ".join(g.get("exclude", [])),
              "union_of": []} for g in groups["pillars"]["groups"]]
    return rows


@permission_required("enterprises.view_enterprise", raise_exception=True)
def industry_groups_page(request):
    groups, label = groups_current()
    problems = []
    if request.method == "POST":
        if not request.user.has_perm("enterprises.add_industrygroupsversion"):
            raise PermissionDenied("只有市工信局分析员可以修改产业口径")
        lists = {row["key"]: (prefixes(request.POST.get(f"include-{row['key']}", "")),
                              prefixes(request.POST.get(f"exclude-{row['key']}", "")))
                 for row in _list_rows(groups)}
        try:
            version = groups_save(groups_with_lists(groups, lists),
                                  note=request.POST.get("note", ""), user=request.user)
        except DocumentInvalid as invalid:
            problems = invalid.messages
        else:
            messages.success(request, f"产业口径已保存为第 {version.number} 版；企业汇总将按新口径重新计算。")
            return redirect("enterprises:industry_groups")
    return render(request, "enterprises/industry_groups.html", {
        "label": label, "rows": _list_rows(groups), "problems": problems,
        "history": IndustryGroupsVersion.objects.all()[:50],
        "can_edit": request.user.has_perm("enterprises.add_industrygroupsversion"),
    })
