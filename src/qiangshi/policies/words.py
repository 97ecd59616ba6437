"""A clause's amount in words for the policy page: the label with its numbers as in force for
a year (a named parameter resolved), the fields by their Chinese labels."""

from qiangshi.engine.policies import FIELDS, Amount, Policy
from qiangshi.engine.policies.compile import Resolver
from qiangshi.templatetags.figures import number


def _label(field: str) -> str:
    return FIELDS[field].label if field in FIELDS else field


def amount_words(policy: Policy, amount: Amount, year: int) -> str:
    res = Resolver(policy, year)

    def num(value) -> str:
        found = res.num(value)
        return "未生效" if found is None else number(found)

    def pct(value) -> str:
        found = res.num(value)
        return "未生效" if found is None else f"{number(found * 100)}%"

    def largest_first(mapping):
        # A stored document's mapping comes back in the database's key order (PostgreSQL's
        # jsonb sorts keys), so the words give the largest amount first, whatever the store.
        return sorted(mapping, key=lambda item: (-(res.num(item[1]) or 0), str(item[0])))

    kind = amount.kind
    if kind == "fixed":
        words = f"{num(amount.value)} 万元"
    elif kind == "by_level":
        words = "、".join(f"{level} {num(value)} 万元" for level, value in largest_first(amount.mapping))
    elif kind == "rate_by_category":
        words = f"{_label(amount.base)} × " + "、".join(
            f"{name} {pct(v)}" for name, v in largest_first(amount.mapping))
    elif kind in ("by_band", "rate_by_band"):
        shown = num if kind == "by_band" else pct
        words = f"按{_label(amount.base)}分档：" + "、".join(
            f"{num(band.start)} 起 {shown(band.value)}{' 万元' if kind == 'by_band' else ''}"
            for band in amount.bands)
    elif kind == "incremental":
        words = f"（{_label(amount.base)} − {_label(amount.previous)}）× {pct(amount.rate)}"
    elif kind == "rate":
        words = f"{_label(amount.base)} × {pct(amount.rate)}"
    else:
        words = f"{_label(amount.base)} × {pct(amount.rate)} × {pct(amount.share)}"
    if amount.cap is not None:
        words += f"，最高 {num(amount.cap)} 万元"
    if amount.minimum is not None:
        words += f"，不足 {num(amount.minimum)} 万元不补"
    return f"{amount.label}：{words}"
