"""Reads for the assessment pages: stored runs only, nothing computed here.

Every unit's rank and score are what a 通报 publishes, so a district user sees the whole
ranking; the explanation item by item (and what would lift a unit) is shown to a user only
for the units in the user's scope.
"""

import math

from django.db.models.functions import Abs
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiangshi.accounts.scoping import scope_filter, scoped_get_or_404
from qiangshi.assessment.models import ItemResult, Run, UnitResult
from qiangshi.engine.assessment.explain import METHOD_LABELS, item_sentence
from qiangshi.engine.breakdown import COUNT_UNITS

BASIS_NOTE = "同一考核办法版本与相同输入数据得到相同的指纹和结果；数据或办法改动后重新考核，指纹随之改变。"
KIND_LABELS = {"normal": "常规", "bonus": "加分", "deduction": "减分", "veto": "一票否决"}


def runs(limit: int = 100):
    return Run.objects.select_related("scheme")[:limit]


def rank_movements(limit: int = 10) -> tuple[Run | None, list[UnitResult]]:
    """The newest assessment run and its units whose rank moved since the period before,
    the biggest moves first (what a leader's 工作台 shows; ranks are published to all)."""
    run = Run.objects.select_related("scheme").first()
    if run is None:
        return None, []
    moved = (run.units.select_related("region").filter(change__isnull=False).exclude(change=0)
             .order_by(Abs("change").desc(), "rank", "region__sort_order"))
    return run, list(moved[:limit])


def run_get(pk: int) -> Run:
    return get_object_or_404(Run.objects.select_related("scheme"), pk=pk)


def ranking(run: Run):
    """Every unit of the run, best first within its band; units not ranked last."""
    return run.units.select_related("region").order_by("band", "rank", "region__sort_order")


def unit_get(*, user, pk: int) -> UnitResult:
    """A unit's result when the unit is in the user's scope (404 otherwise)."""
    return scoped_get_or_404(UnitResult.objects.select_related("run", "run__scheme", "region"),
                             user=user, pk=pk)


def explainable(*, user, run: Run) -> set[int]:
    """The unit results of `run` whose explanation the user may open."""
    return set(scope_filter(run.units.all(), user=user).values_list("pk", flat=True))


def _value_text(value, unit: str) -> str:
    if value is None:
        return "无数据"
    digits = 0 if float(value).is_integer() else 2
    return f"{value:,.{digits}f}{' ' if unit and unit != '%' else ''}{unit}"


def lift_value(item: ItemResult) -> float:
    """The value that lifts the unit, as a count can reach it: 8.45 家 is 9 家 (or 8 when
    fewer is better)."""
    needed = item.move_up
    if item.measure_unit not in COUNT_UNITS:
        return needed
    upward = item.value is None or needed >= item.value
    return math.ceil(needed - 1e-9) if upward else math.floor(needed + 1e-9)


def items_explained(result: UnitResult) -> list[dict]:
    """Each item of a unit's result with its sentence ("… 功效系数得分 86.4 × 权重 15 % = 12.96")
    and the value that would lift the unit a place."""
    rows = []
    for item in ItemResult.objects.filter(unit=result).order_by("pk"):
        value = _value_text(item.value, item.measure_unit)
        if item.imputed:
            value = "无数据（按办法插补后计分）"
        if item.kind == "normal" and item.score is not None and item.weight is not None:
            sentence = item_sentence(item.name, value, item.method, item.score, item.weight)
        elif item.score is not None:
            sentence = f"{item.name} {value}，{KIND_LABELS[item.kind]} {item.score:,.2f} 分"
        elif item.value is not None:
            sentence = f"{item.name} {value}，未计分（该指标各单位数据覆盖不足，不计入总分）"
        else:
            sentence = f"{item.name} {value}，未计分"
        lift = None
        if item.move_up is not None and item.move_up_reachable:
            lift = (f"{item.name}达到 {_value_text(lift_value(item), item.measure_unit)}"
                    "（其他不变）即可上升一位")
        rows.append({"item": item, "sentence": sentence, "lift": lift,
                     "method": METHOD_LABELS.get(item.method, ""), "kind": KIND_LABELS.get(item.kind, "")})
    return rows


def costliest(result: UnitResult, count: int = 3) -> list[dict]:
    """The normal items that cost the unit most: the points its score falls short of full
    marks (100), times the item's weight."""
    items = [{"name": i.name, "score": i.score, "lost": (100 - i.score) * i.weight}
             for i in result.items.all() if i.kind == "normal" and i.score is not None and i.weight]
    return sorted([i for i in items if i["lost"] >= 0.005], key=lambda i: i["lost"], reverse=True)[:count]


def run_basis(run: Run) -> list[tuple[str, str]]:
    """A run's scheme version, method version, input fingerprint and computation, for 计算依据."""
    scheme = run.scheme
    number = f"，{scheme.document_number}" if scheme.document_number else ""
    return [("考核办法", f"{scheme.title}（第 {scheme.version} 版{number}）"),
            ("计算方法版本", run.method_version), ("输入数据指纹", run.input_hash),
            ("数据截至", f"{run.as_of:%Y-%m-%d}"),
            ("计算", f"{timezone.localtime(run.computed_at):%Y-%m-%d %H:%M} {run.computed_by}")]
