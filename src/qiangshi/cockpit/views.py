import polars as pl
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from qiangshi import __version__
from qiangshi.accounts.models import Region, Unit
from qiangshi.accounts.scoping import scope_filter, scope_key, user_sees_everything
from qiangshi.accounts.selectors import default_region
from qiangshi.chains.selectors_monitoring import monitoring_summary
from qiangshi.cockpit.caching import definitions_version, page_key, template_version
from qiangshi.cockpit.selectors import chains_only, cockpit_overview
from qiangshi.dataio.excel import xlsx_response
from qiangshi.engine.periods import PeriodError, parse_period
from qiangshi.engine.progress import COMPLETION_BASIS_LABELS, STATUS_LABELS, STATUS_ORDER
from qiangshi.params import choice_param
from qiangshi.plan.monitoring.selectors import NOT_COMPUTED, AsOf, latest_as_of, progress_latest, run_basis
from qiangshi.plan.selectors import plan_data_version, plan_for

BOARD_SECONDS = 600
FILTER_UNIT_KINDS = ["department", "party", "office", "central"]


def _choices(user, plan, version: list[str]) -> dict:
    """What the filters offer and the latest month with figures: read once per plan data
    version, definitions version and scope, then from the cache (no query per page view)."""
    key = ":".join(["cockpit-choices", *version])
    choices = cache.get(key)
    if choices is None:
        latest = latest_as_of(plan)
        units = Unit.objects.all()
        choices = {
            "latest": None if latest is None else (latest.year, latest.month),
            "default_region": default_region(user),
            "regions": list(scope_filter(Region.objects.all(), user=user).values("code", "name")),
            "categories": list(plan.categories.values("code", "name")),
            "units": list(units.filter(kind__in=FILTER_UNIT_KINDS).values("code", "short_name")),
            "unit_codes": set(units.values_list("code", flat=True)),
        }
        cache.set(key, choices, BOARD_SECONDS)
    return choices


def _rendered(request, template: str, key: list[str], context) -> str:
    """`template` rendered once per key, then served from the cache as text; `context` is
    called only when it must be rendered."""
    full_key = ":".join(["cockpit", __version__, template, template_version(template), *key])
    text = cache.get(full_key)
    if text is None:
        text = render_to_string(template, context(), request=request)
        cache.set(full_key, text, BOARD_SECONDS)
    # The text is this view's own rendering.
    return mark_safe(text)  # noqa: S308


def _as_of(request, choices) -> AsOf | None:
    text = request.GET.get("as_of", "")
    if text:
        try:
            period = parse_period(text)
            return AsOf(period.year, period.month)
        except PeriodError:
            pass
    return None if choices["latest"] is None else AsOf(*choices["latest"])


def _known_code(params, name: str, codes) -> str:
    """The code asked for if it is one of `codes`, else "" (no filter)."""
    code = params.get(name, "")
    return code if code in codes else ""


def _filters(request, choices) -> dict:
    region = request.GET.get("region", "")
    if region not in {r["code"] for r in choices["regions"]}:
        region = choices["default_region"]
    return {
        "region_code": region,
        # Only codes that exist: the filters name the cached board, and a free text would
        # make a new cache entry (and a key memcached refuses) for every junk value.
        "category": _known_code(request.GET, "category", {c["code"] for c in choices["categories"]}),
        "unit_code": _known_code(request.GET, "unit", choices["unit_codes"]),
        "status": choice_param(request.GET, "status", STATUS_LABELS),
    }


