"""The roles of DESIGN.md as Django groups. A module that adds models adds its permissions here."""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission

VIEW_REFERENCE = ("accounts.view_region", "accounts.view_unit", "plan.view_plan",
                  "plan.view_task", "plan.view_indicator", "plan.view_observation",
                  "enterprises.view_enterprise", "evaluation.view_run", "projects.view_project",
                  "plan.view_breakdown", "assessment.view_run",
                  "chains.view_chainversion", "chains.view_run", "chains.view_noderesult",
                  "chains.view_leader", "bulletins.view_document")
KEEP_PROJECTS = ("projects.add_project", "projects.change_project")
DISPATCH = ("projects.view_dispatch", "projects.add_dispatch", "projects.change_dispatch")
ANSWER_DISPATCH = ("projects.view_dispatch", "projects.answer_dispatch")
RUN_EVALUATIONS = ("evaluation.add_run", "evaluation.add_methodversion", "evaluation.add_override",
                   "evaluation.change_override", "evaluation.view_appeal",
                   "evaluation.change_appeal")
# The chain task force's decisions on firms and 链主, and a new run so its figures follow them.
KEEP_CHAINS = ("chains.add_decision", "chains.change_leader", "chains.add_run", "chains.add_chainversion")
RUN_ASSESSMENTS = ("assessment.add_run", "assessment.add_schemeversion")
WRITE_BULLETINS = ("bulletins.add_document", "bulletins.change_document", "bulletins.issue_document",
                   "bulletins.add_letterhead", "bulletins.view_letterhead")
RAISE_APPEALS = ("evaluation.add_appeal", "evaluation.view_appeal")
KEEP_ENTERPRISES = ("enterprises.add_enterprise", "enterprises.change_enterprise",
                    "enterprises.add_fact", "enterprises.change_fact")
SET_INDUSTRY_LISTS = ("enterprises.add_industrygroupsversion",)
VIEW_POOL = ("cultivation.view_poolmember", "cultivation.view_supportmeasure")
KEEP_POOL = (*VIEW_POOL, "cultivation.add_poolmember", "cultivation.change_poolmember",
             "cultivation.add_supportmeasure")
VIEW_TIERS = ("cultivation.view_tierrun", "cultivation.view_tieritementry")
# The chains' target list and carriers (i15lists): the task force keeps its chain's targets,
# a district its region's carriers; the stored row's chain or region is checked on write.
VIEW_CHAIN_LISTS = ("chains.view_targetfirm", "chains.view_targetevent", "chains.view_carrier")
KEEP_TARGETS = ("chains.add_targetfirm", "chains.change_targetfirm", "chains.add_targetevent")
KEEP_CARRIERS = ("chains.add_carrier", "chains.change_carrier")
# 惠企政策 (issue 17 pages): everyone who may read them reads the policies and the stored runs,
# a district only its own firms' results (scoped through the enterprise); analysts edit,
# publish, match and dry-run.
VIEW_POLICIES = ("policies.view_policyversion", "policies.view_matchrun", "policies.view_matchresult",
                 "policies.view_dryrun")
KEEP_POLICIES = ("policies.add_policyversion", "policies.publish_policyversion", "policies.add_matchrun",
                 "policies.add_dryrun")
# 政策兑现 (i17ledger): the city's analysts and the responsible departments (reporters, scoped by
# the budget line's department) review, publicise and pay; leaders and districts read (a
# district only its own firms).
VIEW_LEDGER = ("policies.view_budget", "policies.view_batch", "policies.view_batchitem",
               "policies.view_objection", "policies.view_application", "policies.view_ledgerentry")
KEEP_LEDGER = (*VIEW_LEDGER, "policies.add_budget", "policies.add_batch", "policies.change_batch",
               "policies.change_batchitem", "policies.add_objection", "policies.change_objection",
               "policies.add_application", "policies.change_application", "policies.add_ledgerentry",
               "policies.change_ledgerentry")
# Service vouchers and 跟踪问效 (i17vouchers): the city keeps programmes, providers, issuing and
# redemptions; a district reads its own firms' vouchers, a leader reads them all.
VIEW_VOUCHERS = ("policies.view_policyversion", "policies.view_voucherprogramme", "policies.view_voucher",
                 "policies.view_serviceprovider", "policies.view_redemption")
