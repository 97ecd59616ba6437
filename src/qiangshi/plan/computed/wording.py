"""A computed indicator's formula (docs/plan-schema.md) in words, for the pages that show how
a figure was computed: a reader sees "规上工业企业的营业收入合计（万元折算为亿元）", not the
formula's dictionary."""

import re

from qiangshi.engine.projects import REGISTERED, REGISTERED_LABEL, STAGE_LABELS
from qiangshi.enterprises.columns import FACT_FIELDS
from qiangshi.enterprises.selectors import honour_labels

GROUPS = {"advanced_mfg": "先进制造业", "hightech_mfg": "高技术制造业", "digital_core": "数字经济核心产业",
          "equipment_mfg": "装备制造业", "pillar": "主导支柱产业"}
PROJECT_KINDS = {"new": "新建", "expansion": "扩建", "renovation": "技术改造", "attracted": "招商引资"}
PROJECT_FLAGS = {"major": "省市重大项目", "key_renovation": "重点技改", "chain_strengthening": "强链补链",
                 "state_owned": "央企/省属"}
SCALES = {0.0001: "（万元折算为亿元）"}
STAGES = STAGE_LABELS | {REGISTERED: REGISTERED_LABEL}


def _field(name: str) -> str:
    return re.sub(r"（[^（]*）$", "", FACT_FIELDS.get(name, (name,))[0])


def _unit(name: str) -> str:
    found = re.search(r"（([^（]*)）$", FACT_FIELDS.get(name, ("",))[0])
    return f" {found.group(1)}" if found else ""


def _firm_conditions(where: dict) -> list[str]:
    kinds, levels = honour_labels()
    words = []
    if where.get("above_scale"):
        words.append("规模以上")
    if where.get("industrial"):
        words.append("工业（采矿业、制造业、电力热力燃气及水生产和供应业）")
    if where.get("group"):
        words.append(GROUPS.get(where["group"], where["group"]))
    if where.get("industry_prefix"):
        words.append(f"行业代码以 {'、'.join(where['industry_prefix'])} 开头")
    if where.get("honour"):
        level = "或".join(levels.get(v, v) for v in where.get("honour_level") or [])
        held = where["honour"]
        one_of = "之一" if len(held) > 1 else ""
        words.append(f"持有{level}{'、'.join(kinds.get(k, k) for k in held)}{one_of}")
    if where.get("listed"):
        words.append("上市")
    if where.get("min"):
        field = where["min"]["field"]
        words.append(f"{_field(field)}不低于 {where['min']['value']:,}{_unit(field)}")
    return words


def _project_conditions(where: dict) -> list[str]:
    words = []
    if where.get("kind"):
        words.append("、".join(PROJECT_KINDS.get(k, k) for k in where["kind"]))
    if "min_investment" in where:
        words.append(f"计划总投资不低于 {where['min_investment']:,} 万元")
    words += [label for flag, label in PROJECT_FLAGS.items() if where.get(flag)]
    return words


def formula_words(formula: dict) -> str:
    where = formula.get("where") or {}
    if formula.get("source") == "projects":
        conditions = _project_conditions(where)
        projects = f"项目（{'；'.join(conditions)}）" if conditions else "项目"
        if formula.get("measure") == "growth":
            return f"{projects}完成投资的同比增长（%）"
        return f"当年进入“{STAGES.get(formula.get('stage', ''), '')}”阶段的{projects}数"
    conditions = _firm_conditions(where)
    firms = f"企业（{'；'.join(conditions)}）" if conditions else "企业"
    scale = SCALES.get(formula.get("scale"), "")
    if formula.get("measure") == "sum":
        return f"{firms}的{_field(formula.get('field', ''))}合计{scale}"
    if formula.get("measure") == "share":
        numerator, denominator = formula.get("numerator") or {}, formula.get("denominator") or {}
        part = "；".join(_firm_conditions(numerator.get("where") or {}))
        return (f"{firms}中，{part + '企业的' if part else ''}{_field(numerator.get('field', ''))}占"
                f"全部{_field(denominator.get('field', ''))}的比重（%）")
    return f"符合条件的企业数：{'；'.join(conditions)}" if conditions else "企业数"
