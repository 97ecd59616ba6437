
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qiangshi.accounts.models import Region, Unit
from qiangshi.cultivation import pool_selectors as selectors
from qiangshi.cultivation.models import PoolMember, SupportMeasure
from qiangshi.cultivation.pool_services import (
    PoolRefused,
    intake_allowed,
    measure_record,
    member_change_allowed,
    member_exit,
    pool_intake,
)
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine import doubling
from qiangshi.params import ID_MAX, YEAR_MAX, YEAR_MIN, date_of, integer, year_param

PAGE_SIZE = 50
ALL_YEARS = "all"


@permission_required("cultivation.view_poolmember", raise_exception=True)
def pool_page(request):
    filters = {name: request.GET.get(name, "").strip() for name in selectors.FILTERS}
    visible = selectors.member_list(user=request.user)
    latest = visible.aggregate(year=Max("intake_year"))["year"] or timezone.localdate().year
    if filters["year"] != ALL_YEARS:
        filters["year"] = str(year_param(request.GET, "year", latest))
    members = selectors.member_list(user=request.user, **filters)
    table = selectors.member_table(members)
    if request.GET.get("format") == "xlsx":
        year = filters["year"] if filters["year"].isdigit() else ""
        return xlsx_response(selectors.export_frame(table), sheet="倍增培育库",
                             filename=f"倍增培育库{year}.xlsx")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    years = sorted({*visible.order_by().values_list("intake_year", flat=True).distinct(),
                    timezone.localdate().year}, reverse=True)
    return render(request, "cultivation/pool.html", {
        "page": Paginator(table.to_dicts(), PAGE_SIZE).get_page(request.GET.get("page")),
        "filters": filters, "query": query.urlencode(), "years": years, "all_years": ALL_YEARS,
        "levels": PoolMember.Level.choices, "statuses": PoolMember.Status.choices,
        "level_labels": dict(PoolMember.Level.choices),
        "status_labels": dict(PoolMember.Status.choices),
        "regions": selectors.selecting_regions(user=request.user),
        "quotas": selectors.quota_table(user=request.user, year=int(filters["year"]))
        if filters["year"].isdigit() else None,
        "chart": selectors.progress_chart(table),
        "progress_labels": doubling.STATUS_LABELS,
        "target_years": selectors.DOUBLING_TARGET_YEARS,
        "required_growth": doubling.required_growth(selectors.DOUBLING_TARGET_YEARS),
        "can_select": request.user.has_perm("cultivation.add_poolmember"),
    })


def _weights(params) -> tuple[dict[str, float], str]:
    """The weights of the request (w_growth …), or the defaults with the reason they were not
    usable."""
    given = {part: params.get(f"w_{part}", "").strip() for part in doubling.PARTS}
    if not any(given.values()):
        return dict(doubling.DEFAULT_WEIGHTS), ""
    try:
        return doubling.weights_checked({p: float(v or 0) for p, v in given.items()}), ""
    except ValueError as error:
        return dict(doubling.DEFAULT_WEIGHTS), f"权重有误（{error}），已按平台默认权重计算。"


def _selection(request, params) -> dict:
    """Level, region and year of a selection, limited to what the user may look at."""
    today = timezone.localdate()
    year = year_param(params, "year", today.year)
    regions = list(selectors.selecting_regions(user=request.user))
    districts = [r for r in regions if r.kind != Region.Kind.CITY]
    city = next((r for r in regions if r.kind == Region.Kind.CITY), None)
    default_level = PoolMember.Level.CITY if city else PoolMember.Level.DISTRICT
    level = params.get("level") if params.get("level") in PoolMember.Level.values \
        else default_level
    if level == PoolMember.Level.CITY:
        region = city
    else:
        region = next((r for r in districts if r.code == params.get("region")),
                      districts[0] if districts else None)
    return {"year": year, "level": level, "region": region, "districts": districts,
            "city": city}


@permission_required("cultivation.view_poolmember", raise_exception=True)
def candidates_page(request):
    if request.method == "POST":
        return _intake(request)
    selection = _selection(request, request.GET)
    weights, weight_problem = _weights(request.GET)
    page = None
    if selection["region"] is not None:
        ranking = selectors.candidate_ranking(
            user=request.user, year=selection["year"], level=selection["level"],
            region=selection["region"], weights=weights)
        page = Paginator(ranking.to_dicts(), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cultivation/candidates.html", {
        **selection, "page": page, "query": query.urlencode(),
        "weights": [(p, doubling.PART_LABELS[p], weights[p], doubling.DEFAULT_WEIGHTS[p])
                    for p in doubling.PARTS],
        "weight_problem": weight_problem, "part_labels": doubling.PART_LABELS,
        "levels": PoolMember.Level.choices, "willingness": PoolMember.Willingness.choices,
        "quota": selectors.YEARLY_QUOTA[selection["level"]],
        "honour_bonus": doubling.HONOUR_BONUS, "honour_cap": doubling.HONOUR_BONUS_CAP,
        "active_stages": "、".join(selectors.stage_labels().values()),
        "can_add": selection["region"] is not None and intake_allowed(
            request.user, level=selection["level"], region=selection["region"]),
    })


