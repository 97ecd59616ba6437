"""A method back to its document: the normalised dict, every default written out.

A stored method version is this dict as JSON; it parses back to an equal :class:`Method`, so
what was evaluated can be read again field by field.
"""

from __future__ import annotations

from typing import Any

from .schema import Indicator, Method, Surcharge


def _surcharge_dict(s: Surcharge, *, electricity: bool) -> dict:
    d: dict[str, Any] = {} if electricity else {"key": s.key}
    d.update({
        "name": s.name, "unit": s.unit, "classes": list(s.classes),
        "by_consecutive_years": list(s.by_consecutive_years), "regions": list(s.regions),
        "other_column": s.other_column, "source": s.source, "status": s.status,
    })
    return d


def _indicator_dict(i: Indicator) -> dict:
    d: dict[str, Any] = {
        "key": i.key, "name": i.name, "unit": i.unit, "formula": i.formula, "direction": i.direction,
        "weight": i.weight, "scoring": i.scoring,
    }
    if i.scoring == "ratio":
        b = i.benchmark
        d["benchmark"] = {"mode": b.mode, "k": b.k, "value": b.value, "industry_digits": b.industry_digits,
                          "min_firms": b.min_firms}
        d["cap"] = i.cap
        d["floor"] = i.floor
    d["missing"] = {"rule": i.missing.rule, "penalty": i.missing.penalty}
    d["note"] = i.note
    return d


def method_to_dict(method: Method) -> dict:
    """The method as a plain dict (every default explicit), for storing a version as JSON or editing;
    parses back to an equal Method."""
    c = method.classification
    d: dict[str, Any] = {
        "name": method.name,
        "title": method.title,
        "version": method.version,
        "year": method.year,
        "source": method.source,
        "status": method.status,
        "notes": list(method.notes),
        "scope": {
            "industries": {
                "include": list(method.scope.include),
                "rule": method.scope.include_rule,
                "exclude": [{"codes": list(e.codes), "rule": e.rule} for e in method.scope.exclusions],
            },
            "min_age_years": method.scope.min_age_years,
            "no_revenue_t": method.scope.no_revenue_t,
            "flags": [{"column": f.column, "rule": f.rule} for f in method.scope.flags],
        },
        "groups": [
            {"name": g.name, "min_land_mu": g.min_land_mu,
             "indicators": [_indicator_dict(i) for i in g.indicators]}
            for g in method.groups
        ],
        "scoring": {
            "method": method.scoring.method,
            "benchmark_within": method.scoring.benchmark_within,
            "cap": method.scoring.cap,
            "round_scores": method.scoring.round_scores,
            "round_total": method.scoring.round_total,
            "adjustments": [
                {"key": a.key, "name": a.name, "kind": a.kind, "column": a.column, "max": a.max,
                 "groups": list(a.groups)}
                for a in method.scoring.adjustments
            ],
        },
        "classification": {
            "by": c.by,
            "rank_within": c.rank_within,
            "count_rounding": c.count_rounding,
            "ties": c.ties,
            "tie_break": [{"key": t.key, "order": t.order} for t in c.tie_break],
            "names": dict(c.names),
            "policies": dict(c.policies),
        },
        "overrides": {
            "veto_d": method.overrides.veto_d,
            "exempt_t": method.overrides.exempt_t,
            "force_class": method.overrides.force_class,
            "vetoed_in_ranking": method.overrides.vetoed_in_ranking,
            "reason_codes": dict(method.overrides.reason_codes),
        },
        "prices": {
            "electricity": None if method.electricity is None
            else _surcharge_dict(method.electricity, electricity=True),
            "local": [_surcharge_dict(s, electricity=False) for s in method.local_prices],
        },
    }
    if c.by == "rank_share":
        d["classification"]["shares"] = dict(c.shares)
    else:
        d["classification"]["thresholds"] = dict(c.thresholds)
    return d
