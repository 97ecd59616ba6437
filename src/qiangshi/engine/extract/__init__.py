"""Draft the quantitative targets of an action plan from its plain text.

The extractor reads the text of a Chinese industrial action plan (发展目标 bullets,
numbered tasks with their 责任单位) and returns one dict per quantitative target it
finds, shaped like the rows of ``qiangshi plan export --json``, plus the clause the
target came from. It is a drafting aid: every result is meant for a person to
review before it becomes part of a plan YAML (see docs/plan-extract.md).

Pure functions over strings: no Django, no I/O. One module per stage: ``vocabulary`` (units,
verbs, markers, the draft's fields), ``document`` (the text's structure cut into blocks),
``clauses`` (the targets of a block's clauses), ``draft`` (``extract_targets``,
``draft_yaml``) and ``recall`` (against a hand-encoded plan).
"""

# the plan command reads these three through the package
from .draft import draft_yaml, extract_targets
from .recall import recall

__all__ = ["draft_yaml", "extract_targets", "recall"]
