import polars as pl
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from qiangshi import __version__
from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_filter, scope_key
from qiangshi.accounts.selectors import default_region
from qiangshi.cockpit.selectors import STATUS_ORDER, cockpit_overview
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.engine.progress import STATUS_LABELS
from qiangshi.params import choice_param
from qiangshi.plan.monitoring import AsOf, latest_as_of
from qiangshi.plan.selectors import NOT_COMPUTED, plan_current, progress_latest

BOARD_SECONDS = 600


def _as_of(request, plan) -> AsOf | None:
    text = request.GET.get("as_of", "")
    if text:
        try:
            period = parse_period(text)
            return AsOf(period.year, period.month)
        except PeriodError:
            pass
    return latest_as_of(plan)


def _known_code(params, name: str, rows) -> str:
    """The code asked for if a row has it, else "" (no filter); no query when none is asked."""
    code = params.get(name, "")
    return code if code and rows.filter(code=code).exists() else ""


def _filters(request, plan):
    regions = scope_filter(Region.objects.all(), user=request.user)
    region = request.GET.get("region") or default_region(request.user)
    if not regions.filter(code=region).exists():
        region = default_region(request.user)
    return {
        "region_code": region,
        # Only codes that exist: the filters name the cached board, and a free text would
        # make a new cache entry (and a key memcached refuses) for every junk value.
        "category": _known_code(request.GET, "category", plan.categories.all()),
        "unit_code": _known_code(request.GET, "unit", Unit.objects.all()),
        "status": choice_param(request.GET, "status", STATUS_LABELS),
    }, regions


@permission_required("plan.view_indicator", raise_exception=True)
def overview(request):
    plan = plan_current()
    if plan is None:
        return render(request, "cockpit/empty.html", {"reason": "还没有载入行动计划。"})
    as_of = _as_of(request, plan)
    if as_of is None:
        return render(request, "cockpit/empty.html", {"plan": plan, "reason": "还没有任何指标数据。"})
    run = progress_latest(plan, as_of)
    if run is None:
        return render(request, "cockpit/empty.html",
                      {"plan": plan, "reason": NOT_COMPUTED.format(as_of.label)})
    filters, regions = _filters(request, plan)
    as_of_value = f"{as_of.year}-{as_of.month:02d}"
    if request.GET.get("format") == "xlsx":
        return _export(plan, cockpit_overview(user=request.user, run=run, as_of=as_of,
                                              **filters))
    # The board depends only on the stored run, the filters and the reader's scope, so one
    # rendering serves every reader with the same scope until the figures change.
    key = ":".join(["cockpit", __version__, str(run.pk), run.input_hash[:16],
                    scope_key(request.user),
                    *(filters[name] for name in sorted(filters))])
    board = cache.get(key)
    if board is None:
        data = cockpit_overview(user=request.user, run=run, as_of=as_of, **filters)
        board = render_to_string("cockpit/_board.html", {
            "data": data, "filters": filters, "as_of_value": as_of_value,
            "statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
            "chart": {
                "statuses": [{"name": STATUS_LABELS[s], "value": data.counts[s], "code": s}
                             for s in STATUS_ORDER],
                "time_progress": run.results.values_list("time_progress", flat=True).first(),
            },
        }, request=request)
        cache.set(key, board, BOARD_SECONDS)
    return render(request, "cockpit/overview.html", {
        # The board is this view's own rendering, cached as text.
        "plan": plan, "filters": filters, "regions": regions,
        "board": mark_safe(board),  # noqa: S308
        "categories": plan.categories.all(),
        "units": Unit.objects.filter(kind__in=["department", "party", "office", "central"]),
        "statuses": [(s, STATUS_LABELS[s]) for s in STATUS_ORDER],
        "as_of_value": as_of_value, "query": request.GET.urlencode(),
    })


def _export(plan, data) -> HttpResponse:
    frame = pl.DataFrame(
        [
            {
                "类别/任务": row.group,
                "指标代码": row.indicator.code,
                "指标名称": row.indicator.name,
                "单位": row.indicator.unit,
                "目标值": row.indicator.target_value,
                "目标年": row.indicator.target_year,
                "最新值": row.result.latest_value,
                "最新期": row.latest_period,
                "完成度(%)": None if row.result.completion is None else row.result.completion * 100,
                "时间进度(%)": None if row.result.time_progress is None
                else row.result.time_progress * 100,
                "预计期末值": row.result.projected_value,
                "状态": row.status_label,
                "说明": row.result.explanation,
            }
            for row in data.rows
        ],
        infer_schema_length=None,
    )
    response = xlsx_response(
        frame, sheet=f"截至{data.as_of.label}",
        filename=f"{plan.city}目标进度_{data.as_of.year}{data.as_of.month:02d}_{data.region_code}.xlsx",
    )
    response["X-Qiangshi-Method"] = data.run.method_version
    return response
