"""The plan text's structure: title, version, period, the 发展目标 bullets, the numbered tasks
with their 责任单位, cut into blocks whose targets share a place in the plan."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .vocabulary import CATEGORY_CODES, CN_DIGITS, STRIP_UNIT_TAIL, UNIT_LIST_RE, UNIT_SUFFIX_RE


@dataclass
class _Task:
    number: int
    title: str
    text: str
    action: str | None
    lead_units: list[str]
    supporting_units: list[str]


@dataclass
class Block:
    """A stretch of text whose targets share a place in the plan."""

    text: str
    in_goals: bool
    category: str | None = None
    code_prefix: str = "PLAN"
    task: int | None = None
    lead_units: list[str] = field(default_factory=list)


@dataclass
class Document:
    title: str = ""
    version: str | None = None
    document_number: str | None = None
    city: str | None = None
    period_start: int | None = None
    period_end: int | None = None
    categories: list[dict] = field(default_factory=list)
    actions: list[dict] = field(default_factory=list)
    tasks: list[_Task] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)


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
        unit = STRIP_UNIT_TAIL.sub("", part.strip()).strip()
        if unit:
            units.append(unit)
    return units


def _looks_like_unit_list(raw: str) -> bool:
    parts = _split_units(raw)
    return bool(parts) and all(UNIT_SUFFIX_RE.search(p) for p in parts)


def _task_from(number: int, body: str, action: str | None) -> _Task:
    """Split a task paragraph into title, text and its unit list."""
    body = body.strip()
    units: list[str] = []
    match = UNIT_LIST_RE.search(body)
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
        count = int(n) if n.isdigit() else CN_DIGITS[n]
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


def parse(text: str) -> Document:
    doc = Document()
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
            doc.blocks.append(Block(
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
                doc.blocks.append(Block(text=rest, in_goals=True, category=code,
                                         code_prefix=prefix))
            elif category is not None:
                doc.blocks.append(Block(text=line, in_goals=True, category=category[0],
                                         code_prefix=category[1]))
            else:
                doc.blocks.append(Block(text=line, in_goals=True, code_prefix="GOAL"))
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
        doc.blocks.append(Block(text=line, in_goals=False))
    close_task()
    return doc
