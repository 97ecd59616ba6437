"""The column headers of the enterprise import templates, in the order the templates show them.

Field name → Chinese header. The templates, the importers and the demo generator all use
these, so a file exported from one imports into another. No Django here: the engine-side
code (demo generator, plan schema) reads it too."""

# Yearly facts: field name → (Chinese label with unit, kind). Kinds drive validation and display:
# signed_money alone may be negative, an area must be above zero.
FACT_FIELDS = {
    "revenue": ("营业收入（万元）", "money"),
    "main_revenue": ("主营业务收入（万元）", "money"),
    "output_value": ("工业总产值（万元）", "money"),
    "value_added": ("工业增加值（万元）", "money"),
    "profit": ("利润总额（万元）", "signed_money"),
    "tax_paid": ("实缴税金（万元）", "money"),
    "rd_expense": ("研发费用（万元）", "money"),
    "employees": ("从业人员年平均人数（人）", "count"),
    "energy_tce": ("综合能耗（吨标准煤）", "quantity"),
    "electricity": ("用电量（万千瓦时）", "quantity"),
    "water": ("用水量（立方米）", "quantity"),
    "emissions": ("主要污染物排放量（吨）", "quantity"),
    "new_product_sales": ("新产品销售收入（万元）", "money"),
    "export_delivery": ("出口交货值（万元）", "money"),
    "total_assets": ("资产总计（万元）", "money"),
    "total_liabilities": ("负债合计（万元）", "money"),
    "software_revenue": ("软件业务收入（万元）", "money"),
    # The land a 亩均 evaluation divides by, as 核定 for the year; blank, the registry's 用地面积.
    "land_area": ("核定用地面积（亩）", "area"),
    # What the enterprise-tier rules (专精特新, 高企, 科技型中小企业 …) test beyond the statistics.
    "net_profit": ("净利润（万元）", "signed_money"),
    "high_tech_revenue": ("高新技术产品（服务）收入（万元）", "money"),
    "domestic_rd": ("境内研发费用（万元）", "money"),
    "cost_expense": ("成本费用支出总额（万元）", "money"),
    "equity_financing": ("当年新增股权融资（合格机构实缴，万元）", "money"),
    "rd_staff": ("研发人员数（人）", "count"),
    "tech_staff": ("科技人员数（人）", "count"),
    "ip_class1": ("有效Ⅰ类知识产权（件）", "count"),
    "ip_class1_own": ("其中自主研发Ⅰ类（件）", "count"),
    "ip_class1_high_value": ("其中高价值Ⅰ类（件）", "count"),
    "ip_class2": ("有效Ⅱ类知识产权（件）", "count"),
    "invention_patents": ("发明专利授权（件）", "count"),
    "utility_software": ("实用新型专利与软件著作权（件）", "count"),
    "niche_years": ("从事细分市场年限（年）", "count"),
    "market_share": ("主导产品国内细分市场占有率（%）", "quantity"),
    "market_rank": ("主导产品国内细分市场排名", "count"),
    "digital_level": ("数字化水平等级（1-4级）", "count"),
    "valuation": ("企业估值（亿美元）", "quantity"),
    "credit_score": ("第三方综合信用评分", "quantity"),
}

ENTERPRISE_COLUMNS = {
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "former_names": "曾用名",
    "region": "所在区县",
    "zone": "所在功能区",
    "address": "地址",
    "main_products": "主营产品",
    "industry_code": "行业代码",
    "founded": "成立日期",
    "registered_capital": "注册资本（万元）",
    "land_area": "用地面积（亩）",
    "listing_exchange": "上市交易所",
    "listing_code": "股票代码",
    "above_scale": "规上企业",
    "above_scale_since": "纳入规上年份",
    "above_scale_until": "退出规上年份",
    "tags": "标签",
}
ENTERPRISE_REQUIRED = ("uscc", "name", "region", "industry_code")

HONOUR_COLUMNS = {
    "uscc": "统一社会信用代码",
    "kind": "荣誉资质",
    "level": "级别",
    "rank": "排名",
    "year_granted": "认定年份",
    "year_expiring": "有效期至",
    "source": "来源说明",
}
HONOUR_REQUIRED = ("uscc", "kind", "level", "year_granted")

PARCEL_COLUMNS = {
    "uscc": "统一社会信用代码",
    "code": "地块编号",
    "area": "面积（亩）",
    "land_use": "用途",
    "certificate": "不动产权证号",
}

FACT_COLUMNS = {
    "uscc": "统一社会信用代码",
    "year": "年份",
    **{name: label for name, (label, _) in FACT_FIELDS.items()},
    "value_added_estimated": "增加值为估算",
    "source": "来源说明",
}
FACT_REQUIRED = ("uscc", "year")

MONTHLY_COLUMNS = {
    "uscc": "统一社会信用代码",
    "period": "期别",
    "revenue_ytd": "营业收入累计（万元）",
    "output_ytd": "工业总产值累计（万元）",
    "source": "来源说明",
}

# Sheet names of the two workbooks.
ENTERPRISE_SHEETS = {"enterprises": "企业", "honours": "荣誉资质", "parcels": "用地地块"}
FACT_SHEETS = {"facts": "年度数据", "monthly": "月度数据"}
# List-valued cells (曾用名, 标签) are separated by any of these.
LIST_SEPARATORS = r"[;；,，、]"
