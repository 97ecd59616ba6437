"""The column headers of the project import template, in the order the template shows them.

Field name → Chinese header. The importer and the demo generator both use these, so a
generated workbook imports as it is. No Django here."""

# stage (engine.projects.STAGES, plus "registered" for 入库) → the field holding its date
STAGE_DATE_FIELDS = {
    "planning": "planning_on",
    "reserve": "reserve_on",
    "signed": "signed_on",
    "started": "started_on",
    "registered": "registered_on",
    "completed": "completed_on",
    "producing": "producing_on",
    "counted": "counted_on",
}

PROJECT_COLUMNS = {
    "code": "项目编号",
    "name": "项目名称",
    "owner_uscc": "业主统一社会信用代码",
    "owner_name": "业主名称",
    "region": "所在区县",
    "zone": "所在功能区",
    "chain_code": "产业链",
    "chain_node": "产业链环节",
    "kind": "项目类型",
    "major": "省市重大项目",
    "key_renovation": "重点技改",
    "chain_strengthening": "强链补链",
    "state_owned": "央企省属",
    "planned_investment": "计划总投资（万元）",
    "origin": "项目来源",
    "origin_list": "招商目标清单",
    "unit": "责任单位",
    "contact": "联系人",
    "planning_on": "谋划日期",
    "reserve_on": "储备日期",
    "signed_on": "签约日期",
    "started_on": "开工日期",
    "registered_on": "入库日期",
    "completed_on": "竣工日期",
    "producing_on": "投产日期",
    "counted_on": "纳统日期",
}
PROJECT_REQUIRED = ("code", "name", "region", "kind", "unit")

PROGRESS_COLUMNS = {
    "code": "项目编号",
    "period": "年月",
    "invested_month": "当月完成投资（万元）",
    "physical_percent": "形象进度（%）",
    "issues": "存在问题",
    "issue_kind": "问题类别",
    "issue_unit": "协调单位",
}
PROGRESS_REQUIRED = ("code", "period")

PLAN_COLUMNS = {
    "code": "项目编号",
    "year": "年度",
    "planned": "年度计划投资（万元）",
}
PLAN_REQUIRED = ("code", "year", "planned")

PROJECT_SHEETS = {"projects": "项目", "progress": "月度进展", "plans": "年度计划"}

