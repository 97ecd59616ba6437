"""The blank project import workbook: sheets 项目, 月度进展 and 年度计划 with one example row each,
and the 填写说明 sheet with the import rules (absent column / empty cell keep, 清空 clears)."""

from qiangshi.dataio.excel import template_sheet, template_workbook
from qiangshi.projects.columns import PLAN_COLUMNS, PROGRESS_COLUMNS, PROJECT_COLUMNS, PROJECT_SHEETS

EXAMPLE_CODE = "JN-2025-001"


NOTES = (
    "金额单位为万元；形象进度填 0 到 100 的百分数；年月如 2025-03。",
    "阶段日期（谋划、储备、签约、开工、入库、竣工、投产、纳统）不能用“清空”删除，"
    "如需更正请在项目页面处理。",
    "变更项目所在区县只能由全市数据权限的分析人员导入。",
    "产业链填产业链代码（如 new-energy-vehicle）；产业链环节须是该产业链最新图谱中的节点名称。",
)


def project_template() -> bytes:
    return template_workbook({
        PROJECT_SHEETS["projects"]: template_sheet(PROJECT_COLUMNS, {
            "code": EXAMPLE_CODE, "name": "某某智能装备产业园项目", "owner_name": "某某装备有限公司",
            "region": "历城区", "chain_code": "new-energy-vehicle", "chain_node": "动力电池",
            "kind": "新建", "major": "是", "planned_investment": "120000",
            "origin": "招商", "unit": "历城区政府", "planning_on": "2024-11-01",
            "signed_on": "2025-01-10"}),
        PROJECT_SHEETS["progress"]: template_sheet(PROGRESS_COLUMNS, {
            "code": EXAMPLE_CODE, "period": "2025-03", "invested_month": "3500",
            "physical_percent": "15", "issues": "用地手续办理中", "issue_kind": "要素保障"}),
        PROJECT_SHEETS["plans"]: template_sheet(PLAN_COLUMNS, {
            "code": EXAMPLE_CODE, "year": "2025", "planned": "40000"}),
    }, *NOTES)
