"""Blank import templates, one sheet per table, headers as the importers read them."""

from qiangshi.dataio.excel import template_sheet, template_workbook
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    ENTERPRISE_SHEETS,
    FACT_COLUMNS,
    FACT_SHEETS,
    HONOUR_COLUMNS,
    MONTHLY_COLUMNS,
    PARCEL_COLUMNS,
)

EXAMPLE_USCC = "914403001922038216"
REGISTRY_NOTES = (
    "单位：注册资本为万元，用地面积和地块面积为亩。",
    "所在区县填区划代码（如 370112）或区县名称；变更企业所在区县只能由全市数据权限的分析人员导入。",
    "区县用户只能新增本地区的企业，只能修改本地区的企业。",
    "规上企业填“是”或“否”；曾用名、标签之间用“；”分隔，填“清空”可清除。",
)
FACT_NOTES = (
    "单位：金额为万元，人数为人，知识产权为件，能耗为吨标准煤，用电量为万千瓦时，用水量为立方米，"
    "核定用地面积为亩（空着则亩均评价用企业名录的用地面积）。",
    "年度数据每个企业每年一行；月度数据的期别写作“2025年1-6月”（1–N 月累计）。",
    "改动的数值会保留原值、修改人和修改时间。",
)


def enterprise_template() -> bytes:
    return template_workbook({
        ENTERPRISE_SHEETS["enterprises"]: template_sheet(ENTERPRISE_COLUMNS, {
            "uscc": EXAMPLE_USCC, "name": "某某装备有限公司",
            "region": "370112", "industry_code": "3411", "founded": "2015-06-30",
            "registered_capital": "5000", "land_area": "80", "above_scale": "是",
            "above_scale_since": "2019", "tags": "链主；倍增库"}),
        ENTERPRISE_SHEETS["honours"]: template_sheet(HONOUR_COLUMNS, {
            "uscc": EXAMPLE_USCC, "kind": "高新技术企业", "level": "国家级",
            "year_granted": "2023", "year_expiring": "2026"}),
        ENTERPRISE_SHEETS["parcels"]: template_sheet(PARCEL_COLUMNS, {
            "uscc": EXAMPLE_USCC, "code": "370112-2015-001", "area": "80", "land_use": "工业用地"}),
    }, *REGISTRY_NOTES)


def fact_template() -> bytes:
    return template_workbook({
        FACT_SHEETS["facts"]: template_sheet(FACT_COLUMNS, {
            "uscc": EXAMPLE_USCC, "year": "2024", "revenue": "52000", "profit": "3100",
            "rd_expense": "2300", "employees": "420", "land_area": "80", "net_profit": "2635",
            "high_tech_revenue": "41000", "domestic_rd": "2250", "rd_staff": "68",
            "tech_staff": "95", "ip_class1": "12", "ip_class1_own": "10", "ip_class2": "35",
            "niche_years": "9", "market_share": "12.5", "digital_level": "3",
            "value_added_estimated": "否", "source": "统计年报"}),
        FACT_SHEETS["monthly"]: template_sheet(MONTHLY_COLUMNS, {
            "uscc": EXAMPLE_USCC, "period": "2025年1-6月", "revenue_ytd": "26000"}),
    }, *FACT_NOTES)
