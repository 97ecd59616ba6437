"""Targets in a block's clauses: the numbers with their units and comparators, the subject each
number measures, the target year, and the direction-only targets (持续提升 …)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .document import Block, Document
from .vocabulary import (
    ACTION_VERBS,
    CLOSERS,
    CONTEXT_WORDS,
    COUNT_UNITS,
    DIRECTION_WORDS,
    FULLWIDTH,
    GTE_AFTER,
    GTE_VERBS,
    LEVEL_ONLY,
    LTE_AFTER,
    LTE_VERBS,
    MARKERS_RE,
    NUMBER_RE,
    OPENERS,
    RANK_RE,
    TAIL_NOUNS,
    TRAILING_VERBS,
    VALUE_VERBS,
)


def _top_level_split(text: str, separators: str) -> list[str]:
    """Split on separators that stand outside brackets and quotes; keep 10,000 whole."""
    parts, depth, start, in_ascii_quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            in_ascii_quote = not in_ascii_quote
        elif ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(depth - 1, 0)
        elif ch in separators and depth == 0 and not in_ascii_quote:
            if ch == "," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit():
                continue
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _quoted_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in re.finditer(r"“[^“”]*”|\"[^\"]*\"|「[^「」]*」|《[^《》]*》|‘[^‘’]*’", text):
        spans.append((match.start(), match.end()))
    return spans


def _number(raw: str) -> float:
    return float(raw.replace(",", ""))


def _clean_value(value: float | None) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, 9)
    return int(rounded) if rounded == int(rounded) else rounded


@dataclass
class _Hit:
    start: int
    end: int
    low: float
    high: float | None
    unit: str
    comparator: str | None  # from the words right after the number


def _unit_and_scale(mag: str | None, unit: str | None, pct: bool) -> tuple[str, float]:
    if pct:
        return "%", 1.0
    scale = {"万亿": 1e12, "千亿": 1e11, "百亿": 1e10, "亿": 1e8, "万": 1e4, "千": 1e3, None: 1.0}[mag]
    if unit == "元":
        if mag in {"万亿", "千亿", "百亿", "亿"}:
            return "亿元", scale / 1e8
        if mag == "万":
            return "万元", 1.0
        return "元", scale
    if unit in {"个百分点", "百分点"}:
        return "百分点", 1.0
    if unit is None:
        return ("亿" if mag in {"万亿", "千亿", "百亿", "亿"} else ""), (
            scale / 1e8 if mag in {"万亿", "千亿", "百亿", "亿"} else scale
        )
    if unit in COUNT_UNITS:
        return unit, scale
    if mag:
        return mag + unit, 1.0
    return unit, 1.0


def _hits(clause: str) -> list[_Hit]:
    """Target numbers of a clause, with non-targets (years, names, codes) left out."""
    normal = clause.translate(FULLWIDTH)
    quoted = _quoted_spans(normal)
    hits = []
    for match in NUMBER_RE.finditer(normal):
        start, end = match.span()
        before = normal[:start]
        after = normal[end:]
        if any(a <= start < b for a, b in quoted):
            continue  # “12345”, “4个1”: names, not targets
        if (before[-1:].isascii() and before[-1:].isalnum()) or before[-1:] in {".", "+", "*"}:
            continue  # M0, 1+N
        if before.endswith("第") and not RANK_RE.search(before):
            continue  # 第3批: an ordinal, unless a rank (排名第3位)
        unit, pct = match.group("unit"), bool(match.group("pct") or match.group("lopct"))
        mag = match.group("mag")
        if not (unit or pct or mag):
            if re.match(r"\s*(?:年|月|日|号|周|天|岁|时|期|届|轮|次|级|代|G|[A-Za-z+\-])", after):
                continue  # 2025年, 5G, 十四五 …
            if not before.rstrip().endswith(VALUE_VERBS):
                continue  # a bare number counts only after 达到/突破 …: 指数达到110
        elif after[:1].isascii() and after[:1].isalnum():
            continue  # 5万G…, 4个1
        if unit == "个" and after[:1].isdigit():
            continue
        if before.rstrip().endswith(CONTEXT_WORDS):
            continue  # 聚焦10个标志性产业链群
        if re.search(r"(?:19|20)\d\d$", match.group("lo")) and len(match.group("lo")) == 4 \
                and after.startswith("年"):
            continue
        unit_name, scale = _unit_and_scale(mag, unit, pct)
        low = _number(match.group("lo")) * scale
        high = _number(match.group("hi")) * scale if match.group("hi") else None
        if unit_name in {"万元", "元"} and low * (1e4 if unit_name == "万元" else 1) >= 1e8:
            factor = 1e-4 if unit_name == "万元" else 1e-8  # 50000万元 → 5 亿元
            unit_name, low = "亿元", low * factor
            high = high * factor if high is not None else None
        tail = after.lstrip()
        comparator = None
        if tail.startswith("左右"):
            comparator = "approx"
        elif tail.startswith(GTE_AFTER):
            comparator = "gte"
        elif tail.startswith(LTE_AFTER):
            comparator = "lte"
        hits.append(_Hit(start, end, low, high, unit_name, comparator))
    return hits


def _groups(clause: str, hits: list[_Hit]) -> list[list[_Hit]]:
    """Numbers that follow one another (300家、50家、30家) form one enumeration."""
    groups: list[list[_Hit]] = []
    for hit in hits:
        if groups:
            gap = clause[groups[-1][-1].end:hit.start]
            if re.fullmatch(r"\s*(?:以上|左右|以下|以内)?\s*[、和及与]\s*", gap):
                groups[-1].append(hit)
                continue
        groups.append([hit])
    return groups


def _group_end(clause: str, group: list[_Hit]) -> int:
    end = group[-1].end
    tail = re.match(r"\s*(?:及以上|以上|左右|以下|以内)", clause[end:])
    return end + (tail.end() if tail else 0)


def _strip_leading_verb(text: str) -> tuple[str, bool]:
    for verb in ACTION_VERBS:
        if text.startswith(verb):
            return text[len(verb):], True
    return text, False


def _strip_trailing(text: str, words: tuple[str, ...]) -> str:
    changed = True
    while changed and text:
        changed = False
        for word in words:
            if text.endswith(word):
                text = text[: -len(word)]
                changed = True
                break
    return text


def _subject(prefix: str) -> str:
    """The subject of a clause: 到2025年，规上工业企业数量力争突破 → 规上工业企业数量."""
    text = MARKERS_RE.sub("", prefix)
    text = re.sub(r"(?:比|较)(?:\d{4}年|上年|基期)(?:年均)?(?:降低|下降|减少|提高|提升|增长|增加|压减)?$",
                  "", text)
    text = re.sub(r"(?:均)?(?<!不)(?:高于|高出|快于)[^，、]*?(?:平均水平|平均|增速|水平)?$", "", text)
    text = _strip_trailing(text.strip("，、 "), TRAILING_VERBS)
    return text.strip("，、 ")


def _object(suffix: str) -> str:
    text = re.sub(r"^\s*(?:及以上|以上|左右|以下|以内)?\s*的?", "", suffix)
    text = re.split(r"用于|，|。", text)[0]
    if "的" in text and len(text) > 12:
        text = text.rsplit("的", 1)[1]
    return text.strip()


def _names(prefix: str, suffix: str, count: int) -> list[str]:
    subject = _subject(prefix)
    bare, had_verb = _strip_leading_verb(subject)
    if had_verb and bare:
        subject = bare
    trailing = next((v for v in ACTION_VERBS if subject.endswith(v)), None)
    if not subject or (had_verb and not bare) or trailing:
        obj = _object(suffix)
        if suffix.lstrip().lstrip("以上左右").startswith("的") and subject:
            subject = subject + "的" + obj
        else:
            subject = obj or subject
    elif suffix.lstrip().lstrip("以上左右").startswith("的"):
        subject = subject + "的" + _object(suffix)
    distribute = count > 1 or re.search(r"均(?:高于|达到|突破|超过|不低于|保持在)", prefix)
    if not distribute:
        return [_shorten(subject)[:60]]
    items = _top_level_split(subject, "、")
    if len(items) > 1:
        last = items[-1]
        tail = next((t for t in TAIL_NOUNS if last.endswith(t) and last != t), None)
        if tail:
            items = [i if i.endswith(tail) else i + tail for i in items[:-1]] + [last]
    if count == 1 or len(items) == count:
        return [i[:60] for i in items]
    return [f"{subject[:56]}（{n}）" for n in range(1, count + 1)]


def _shorten(subject: str) -> str:
    """…、生物医药与大健康等四大主导支柱产业规模 → 四大主导支柱产业规模."""
    head, sep, tail = subject.rpartition("等")
    if sep and len(tail) >= 4 and "、" in head:
        level = re.match(r"省级及以上|省级以上|市级及以上|市级以上|国家级|省级|市级", head)
        return (level.group(0) if level and not tail.startswith(level.group(0)) else "") + tail
    return subject


def _comparator(hit: _Hit, prefix: str) -> str:
    if hit.comparator:
        return hit.comparator
    words = prefix.rstrip()
    for verb in sorted((*GTE_VERBS, *LTE_VERBS), key=len, reverse=True):
        if words.endswith(verb):
            return "lte" if verb in LTE_VERBS else "gte"
    return "gte"


@dataclass
class _Context:
    block: Block
    sentence: str
    period_start: int | None
    period_end: int | None
    inherited: frozenset[str] = frozenset()


def _target_year(clause: str, sentence: str, annual: bool, ctx: _Context) -> int | None:
    if annual:
        return ctx.period_start
    for text in (clause, sentence):
        year = re.search(r"(?:到|至|截至|截止)(\d{4})年|(\d{4})年(?:底|末)?前", text)
        if year:
            return int(year.group(1) or year.group(2))
    return ctx.period_end


def _markers(clause: str) -> set[str]:
    return {m for m in ("每年", "新增", "累计", "力争") if m in clause}


def _has_verb(clause: str) -> bool:
    return any(v in clause for v in (*VALUE_VERBS[:-2], *ACTION_VERBS)) or "高于" in clause


def _clause_targets(clause: str, ctx: _Context) -> list[dict]:
    hits = _hits(clause)
    normal = clause.translate(FULLWIDTH)
    markers = _markers(normal) | (set() if _has_verb(normal) else set(ctx.inherited))
    if not hits:
        return _direction_target(clause, ctx, markers)
    targets: list[dict] = []
    previous_end = 0
    for group in _groups(normal, hits):
        start = group[0].start
        prefix = normal[previous_end:start].lstrip("、和及与 ")
        end = _group_end(normal, group)
        suffix = normal[end:]
        names = _names(prefix, suffix, len(group))
        distributed = len(group) == 1 and len(names) > 1
        for index, name in enumerate(names):
            if targets and LEVEL_ONLY.fullmatch(name):
                # 新增国家级绿色工厂10家、省级30家: 省级 borrows 绿色工厂
                earlier = LEVEL_ONLY.match(targets[-1]["name"]) if targets else None
                if earlier:
                    name = name + targets[-1]["name"][earlier.end():]
            hit = group[0] if distributed else group[min(index, len(group) - 1)]
            group_comparator = next((h.comparator for h in reversed(group) if h.comparator), None)
            targets.append(_target(hit, name, prefix, normal, clause, markers, ctx,
                                   hit.comparator or group_comparator))
        previous_end = end
    return targets


def _target(hit: _Hit, name: str, prefix: str, normal: str, clause: str, markers: set[str],
            ctx: _Context, after_comparator: str | None) -> dict:
    unit = hit.unit
    if not unit and re.search(r"指数|指标值|得分|评分", name):
        unit = "点"  # 两化融合发展指数达到110: an index is counted in points
    value, high = hit.low, hit.high
    kind = "level"
    base_year = None
    comparator = after_comparator or _comparator(hit, prefix)
    change = re.search(r"(?:比|较)(\d{4})年[^，、]*?(降低|下降|减少|压减|提高|提升|增长|增加)", prefix)
    growth_word = re.search(r"(降低|下降|减少|压减|提高|提升|增长|增加|增幅|增速)$",
                            _strip_trailing(prefix.rstrip(), VALUE_VERBS))
    annual = "每年" in markers
    if re.search(r"(?:高于|高出|快于)", prefix) and (unit == "百分点" or "平均" in prefix):
        kind = "differential"
        comparator = after_comparator or "gte"
    elif change and unit == "%":
        kind, base_year = "change", int(change.group(1))
    elif re.search(r"年均(?:增长|增幅|增速|提高|递增)", prefix) and unit in {"%", "百分点"}:
        kind = "avg_growth"
    elif RANK_RE.search(prefix) or re.search(r"(?:前|第)$", prefix):
        kind, unit = "rank", "位次"
        comparator = "lte"
        name = re.sub(r"(?:保持|位居|稳居|居|进入|实现)?(?:第|前)$", "", name)
        name = name.replace("进入", "")
        if not name.endswith(("排名", "位次", "排位")):
            name += "排名"
    elif unit == "%" and growth_word and growth_word.group(1) in {"增幅", "增速"}:
        kind = "avg_growth"
    elif unit == "%" and growth_word:
        kind, base_year = "change", (ctx.period_start - 1) if ctx.period_start else None
    elif unit == "%":
        kind = "share"
    elif annual:
        kind = "annual_flow"
    elif markers & {"新增", "累计"}:
        kind = "cumulative"
    if kind == "change" and re.search(r"(降低|下降|减少|压减)", prefix):
        value = -value
        high = -high if high is not None else None
        if after_comparator == "gte":
            comparator = "lte"  # 降低17%以上: the change is at most −17
        elif after_comparator is None:
            comparator = "lte"
    sentence = ctx.sentence
    annual_year = kind == "annual_flow" or (kind == "differential" and "每年" in normal)
    return {
        "code": "",
        "name": name,
        "category": ctx.block.category,
        "unit": unit,
        "kind": kind,
        "comparator": comparator,
        "target_value": _clean_value(value),
        "target_year": _target_year(clause, sentence, annual_year, ctx),
        "base_value": None,
        "base_year": base_year,
        "aspirational": "力争" in markers,
        "lead_units": list(ctx.block.lead_units),
        "task": ctx.block.task,
        "sentence": clause,
        "target_value_high": _clean_value(high),
    }


def _direction_target(clause: str, ctx: _Context, markers: set[str]) -> list[dict]:
    for word, comparator in DIRECTION_WORDS:
        position = clause.find(word)
        if position <= 0:
            continue
        subject = _subject(clause[:position])
        subject = re.sub(r"^(?:保持|推动|促进|实现|确保)", "", subject)
        if not subject or len(subject) > 30:
            return []
        unit = "%" if re.search(r"比重|占比|率|比例", subject) else ""
        return [{
            "code": "", "name": subject, "category": ctx.block.category, "unit": unit,
            "kind": "direction", "comparator": comparator, "target_value": None,
            "target_year": ctx.period_end, "base_value": None, "base_year": None,
            "aspirational": "力争" in markers, "lead_units": list(ctx.block.lead_units),
            "task": ctx.block.task, "sentence": clause, "target_value_high": None,
        }]
    return []


def block_targets(block: Block, doc: Document) -> list[dict]:
    targets = []
    for sentence in _top_level_split(block.text, "。！？；;"):
        inherited: frozenset[str] = frozenset()
        for clause in _top_level_split(sentence, "，,"):
            ctx = _Context(block, sentence, doc.period_start, doc.period_end, inherited)
            found = _clause_targets(clause, ctx)
            targets.extend(found)
            own = _markers(clause.translate(FULLWIDTH)) - {"力争"}
            if own:
                inherited = frozenset(own)
            elif _has_verb(clause):
                inherited = frozenset()
    return targets
