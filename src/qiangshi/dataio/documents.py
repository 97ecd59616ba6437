"""Versioned documents — 亩均 methods, tier rules, industry groups, action plans: one reader,
one problem type, one save.

A document is YAML an analyst edits (or a packaged file). It is read here with the line of
every mapping and key kept (`yaml_read`), checked by its own rules, and every problem found
is reported at once as a `DocumentProblem` — the line when it is known, the field, the
message in Chinese — inside one `DocumentInvalid`, so that a document can be fixed in one
pass. Saving a new version (note, who, number) is dataio.versions. No Django here: a plan's
schema reads its document before any model exists.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import yaml


@dataclass(frozen=True)
class DocumentProblem:
    line: int | None
    message: str
    field: str = ""

    def __str__(self):
        where = f"第 {self.line} 行，" if self.line else ""
        return f"{where}{self.field}：{self.message}" if self.field else where + self.message


class DocumentInvalid(ValueError):
    """A document, or a version of it, that cannot be used; `problems` lists every reason."""

    def __init__(self, problems: list["DocumentProblem | str"]):
        self.problems = [p if isinstance(p, DocumentProblem) else DocumentProblem(None, p)
                         for p in problems]
        super().__init__("；".join(self.messages))

    @property
    def messages(self) -> list[str]:
        """The problems as shown to people, one sentence each."""
        return [str(p) for p in self.problems]


class Lined(dict):
    """A mapping that remembers the line of itself and of each key."""

    line: int = 0
    key_lines: dict


class _LineLoader(yaml.SafeLoader):
    pass


def _construct_mapping(loader, node):
    mapping = Lined(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def yaml_read(text: str):
    """The YAML document in `text`, its mappings `Lined`; DocumentInvalid with the line for
    text that is not YAML."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise DocumentInvalid([DocumentProblem(mark.line + 1 if mark else None,
                                               f"格式错误：{getattr(error, 'problem', error)}",
                                               "YAML")]) from None


def line_of(document, path: str) -> int | None:
    """The line of the deepest part of `path` (e.g. "indicators[2].weight") that `document`
    (as yaml_read gives it) holds; None when the document has no lines or not even the first
    part of the path."""
    node, line = document, None
    for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path):
        if index and isinstance(node, list) and int(index) < len(node):
            node = node[int(index)]
            line = getattr(node, "line", line)
        elif name and isinstance(node, dict) and name in node:
            line = getattr(node, "key_lines", {}).get(name, line)
            node = node[name]
        else:
            break
    return line


def located(messages: list[str], document,
            path_of: Callable[[str], str | None] = lambda where: where) -> list[DocumentProblem]:
    """A checker's messages ("where：what", e.g. the engine's) as problems with the line of
    `where` in `document`; `path_of` turns a checker's "where" into a document path."""
    problems = []
    for message in messages:
        where, colon, what = message.partition("：")
        if not colon:
            problems.append(DocumentProblem(None, message))
            continue
        path = path_of(where)
        problems.append(DocumentProblem(line_of(document, path) if path else None, what, where))
    return problems


def plain(value):
    """A document without the line bookkeeping, for storing as JSON."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


def mapping_read(text: str, what: str) -> Lined:
    """A document that must be one mapping (e.g. "规则应为一个映射（tier、name、version …）"
    as `what`), lines kept; DocumentInvalid otherwise."""
    document = yaml_read(text)
    if not isinstance(document, dict):
        raise DocumentInvalid([DocumentProblem(1, what)])
    return document