KEEP_VOUCHERS = (*VIEW_VOUCHERS, "policies.add_voucherprogramme", "policies.add_serviceprovider",
                 "policies.add_voucher", "policies.change_voucher", "policies.add_redemption",
                 "policies.add_effectresult")
REPORT_FIGURES = ("plan.add_observation", "plan.change_observation", "plan.add_submission",
                  "plan.change_submission")


@dataclass(frozen=True)
class Role:
    code: str
    name: str
    description: str
    permissions: tuple[str, ...]
    scope: str  # what the role's users are normally scoped by


ROLES = (
    Role(
        "admin", "系统管理员", "维护用户、权限与基础数据，查阅审计日志。",
        (*VIEW_REFERENCE, "accounts.change_region", "accounts.change_unit",
         "accounts.view_user", "accounts.add_user", "accounts.change_user",
         "accounts.view_auditevent"),
        "all",
    ),
    Role(
        "analyst", "市工信局分析员", "维护计划、指标与方法，运行评价，编发通报。",
        (*VIEW_REFERENCE, *REPORT_FIGURES, "accounts.change_region", "accounts.change_unit",
         *KEEP_ENTERPRISES, *SET_INDUSTRY_LISTS, *RUN_EVALUATIONS, *RUN_ASSESSMENTS, *KEEP_PROJECTS,
         *DISPATCH, *KEEP_CHAINS, *WRITE_BULLETINS,
         *KEEP_POOL, "cultivation.select_city_level", *VIEW_TIERS, "cultivation.add_tierrun",
         "cultivation.add_tierruleversion", "cultivation.add_tieritementry",
         "plan.add_plan", "plan.change_indicator", "plan.review_submission",
         "plan.add_breakdown", "plan.change_breakdown",
         "plan.view_submission", "plan.view_alert",
         "plan.add_pinnedindicator", "plan.delete_pinnedindicator",
         *VIEW_CHAIN_LISTS, *KEEP_TARGETS, *KEEP_CARRIERS, *VIEW_POLICIES, *KEEP_POLICIES,
         *KEEP_LEDGER, *KEEP_VOUCHERS),
        "all",
    ),
    Role("reporter", "责任单位填报员", "按期填报本单位负责的指标，回复督办。",
         (*VIEW_REFERENCE, *REPORT_FIGURES, *ANSWER_DISPATCH, *KEEP_LEDGER), "unit"),
    Role("region", "区县/开发区用户", "维护本地区企业与项目，填报本地区数据，查看本地区排名。",
         (*VIEW_REFERENCE, *REPORT_FIGURES, *KEEP_ENTERPRISES, *RAISE_APPEALS, *KEEP_PROJECTS,
          *ANSWER_DISPATCH, *KEEP_POOL, *VIEW_TIERS, *VIEW_CHAIN_LISTS, *KEEP_CARRIERS,
          *VIEW_POLICIES, *VIEW_LEDGER, *VIEW_VOUCHERS), "region"),
    Role("chain", "链长专班", "维护本产业链图谱、三张清单与招商目标。",
         (*VIEW_REFERENCE, *VIEW_CHAIN_LISTS, *KEEP_TARGETS, *KEEP_CHAINS), "chain"),
    Role("leader", "领导（只读）", "查看驾驶舱与通报。",
         (*VIEW_REFERENCE, *VIEW_POOL, *VIEW_TIERS, "projects.view_dispatch", *VIEW_CHAIN_LISTS,
          *VIEW_POLICIES, *VIEW_LEDGER, *VIEW_VOUCHERS), "all"),
)
ROLE_BY_CODE = {role.code: role for role in ROLES}


def _permissions(labels):
    wanted = {tuple(label.split(".", 1)) for label in labels}
    return [
        p for p in Permission.objects.select_related("content_type")
        if (p.content_type.app_label, p.codename) in wanted
    ]


def roles_sync() -> None:
    """Create the groups and set their permissions to exactly what ROLES says."""
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role.name)
        group.permissions.set(_permissions(role.permissions))


def roles_sync_after_migrate(**kwargs) -> None:
    roles_sync()


def user_roles(user) -> list[Role]:
    names = set(user.groups.values_list("name", flat=True))
    return [role for role in ROLES if role.name in names]
