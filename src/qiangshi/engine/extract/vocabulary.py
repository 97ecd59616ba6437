"""The words and patterns the extractor knows: units, verbs that set a comparator, words that
mark a number as context, the scope markers and the fields of a draft."""

from __future__ import annotations

import re

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

CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10}
FULLWIDTH = str.maketrans("０１２３４５６７８９．％－～，", "0123456789.%-~,")

# Units a target number may carry, longest first. Counts take 万 as a multiplier
# (1万家 → 10000 家); physical units keep it (100万吨 → 100 万吨).
_RATIO_UNITS = ("吨标准煤/万元", "立方米/万元", "千瓦时/万元", "吨/万元", "万元/亩", "万元/人")
COUNT_UNITS = ("家", "个", "项", "座", "台", "套", "件", "款", "种", "条", "所", "户", "名", "人次",
                "人", "位", "艘", "辆", "架", "部", "批", "本", "处", "栋", "张")
_PHYSICAL_UNITS = ("微克/立方米", "吨标准煤", "平方公里", "平方米", "立方米", "千瓦时", "公里", "千米",
                   "千瓦", "兆瓦", "吨", "亩", "米", "倍", "小时", "天")
_UNIT_ALTERNATION = "|".join(
    re.escape(u) for u in sorted(
        (*_RATIO_UNITS, "个百分点", "百分点", *COUNT_UNITS, *_PHYSICAL_UNITS, "元"),
        key=len, reverse=True,
    )
)
_NUM = r"\d+(?:,\d{3})*(?:\.\d+)?"
NUMBER_RE = re.compile(
    rf"(?P<lo>{_NUM})(?P<lopct>%)?"
    rf"(?:\s*(?:-|–|—|~|至)\s*(?P<hi>{_NUM}))?"
    rf"\s*(?P<pct>%)?(?P<mag>万亿|千亿|百亿|亿|万|千(?![瓦米克兆]))?(?P<unit>{_UNIT_ALTERNATION})?"
)

GTE_AFTER = ("以上", "及以上")
LTE_AFTER = ("以下", "以内")
GTE_VERBS = ("突破", "超过", "不低于", "不少于", "达到", "高于", "提高到", "提升到", "提高至", "提升至")
LTE_VERBS = ("不超过", "控制在", "不高于", "低于", "压减到", "降至", "降低到")
VALUE_VERBS = ("达到", "突破", "超过", "不低于", "不少于", "不超过", "控制在", "不高于", "保持在",
                "稳定在", "提高到", "提升到", "提高至", "提升至", "为", "达")
# Words in front of a number that mark it as context, not a target: 聚焦10个产业链群.
CONTEXT_WORDS = ("聚焦", "围绕", "依托", "按照", "对照", "立足", "瞄准", "针对")

# Verbs that open a clause whose object is named after the number: 培育100家以上省级软件工程技术中心.
ACTION_VERBS = tuple(sorted((
    "培育形成", "培育认定", "滚动谋划储备", "谋划储备", "统筹安排", "培育", "创建", "打造", "建设", "建成",
    "实施", "引进", "新建", "推动", "优选", "安排", "形成", "认定", "争创", "创成", "招引", "完成",
    "开展", "新培育", "新认定", "支持", "建立", "布局", "主攻", "推广", "实现", "引育", "新增", "累计",
    "储备", "谋划", "认证", "评选", "遴选", "改造", "培训", "吸引", "落地", "开工", "投产", "覆盖",
    "带动", "服务", "提供", "发布", "组织", "举办", "扶持",
), key=len, reverse=True))
# Scope words removed wherever they stand in a subject.
MARKERS_RE = re.compile(r"到\d{4}年(?:底|末)?|(?:截至|截止)\d{4}年(?:底|末)?|\d{4}年(?:底|末)?前|"
                         r"力争|每年|累计|新增|其中|确保")
TRAILING_VERBS = tuple(sorted((
    *VALUE_VERBS, "分别", "均", "要", "将", "总量", "合计", "共",
), key=len, reverse=True))
TAIL_NOUNS = ("数量", "增幅", "增速", "增加值", "营业收入", "规模", "比重", "占比", "家数", "个数",
               "总数", "投资", "产值")

DIRECTION_WORDS = (
    ("持续提升", "increase"), ("持续提高", "increase"), ("逐年提高", "increase"),
    ("逐年提升", "increase"), ("稳步提升", "increase"), ("稳步提高", "increase"),
    ("持续增长", "increase"), ("逐年增长", "increase"), ("持续扩大", "increase"),
    ("持续下降", "decrease"), ("逐年下降", "decrease"), ("持续降低", "decrease"),
    ("逐年降低", "decrease"), ("稳步下降", "decrease"),
    ("基本稳定", "stable"), ("保持稳定", "stable"), ("总体稳定", "stable"), ("稳定在合理区间", "stable"),
)

RANK_RE = re.compile(r"排名|位次|排位|位居|居全[国省市]|进入[^，、]{0,8}前$")
LEVEL_ONLY = re.compile(r"国家级|省级及以上|省级以上|省级|市级及以上|市级以上|市级|区县级|县级")
OPENERS = "（(“《「【‘"
CLOSERS = "）)”》」】’"
UNIT_SUFFIX_RE = re.compile(
    r"(局|委|办|厅|部|政府|管委会|中心|分局|中支|营管部|机关|公司|集团|协会|院|所|会|处|室|站|队)$"
)
UNIT_LIST_RE = re.compile(r"[（(]\s*(责任单位|牵头单位|责任部门)?\s*[:：]?\s*([^（）()]*)[）)]\s*$")
STRIP_UNIT_TAIL = re.compile(r"等(?:市直)?(?:有关|相关)?(?:部门|单位)(?:按职责分工负责)?$")