def overview(request):
    current = plan_data_version(request)
    # A page stored for this reader at this data version is served as it was; the
    # permission was checked before it was stored (cockpit.caching.page_key).
    key = None if current is None else page_key(request, "cockpit/overview.html",
                                                 [str(number) for number in current])
    page = None if key is None else cache.get(key)
    if page is not None:
        return HttpResponse(page)
    if not request.user.has_perm("plan.view_indicator"):
        raise PermissionDenied
    if chains_only(request.user):
        return render(request, "cockpit/chains.html", {"chains": monitoring_summary(user=request.user)})
    plan = plan_for(request)
    if plan is None:
        return render(request, "cockpit/empty.html", {"reason": "还没有载入行动计划。"})
    scope = scope_key(request.user)
    # Everything the filters and the default month depend on; a figure change bumps the
    # plan's data version, an edited definition the definitions version.
    version = [str(plan.pk), str(plan.data_version), definitions_version(), scope]
    choices = _choices(request.user, plan, version)
    as_of = _as_of(request, choices)
    if as_of is None:
        return render(request, "cockpit/empty.html", {"plan": plan, "reason": "还没有任何指标数据。"})
    run = progress_latest(plan, as_of)
    if run is None:
        return render(request, "cockpit/empty.html",
                      {"plan": plan, "reason": NOT_COMPUTED.format(as_of.label)})
    filters = _filters(request, choices)
    as_of_value = f"{as_of.year}-{as_of.month:02d}"
    if request.GET.get("format") == "xlsx":
        return _export(plan, cockpit_overview(user=request.user, run=run, as_of=as_of,
                                              **filters))
    statuses = [(s, STATUS_LABELS[s]) for s in STATUS_ORDER]
    chosen = [filters[name] for name in sorted(filters)]
    filter_form = _rendered(request, "cockpit/_filters.html", [*version, as_of_value, *chosen], lambda: {
        "filters": filters, "as_of_value": as_of_value, "statuses": statuses,
        "regions": choices["regions"], "categories": choices["categories"], "units": choices["units"],
    })

    def board_context():
        data = cockpit_overview(user=request.user, run=run, as_of=as_of, **filters)
        return {
            "data": data, "filters": filters, "as_of_value": as_of_value, "statuses": statuses,
            "basis": run_basis(run),
            "chart": {
                "statuses": [{"name": STATUS_LABELS[s], "value": data.counts[s], "code": s}
                             for s in STATUS_ORDER],
                "time_progress": run.results.values_list("time_progress", flat=True).first(),
            },
        }

    # The board depends only on the stored run, the definitions it names, the filters and
    # the reader's scope, so one rendering serves every reader with the same scope until
    # the figures change.
    board = _rendered(request, "cockpit/_board.html",
                      [str(run.pk), run.input_hash[:16], str(run.data_version), *version[2:], *chosen],
                      board_context)
    response = render(request, "cockpit/overview.html", {
        "plan": plan, "filters": filters, "filter_form": filter_form, "board": board,
        "chains": monitoring_summary(user=request.user) if user_sees_everything(request.user) else [],
        "query": request.GET.urlencode(), "plan_ended": plan.ended_on(timezone.localdate()),
        "as_of_label": as_of.label,
    })
    if key is not None:
        cache.set(key, response.content, BOARD_SECONDS)
    return response


def _per_cent(share: float | None) -> float | None:
    """A share as a percentage to one decimal, as the board shows it."""
    return None if share is None else round(share * 100, 1)


def _export(plan, data) -> HttpResponse:
    frame = pl.DataFrame(
        [
            {
                "类别/任务": row.group,
                "指标代码": row.indicator.code,
                "指标名称": row.indicator.name,
                "单位": row.indicator.unit,
                # the region's own target (目标分解) on a district's export, the city's otherwise
                "目标值": row.result.detail.get("target_value"),
                "目标年": row.indicator.target_year,
                "最新值": row.result.latest_value,
                "最新期": row.latest_period,
                "完成度(%)": _per_cent(row.result.completion),
                "完成度口径": COMPLETION_BASIS_LABELS.get(
                    row.result.detail.get("completion_basis"), ""),
                "较基期进度(%)": _per_cent(row.result.detail.get("progress_from_base")),
                "时间进度(%)": _per_cent(row.result.time_progress),
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
