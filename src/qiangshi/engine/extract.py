"""Draft the quantitative targets of an action plan from its plain text.

The extractor reads the text of a Chinese industrial action plan (发展目标 bullets,
numbered tasks with their 责任单位) and returns one dict per quantitative target it
finds, shaped like the rows of ``qiangshi plan export --json``, plus the clause the
target came from. It is a drafting aid: every result is meant for a person to
review before it becomes part of a plan YAML (see docs/plan-extract.md).

Pure functions over strings: no Django, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from numbers import Real

import yaml

EXTRACT_VERSION = "1.0.0"

REVIEW_NOTE = "待人工复核"

# 发展目标 bullet headings → category codes. Other headings keep their own text.
CATEGORY_CODES: dict[str, str] = {
    "制造业能级": "manufacturing",
    "数字经济能级": "digital",
    "企业发展能级": "enterprise",
    "创新发展能级": "innovation",
    "绿色发展能级": "green",
}

EXPORT_FIELDS = (
    "code", "name", "category", "unit", "kind", "comparator", "target_value", "target_year",
    "base_value", "base_year", "aspirational", "lead_units", "task",
)
DRAFT_FIELDS = (*EXPORT_FIELDS, "sentence", "target_value_high")

# ---------------------------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------------------------

_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")

# Units a target number may carry, longest first. Counts take 万 as a multiplier
# (1万家 → 10000 家); physical units keep it (100万吨 → 100 万吨).
_RATIO_UNITS = ("吨标准煤/万元", "立方米/万元", "千瓦时/万元", "吨/万元", "万元/亩", "万元/人")
_COUNT_UNITS = ("家", "个", "项", "座", "台", "套", "件", "款", "种", "条", "所", "户", "名", "人次",
                "人", "位", "艘", "辆", "架", "部", "批", "本", "处", "栋", "张")
_PHYSICAL_UNITS = ("微克/立方米", "吨标准煤", "平方公里", "平方米", "立方米", "千瓦时", "公里", "千米",
                   "千瓦", "兆瓦", "吨", "亩", "米", "倍", "小时", "天")
_UNIT_ALTERNATION = "|".join(
    re.escape(u) for u in sorted(
        (*_RATIO_UNITS, "个百分点", "百分点", *_COUNT_UNITS, *_PHYSICAL_UNITS, "元"),
        key=len, reverse=True,
    )
)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
_NUMBER_RE = re.compile(
    rf"(?P<lo>{_NUM})(?P<lopct>%)?"
    rf"(?:\s*(?:-|–|—|~|至)\s*(?P<hi>{_NUM}))?"
    rf"\s*(?P<pct>%)?(?P<mag>万亿|千亿|百亿|亿|万|千(?![瓦米克兆]))?(?P<unit>{_UNIT_ALTERNATION})?"
)

_GTE_AFTER = ("以上", "及以上")
_LTE_AFTER = ("以下", "以内")
_GTE_VERBS = ("突破", "超过", "不低于", "不少于", "达到", "高于", "提高到", "提升到", "提高至", "提升至")
_LTE_VERBS = ("不超过", "控制在", "不高于", "低于", "压减到", "降至", "降低到")
_VALUE_VERBS = ("达到", "突破", "超过", "不低于", "不少于", "不超过", "控制在", "不高于", "保持在",
                "稳定在", "提高到", "提升到", "提高至", "提升至", "为", "达")
# Words in front of a number that mark it as context, not a target: 聚焦10个产业链群.
_CONTEXT_WORDS = ("聚焦", "围绕", "依托", "按照", "对照", "立足", "瞄准", "针对")

# Verbs that open a clause whose object is named after the number: 培育100家以上省级软件工程技术中心.
_ACTION_VERBS = tuple(sorted((
    "培育形成", "培育认定", "滚动谋划储备", "谋划储备", "统筹安排", "培育", "创建", "打造", "建设", "建成",
    "实施", "引进", "新建", "推动", "优选", "安排", "形成", "认定", "争创", "创成", "招引", "完成",
    "开展", "新培育", "新认定", "支持", "建立", "布局", "主攻", "推广", "实现", "引育", "新增", "累计",
    "储备", "谋划", "认证", "评选", "遴选", "改造", "培训", "吸引", "落地", "开工", "投产", "覆盖",
    "带动", "服务", "提供", "发布", "组织", "举办", "扶持",
), key=len, reverse=True))
# Scope words removed wherever they stand in a subject.
_MARKERS_RE = re.compile(r"到\d{4}年(?:底|末)?|(?:截至|截止)\d{4}年(?:底|末)?|\d{4}年(?:底|末)?前|"
                         r"力争|每年|累计|新增|其中|确保")
_TRAILING_VERBS = tuple(sorted((
    *_VALUE_VERBS, "分别", "均", "要", "将", "总量", "合计", "共",
), key=len, reverse=True))
_TAIL_NOUNS = ("数量", "增幅", "增速", "增加值", "营业收入", "规模", "比重", "占比", "家数", "个数",
               "总数", "投资", "产值")

_DIRECTION_WORDS = (
    ("持续提升", "increase"), ("持续提高", "increase"), ("逐年提高", "increase"),
    ("逐年提升", "increase"), ("稳步提升", "increase"), ("稳步提高", "increase"),
    ("持续增长", "increase"), ("逐年增长", "increase"), ("持续扩大", "increase"),
    ("持续下降", "decrease"), ("逐年下降", "decrease"), ("持续降低", "decrease"),
    ("逐年降低", "decrease"), ("稳步下降", "decrease"),
    ("基本稳定", "stable"), ("保持稳定", "stable"), ("总体稳定", "stable"), ("稳定在合理区间", "stable"),
)

_RANK_RE = re.compile(r"排名|位次|排位|位居|居全[国省市]|进入[^，、]{0,8}前$")
_LEVEL_ONLY = re.compile(r"国家级|省级及以上|省级以上|省级|市级及以上|市级以上|市级|区县级|县级")
_OPENERS = "（(“《「【‘"
_CLOSERS = "）)”》」】’"
_UNIT_SUFFIX_RE = re.compile(
    r"(局|委|办|厅|部|政府|管委会|中心|分局|中支|营管部|机关|公司|集团|协会|院|所|会|处|室|站|队)$"
)
_UNIT_LIST_RE = re.compile(r"[（(]\s*(责任单位|牵头单位|责任部门)?\s*[:：]?\s*([^（）()]*)[）)]\s*$")
_STRIP_UNIT_TAIL = re.compile(r"等(?:市直)?(?:有关|相关)?(?:部门|单位)(?:按职责分工负责)?$")


# ---------------------------------------------------------------------------------------------
# Document structure
# ---------------------------------------------------------------------------------------------


@dataclass
class _Task:
    number: int
    title: str
    text: str
    action: str | None
    lead_units: list[str]
    supporting_units: list[str]


@dataclass
class _Block:
    """A stretch of text whose targets share a place in the plan."""

    text: str
    in_goals: bool
    category: str | None = None
    code_prefix: str = "PLAN"
    task: int | None = None
    lead_units: list[str] = field(default_factory=list)


@dataclass
class _Document:
    title: str = ""
    version: str | None = None
    document_number: str | None = None
    city: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    categories: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)


_TOP_HEADING = re.compile(r"^([一二三四五六七八九十]+)[、．.]\s*(\S.{0,30}?)\s*$")
_SUB_HEADING = re.compile(r"^[（(]([一二三四五六七八九十]+)[）)]\s*(\S.*?)\s*$")
_TASK_LINE = re.compile(r"^(\d{1,3})\s*[．.、]\s*(?!\d)(\S.*)$")
_BULLET = re.compile(r"^(?:——|—|－－|--|●|■|◆)\s*(\S.*)$")
_VERSION_LINE = re.compile(r"^[（(]\s*(\S*稿)\s*[）)]$")


def _is_goal_heading(heading: str) -> bool:
    return "目标" in heading and "任务" not in heading.replace("目标任务", "目标")


def _category_for(heading: str) -> tuple[str, str]:
    """(code, name) of a 发展目标 bullet heading."""
    for name, code in CATEGORY_CODES.items():
        if name in heading:
            return code, name
    return heading, heading


def _split_units(raw: str) -> list[str]:
    units = []
    for part in re.split(r"[、，,；;]", raw):
        part = re.sub(r"^[\u4e00-\u9fff]{0,4}(?:单位|部门)\s*[:：]", "", part.strip())
        unit = _STRIP_UNIT_TAIL.sub("", part.strip()).strip()
        if unit:
            units.append(unit)
    return units


def _looks_like_unit_list(raw: str) -> bool:
    parts = _split_units(raw)
    return bool(parts) and all(_UNIT_SUFFIX_RE.search(p) for p in parts)


def _task_from(number: int, body: str, action: str | None) -> _Task:
    """Split a task paragraph into title, text and its unit list."""
    body = body.strip()
    units: list[str] = []
    match = _UNIT_LIST_RE.search(body)
    if match and (match.group(1) or _looks_like_unit_list(match.group(2))):
        units = _split_units(match.group(2))
        body = body[: match.start()].rstrip()
    title, sep, rest = body.partition("。")
    if not sep or len(title) > 40:
        title, rest = "", body
    return _Task(
        number=number, title=title.strip(), text=rest.strip(), action=action,
        lead_units=units[:1], supporting_units=units[1:],
    )


def _period(title: str, text: str) -> tuple[int | None, int | None]:
    for source in (title, text):
        span = re.search(r"(\d{4})\s*(?:年)?\s*(?:—|–|-|~|至|到)+\s*(\d{4})\s*年", source)
        if span:
            return int(span.group(1)), int(span.group(2))
    years = [int(y) for y in re.findall(r"(?:到|至|截至|截止)(\d{4})年", text)]
    if not years:
        return None, None
    end = Counter(years).most_common(1)[0][0]
    length = re.search(r"([一二两三四五六七八九十]|\d+)年(?:行动|计划|规划|实施方案|攻坚)", title + text)
    if length:
        n = length.group(1)
        count = int(n) if n.isdigit() else _CN_DIGITS[n]
        return end - count + 1, end
    return end, end


def _city(text: str) -> str | None:
    """The city, when the text names it unambiguously: 济南高新区, 济南市人民政府 …"""
    names = Counter(re.findall(
        r"([\u4e00-\u9fff]{2})(?:市人民政府|市政府|市委|高新区|经开区|经济技术开发区|高新技术产业开发区)",
        text,
    ))
    for stop in ("全市", "我市", "本市", "各市", "省市", "各级"):
        names.pop(stop[:2], None)
    names = Counter({n: c for n, c in names.items() if n + "市" in text})
    return names.most_common(1)[0][0] + "市" if names else None


def _parse(text: str) -> _Document:
    doc = _Document()
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    # Title: the first short lines, up to the version line or the first paragraph.
    index = 0
    title_parts = []
    while index < len(lines):
        line = lines[index]
        if not line:
            index += 1
            if title_parts:
                break
            continue
        version = _VERSION_LINE.match(line)
        if version:
            doc.version = version.group(1)
            index += 1
            break
        if len(line) > 40 or line.endswith("。") or _TOP_HEADING.match(line):
            break
        title_parts.append(line)
        index += 1
    doc.title = "".join(title_parts)
    body_lines = lines[index:]
    number = re.search(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号", text)
    doc.document_number = number.group(0) if number else None
    doc.city = _city(text)
    doc.period_start, doc.period_end = _period(doc.title, text)

    in_goals = False
    top_heading = ""
    action: str | None = None
    current_task: _Task | None = None
    task_lines: list[str] = []
    category: tuple[str, str] | None = None
    category_index = 0

    def close_task() -> None:
        nonlocal current_task, task_lines
        if current_task is not None:
            task = _task_from(current_task.number, "".join(task_lines), current_task.action)
            doc.tasks.append(task)
            doc.blocks.append(_Block(
                text=task.text, in_goals=False, code_prefix=f"T{task.number}",
                task=task.number, lead_units=task.lead_units,
            ))
        current_task, task_lines = None, []

    for line in body_lines:
        if not line:
            continue
        top = _TOP_HEADING.match(line)
        if top and "。" not in line:
            close_task()
            top_heading = top.group(2)
            in_goals = _is_goal_heading(top_heading)
            action, category = None, None
            continue
        sub = _SUB_HEADING.match(line)
        if sub and not in_goals and "。" not in line and len(line) <= 40:
            close_task()
            action = f"A{len(doc.actions) + 1}"
            doc.actions.append({"code": action, "name": sub.group(2)})
            continue
        if in_goals:
            bullet = _BULLET.match(line) or _SUB_HEADING.match(line) or _TASK_LINE.match(line)
            if bullet:
                heading, _, rest = bullet.group(bullet.lastindex).partition("。")
                code, name = _category_for(heading.strip())
                category_index += 1
                if code not in {c["code"] for c in doc.categories}:
                    doc.categories.append({"code": code, "name": name})
                prefix = code.upper() if code in CATEGORY_CODES.values() else f"C{category_index}"
                category = (code, prefix)
                doc.blocks.append(_Block(text=rest, in_goals=True, category=code,
                                         code_prefix=prefix))
            elif category is not None:
                doc.blocks.append(_Block(text=line, in_goals=True, category=category[0],
                                         code_prefix=category[1]))
            else:
                doc.blocks.append(_Block(text=line, in_goals=True, code_prefix="GOAL"))
            continue
        task_match = _TASK_LINE.match(line)
        if task_match:
            close_task()
            if action is None:
                action = f"A{len(doc.actions) + 1}"
                doc.actions.append({"code": action, "name": top_heading or "重点任务"})
            current_task = _Task(int(task_match.group(1)), "", "", action, [], [])
            task_lines = [task_match.group(2)]
            continue
        if current_task is not None:
            task_lines.append(line)
            continue
        doc.blocks.append(_Block(text=line, in_goals=False))
    close_task()
    return doc


# ---------------------------------------------------------------------------------------------
# Clauses
# ---------------------------------------------------------------------------------------------


def _top_level_split(text: str, separators: str) -> list[str]:
    """Split on separators that stand outside brackets and quotes; keep 10,000 whole."""
    parts, depth, start, in_ascii_quote = [], 0, 0, False
    for i, ch in enumerate(text):
        if ch == '"':
            in_ascii_quote = not in_ascii_quote
        elif ch in _OPENERS:
            depth += 1
        elif ch in _CLOSERS:
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
    if unit in _COUNT_UNITS:
        return unit, scale
    if mag:
        return mag + unit, 1.0
    return unit, 1.0


def _hits(clause: str) -> list[_Hit]:
    """Target numbers of a clause, with non-targets (years, names, codes) left out."""
    normal = clause.translate(_FULLWIDTH)
    quoted = _quoted_spans(normal)
    hits = []
    for match in _NUMBER_RE.finditer(normal):
        start, end = match.span()
        before = normal[:start]
        after = normal[end:]
        if any(a <= start < b for a, b in quoted):
            continue  # “12345”, “4个1”: names, not targets
        if (before[-1:].isascii() and before[-1:].isalnum()) or before[-1:] in {".", "+", "*"}:
            continue  # M0, 1+N
        if before.endswith("第") and not _RANK_RE.search(before):
            continue  # 第3批: an ordinal, unless a rank (排名第3位)
        unit, pct = match.group("unit"), bool(match.group("pct") or match.group("lopct"))
        mag = match.group("mag")
        if not (unit or pct or mag):
            if re.match(r"\s*(?:年|月|日|号|周|天|岁|时|期|届|轮|次|级|代|G|[A-Za-z+\-])", after):
                continue  # 2025年, 5G, 十四五 …
            if not before.rstrip().endswith(_VALUE_VERBS):
                continue  # a bare number counts only after 达到/突破 …: 指数达到110
        elif after[:1].isascii() and after[:1].isalnum():
            continue  # 5万G…, 4个1
        if unit == "个" and after[:1].isdigit():
            continue
        if before.rstrip().endswith(_CONTEXT_WORDS):
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
        elif tail.startswith(_GTE_AFTER):
            comparator = "gte"
        elif tail.startswith(_LTE_AFTER):
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
    for verb in _ACTION_VERBS:
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
    text = _MARKERS_RE.sub("", prefix)
    text = re.sub(r"(?:比|较)(?:\d{4}年|上年|基期)(?:年均)?(?:降低|下降|减少|提高|提升|增长|增加|压减)?$",
                  "", text)
    text = re.sub(r"(?:均)?(?<!不)(?:高于|高出|快于)[^，、]*?(?:平均水平|平均|增速|水平)?$", "", text)
    text = _strip_trailing(text.strip("，、 "), _TRAILING_VERBS)
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
    trailing = next((v for v in _ACTION_VERBS if subject.endswith(v)), None)
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
        tail = next((t for t in _TAIL_NOUNS if last.endswith(t) and last != t), None)
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
    for verb in sorted((*_GTE_VERBS, *_LTE_VERBS), key=len, reverse=True):
        if words.endswith(verb):
            return "lte" if verb in _LTE_VERBS else "gte"
    return "gte"


@dataclass
class _Context:
    block: _Block
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
    return any(v in clause for v in (*_VALUE_VERBS[:-2], *_ACTION_VERBS)) or "高于" in clause


def _clause_targets(clause: str, ctx: _Context) -> list[dict]:
    hits = _hits(clause)
    normal = clause.translate(_FULLWIDTH)
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
            if targets and _LEVEL_ONLY.fullmatch(name):
                # 新增国家级绿色工厂10家、省级30家: 省级 borrows 绿色工厂
                earlier = _LEVEL_ONLY.match(targets[-1]["name"]) if targets else None
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
                            _strip_trailing(prefix.rstrip(), _VALUE_VERBS))
    annual = "每年" in markers
    if re.search(r"(?:高于|高出|快于)", prefix) and (unit == "百分点" or "平均" in prefix):
        kind = "differential"
        comparator = after_comparator or "gte"
    elif change and unit == "%":
        kind, base_year = "change", int(change.group(1))
    elif re.search(r"年均(?:增长|增幅|增速|提高|递增)", prefix) and unit in {"%", "百分点"}:
        kind = "avg_growth"
    elif _RANK_RE.search(prefix) or re.search(r"(?:前|第)$", prefix):
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
    for word, comparator in _DIRECTION_WORDS:
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


def _block_targets(block: _Block, doc: _Document) -> list[dict]:
    targets = []
    for sentence in _top_level_split(block.text, "。！？；;"):
        inherited: frozenset[str] = frozenset()
        for clause in _top_level_split(sentence, "，,"):
            ctx = _Context(block, sentence, doc.period_start, doc.period_end, inherited)
            found = _clause_targets(clause, ctx)
            targets.extend(found)
            own = _markers(clause.translate(_FULLWIDTH)) - {"力争"}
            if own:
                inherited = frozenset(own)
            elif _has_verb(clause):
                inherited = frozenset()
    return targets


# ---------------------------------------------------------------------------------------------
# Public API
# ---------------------------------------------------------------------------------------------


def extract_targets(text: str) -> list[dict]:
    """Draft one dict per quantitative target of the plan text (fields: DRAFT_FIELDS)."""
    doc = _parse(text)
    drafts = []
    counters: Counter[str] = Counter()
    for block in doc.blocks:
        for target in _block_targets(block, doc):
            counters[block.code_prefix] += 1
            target["code"] = f"D-{block.code_prefix}-{counters[block.code_prefix]}".upper()
            drafts.append({key: target[key] for key in DRAFT_FIELDS})
    return drafts


def draft_yaml(text: str, *, source_file: str) -> str:
    """A plan YAML draft (docs/plan-schema.md) of what the text yields, for review."""
    doc = _parse(text)
    drafts = extract_targets(text)
    stem = re.sub(r"\.[A-Za-z0-9]+$", "", source_file.rsplit("/", 1)[-1])
    code = re.sub(r"[-_]?(?:draft|草稿)$", "", stem) or stem
    plan = {
        "code": code,
        "title": doc.title or None,
        "city": doc.city,
        "region_code": None,
        "document_number": doc.document_number,
        "version": doc.version,
        "period_start": doc.period_start,
        "period_end": doc.period_end,
        "base_year": doc.period_start - 1 if doc.period_start else None,
        "source_file": source_file,
    }
    tasks = [
        {
            "number": t.number, "action": t.action, "title": t.title, "text": t.text,
            "lead_units": t.lead_units, "supporting_units": t.supporting_units,
        }
        for t in doc.tasks
    ]
    indicators = []
    for draft in drafts:
        indicator = {
            "code": draft["code"], "name": draft["name"], "category": draft["category"],
            "task": draft["task"], "unit": draft["unit"], "kind": draft["kind"],
            "comparator": draft["comparator"], "target_value": draft["target_value"],
        }
        if draft["target_value_high"] is not None:
            indicator["target_value_high"] = draft["target_value_high"]
        share = draft["kind"] == "share" and draft["unit"] == "%"
        indicator |= {
            "target_year": draft["target_year"], "base_value": draft["base_value"],
            "base_year": draft["base_year"], "tolerance": None,
            "lower_limit": 0 if share else None, "upper_limit": 100 if share else None,
            "aspirational": draft["aspirational"], "frequency": "annual", "source": "reported",
            "reporting_units": list(draft["lead_units"]),
        }
        if draft["kind"] == "differential":
            against = re.search(r"(?:高于|高出|快于)(.*?)(?:平均水平|平均)", draft["sentence"])
            indicator["compare_to"] = (against.group(1) + "平均") if against else None
        indicator["sentence"] = draft["sentence"]
        indicator["note"] = REVIEW_NOTE
        indicators.append(indicator)
    document = {
        "plan": plan,
        "categories": doc.categories,
        "actions": doc.actions,
        "tasks": tasks,
        "indicators": indicators,
    }
    header = (
        f"# 草稿：由 qiangshi.engine.extract {EXTRACT_VERSION} 从 {source_file} 自动抽取，"
        "每个指标均须人工复核（note: 待人工复核）。\n"
        "# Draft: every value, kind, comparator and unit must be checked against the plan text.\n"
    )
    body = yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000,
                          default_flow_style=False)
    return header + body


# ---------------------------------------------------------------------------------------------
# Recall against a hand-encoded plan
# ---------------------------------------------------------------------------------------------

_UNIT_NORMAL: dict[str, tuple[str, float]] = {
    "万亿元": ("亿元", 1e4), "千亿元": ("亿元", 1e3), "亿元": ("亿元", 1.0), "万元": ("亿元", 1e-4),
    "元": ("亿元", 1e-8), "个百分点": ("百分点", 1.0), "％": ("%", 1.0), "百分比": ("%", 1.0),
}


def normalise_unit(value: float, unit: str | None) -> tuple[float, str]:
    """(value, unit) in a canonical unit: money in 亿元, 万家 in 家, 个百分点 as 百分点."""
    unit = (unit or "").strip()
    if unit in _UNIT_NORMAL:
        canonical, scale = _UNIT_NORMAL[unit]
        return value * scale, canonical
    if unit.startswith("万") and unit[1:] in _COUNT_UNITS:
        return value * 1e4, unit[1:]
    return value, unit


def _is_number(value: object) -> bool:
    return isinstance(value, Real) and not isinstance(value, bool)


def _same_value(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) or a == b


def _task_number(value: object) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return None


def _same_place(draft: dict, encoded: dict) -> bool:
    d_task, e_task = _task_number(draft.get("task")), _task_number(encoded.get("task"))
    if d_task is not None:
        return d_task == e_task
    return e_task is None and draft.get("category") is not None \
        and draft.get("category") == encoded.get("category")


def _bigrams(text: str | None) -> set[str]:
    text = re.sub(r"\s", "", text or "")
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _quantitative(encoded: list[dict]) -> list[dict]:
    return [
        e for e in encoded if e.get("kind") != "qualitative" and _is_number(e.get("target_value"))
    ]


def match_pairs(drafts: list[dict], encoded: list[dict]) -> list[tuple[int, int]]:
    """(draft index, quantitative-encoded index) pairs, one-to-one, as :func:`recall` counts them.

    The encoded index refers to the encoded indicators that are quantitative (kind not
    qualitative, numeric target_value), in their order.
    """
    quantitative = _quantitative(encoded)
    pairs = []
    for i, draft in enumerate(drafts):
        if not _is_number(draft.get("target_value")):
            continue
        d_value, d_unit = normalise_unit(float(draft["target_value"]), draft.get("unit"))
        d_sentence, d_name = _bigrams(draft.get("sentence")), _bigrams(draft.get("name"))
        for j, enc in enumerate(quantitative):
            e_value, e_unit = normalise_unit(float(enc["target_value"]), enc.get("unit"))
            if d_unit != e_unit or not _same_value(d_value, e_value):
                continue
            if not _same_place(draft, enc):
                continue
            score = (len(d_sentence & _bigrams(enc.get("sentence"))),
                     len(d_name & _bigrams(enc.get("name"))))
            pairs.append((score, i, j))
    pairs.sort(key=lambda p: (-p[0][0], -p[0][1], p[1], p[2]))
    used_drafts: set[int] = set()
    used_encoded: set[int] = set()
    matched = []
    for _, i, j in pairs:
        if i in used_drafts or j in used_encoded:
            continue
        used_drafts.add(i)
        used_encoded.add(j)
        matched.append((i, j))
    return sorted(matched)


def recall(drafts: list[dict], encoded: list[dict]) -> dict:
    """How many hand-encoded quantitative indicators the drafts recover, and at what precision.

    An encoded indicator is quantitative when its kind is not qualitative and its
    target_value is a number. A draft matches one when the target values are equal
    (1e-9 relative) in the same normalised unit (:func:`normalise_unit`) and both come
    from the same task, or both from 发展目标 with the same category; pairs are assigned
    one-to-one, greedily by sentence overlap (character bigrams), then name overlap.
    Recall is 0.0 when nothing is quantitative, precision 0.0 when there are no drafts.
    """
    quantitative = _quantitative(encoded)
    pairs = match_pairs(drafts, encoded)
    matched_drafts = {i for i, _ in pairs}
    matched_encoded = {j for _, j in pairs}
    n = len(quantitative)
    return {
        "quantitative": n,
        "matched": len(matched_encoded),
        "recall": len(matched_encoded) / n if n else 0.0,
        "drafts": len(drafts),
        "precision": len(matched_drafts) / len(drafts) if drafts else 0.0,
        "missed": [e.get("code") for j, e in enumerate(quantitative) if j not in matched_encoded],
        "unmatched_drafts": [d.get("sentence") for i, d in enumerate(drafts)
                             if i not in matched_drafts],
    }
