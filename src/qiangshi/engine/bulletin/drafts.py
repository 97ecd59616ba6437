"""三、存在问题 and 四、下步工作, drafted from the data for the analyst to edit before issuing:
the indicators behind schedule, the units that fell or were marked yellow or red, the chains
behind target, stalled projects and open 督办, the units that reported late. Each part is a
（一）… sub-part, left out when nothing in the inputs calls for it."""

from __future__ import annotations

import polars as pl

from qiangshi.engine.document import Section
from qiangshi.engine.projects import RULE_LABELS

from .inputs import REGION_SCHEMA, BulletinInputs
from .overall import BEHIND, BEHIND_WORDS, completion_words
from .regions import indicator_order
from .tables import UNITS
from .words import BulletinPeriod, Facts, names

CN_ORDINALS = "一二三四五六七八九十"


def numbered(parts: list[tuple[str, str]]) -> list[Section]:
    return [
        Section(heading=f"（{CN_ORDINALS[i]}）{title}", paragraphs=[text])
        for i, (title, text) in enumerate(parts)
    ]


def _behind_indicators(inputs: BulletinInputs) -> pl.DataFrame:
    if inputs.indicators is None:
        return pl.DataFrame()
    return inputs.indicators.filter(pl.col("status").is_in(BEHIND))


def _falling_units(inputs: BulletinInputs) -> tuple[str, pl.DataFrame]:
    """The first indicator of the region table (the bulletin's headline) and its units that fell."""
    if inputs.regions is None:
        return "", pl.DataFrame(schema=REGION_SCHEMA)
    code = indicator_order(inputs.regions, inputs.indicators)[0]
    table = inputs.regions.filter((pl.col("indicator") == code) & (pl.col("yoy").round(1) < 0))
    return code, table.sort(["yoy", "region"])


def _marked(inputs: BulletinInputs, mark: str) -> list[str]:
    if inputs.ranking is None:
        return []
    return (
        inputs.ranking.filter(pl.col("mark") == mark)
        .sort(["rank", "region"], nulls_last=True)["region"]
        .to_list()
    )


def _late_units(inputs: BulletinInputs) -> list[str]:
    if inputs.reporting is None:
        return []
    late = (pl.col("late").fill_null(0) + pl.col("missing").fill_null(0)) > 0
    return inputs.reporting.filter(late)["unit"].to_list()


def problems(inputs: BulletinInputs, period: BulletinPeriod, facts: Facts) -> list[Section]:
    parts = []
    behind = _behind_indicators(inputs)
    if behind.height:
        clauses = []
        for row in behind.iter_rows(named=True):
            clause = f"{row['name']}{BEHIND_WORDS[row['status']]}"
            if row["completion"] is not None:
                clause += f"，{period.span}{completion_words(row, period, facts)}"
            clauses.append(clause)
        parts.append(("部分指标进度滞后", f"{'；'.join(clauses)}。"))
    code, falling = _falling_units(inputs)
    red, yellow = _marked(inputs, "red"), _marked(inputs, "yellow")
    if falling.height or red or yellow:
        sentences = []
        if falling.height:
            named = [
                f"{region}（{facts.growth(yoy, f'regions/{region}/{code}/yoy')}）"
                for region, yoy in falling.select("region", "yoy").iter_rows()
            ]
            sentences.append(f"{period.span}，{names(named)}{falling['indicator_name'][0]}同比下降")
        sentences += [
            f"{names(units)}被亮{label}" for units, label in ((red, "红牌"), (yellow, "黄牌")) if units
        ]
        parts.append((f"部分{UNITS}增长乏力", f"{'；'.join(sentences)}。"))
    if inputs.chains is not None:
        chains = inputs.chains.filter(pl.col("status").is_in(BEHIND))["chain"].to_list()
        if chains:
            parts.append(("部分产业链进度偏慢", f"{names(chains)}{period.span}未达到目标进度。"))
    project = _project_problem(inputs, facts)
    if project:
        parts.append(("项目推进仍有堵点", project))
    late = _late_units(inputs)
    if late:
        parts.append(("数据报送不够及时", f"{period.span}，{names(late)}存在逾期报送或未报情况。"))
    return numbered(parts)


def _project_problem(inputs: BulletinInputs, facts: Facts) -> str:
    sentences = []
    if inputs.stalls is not None:
        stalled = inputs.stalls.filter(pl.col("count") > 0)
        labels = [label for rule, label in RULE_LABELS.items() if rule in stalled["rule"].to_list()]
        if labels:
            sentences.append(f"{names(labels)}等问题依然存在")
    if inputs.dispatches is not None:
        overdue = inputs.dispatches["overdue"][0]
        if overdue:
            sentences.append(f"{facts.count(overdue, 'dispatches/overdue', '件')}督办事项逾期未办结")
    return f"{'，'.join(sentences)}。" if sentences else ""


def next_steps(inputs: BulletinInputs, facts: Facts) -> list[Section]:
    parts = []
    behind = _behind_indicators(inputs)
    if behind.height:
        parts.append(
            (
                "紧盯滞后指标",
                f"聚焦{names(behind['name'].to_list())}等滞后指标，逐项分析原因，"
                "加密调度频次，确保完成年度目标任务。",
            )
        )
    _, falling = _falling_units(inputs)
    lagging = list(
        dict.fromkeys(falling["region"].to_list() + _marked(inputs, "red") + _marked(inputs, "yellow"))
    )
    if lagging:
        parts.append(
            (
                f"推动后进{UNITS}赶超",
                f"督促{names(lagging)}对标先进、查找差距，制定赶超措施，力争增速回升、位次前移。",
            )
        )
    if inputs.dispatches is not None:
        row = inputs.dispatches.row(0, named=True)
        if row["open"]:
            text = f"对{facts.count(row['open'], 'dispatches/open', '件')}未办结督办事项"
            if row["overdue"]:
                text += f"（其中逾期{facts.count(row['overdue'], 'dispatches/overdue', '件')}）"
            parts.append(("强化项目督办", text + "逐件跟踪，限期办结，推动停滞项目尽快转段。"))
    late = _late_units(inputs)
    if late:
        parts.append(("提高数据报送质量", f"督促{names(late)}严格按时限报送数据，对逾期单位持续催报。"))
    return numbered(parts)