def _intake(request):
    selection = _selection(request, request.POST)
    region, level, year = selection["region"], selection["level"], selection["year"]
    if region is None or not intake_allowed(request.user, level=level, region=region):
        raise PermissionDenied("无权为该层级或地区遴选入库企业")
    back = QueryDict(mutable=True)
    back.update({"year": year, "level": level, "region": region.code})
    for part in doubling.PARTS:
        back[f"w_{part}"] = request.POST.get(f"w_{part}", "")
    chosen = [pk for pk in (integer(text, low=1, high=ID_MAX) for text in request.POST.getlist("enterprise"))
              if pk is not None]
    willingness = {pk: request.POST.get(f"willingness-{pk}", "") for pk in chosen}
    weights, weight_problem = _weights(request.POST)
    try:
        if weight_problem:
            raise PoolRefused(weight_problem)
        if any(not value for value in willingness.values()):
            raise PoolRefused("请为每家所选企业填写倍增意愿")
        made = pool_intake(level=level, region=region, year=year, willingness=willingness,
                           weights=weights, user=request.user)
    except PoolRefused as error:
        messages.error(request, f"未能入库：{error}")
        return redirect(f"{reverse('cultivation:candidates')}?{back.urlencode()}")
    messages.success(request, f"已将 {len(made)} 家企业纳入{PoolMember.Level(level).label}倍增培育库"
                              f"（{year}年）。")
    pool = QueryDict(mutable=True)
    pool.update({"year": year, "level": level, "region": region.code})
    return redirect(f"{reverse('cultivation:pool')}?{pool.urlencode()}")


@permission_required("cultivation.view_poolmember", raise_exception=True)
def member_page(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    progress = {row["measure"]: row for row in selectors.member_progress(
        PoolMember.objects.filter(pk=member.pk)).to_dicts()}
    years = selectors.member_years(member)
    return render(request, "cultivation/member.html", {
        "member": member,
        # In the method's order: PostgreSQL's jsonb keeps keys in its own order.
        "weights": [(label, (member.score_weights or {})[part])
                    for part, label in doubling.PART_LABELS.items()
                    if part in (member.score_weights or {})],
        "basis": [("方法版本", member.score_method_version), ("输入数据指纹", member.score_input_hash)]
        if member.score_method_version else [],
        "progress": [(doubling.MEASURE_LABELS[m], progress[m]) for m in doubling.MEASURES],
        "progress_labels": doubling.STATUS_LABELS,
        "chart": selectors.member_chart(years, member),
        "years": years.filter("reported").to_dicts(),
        "measures": member.measures.select_related("unit"),
        "kinds": SupportMeasure.Kind.choices,
        "units": Unit.objects.exclude(kind=Unit.Kind.COLLECTIVE),
        "can_record": request.user.has_perm("cultivation.add_supportmeasure"),
        "can_exit": member.status != PoolMember.Status.EXITED
        and member_change_allowed(request.user, member),
        "target_years": selectors.DOUBLING_TARGET_YEARS,
        "required_growth": doubling.required_growth(selectors.DOUBLING_TARGET_YEARS),
        "today": timezone.localdate(),
    })


@require_POST
@permission_required("cultivation.add_supportmeasure", raise_exception=True)
def measure_new(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    on = date_of(request.POST.get("on"))
    if on is None:
        messages.error(request, f"未能记录：日期格式应为 YYYY-MM-DD，且在 {YEAR_MIN} 至 {YEAR_MAX} 年之间")
        return redirect("cultivation:member", pk=pk)
    try:
        measure_record(member, on=on, kind=request.POST.get("kind", ""),
                       text=request.POST.get("text", ""),
                       unit=Unit.objects.filter(code=request.POST.get("unit", "")).first(),
                       amount=request.POST.get("amount", "").strip())
        messages.success(request, "扶持措施已记录。")
    except PoolRefused as error:
        messages.error(request, f"未能记录：{error}")
    return redirect("cultivation:member", pk=pk)


@require_POST
@permission_required("cultivation.change_poolmember", raise_exception=True)
def member_exit_page(request, pk):
    member = selectors.member_get(user=request.user, pk=pk)
    if not member_change_allowed(request.user, member):
        raise PermissionDenied("无权变更该企业的入库状态")
    try:
        member_exit(member, note=request.POST.get("note", ""))
        messages.success(request, "已退出培育库。")
    except PoolRefused as error:
        messages.error(request, f"未能退出：{error}")
    return redirect("cultivation:member", pk=pk)
