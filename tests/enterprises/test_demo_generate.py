"""The synthetic Jinan demo data set (qiangshi.enterprises.demo_generate). No database."""

import hashlib
import io
import time

import polars as pl
import pytest

from qiangshi.dataio.tables import read_sheets
from qiangshi.dataio.validation import number, sheet_rows
from qiangshi.engine.periods import parse_period
from qiangshi.engine.uscc import uscc_validate
from qiangshi.enterprises import demo_generate as dg
from qiangshi.enterprises.columns import (
    ENTERPRISE_COLUMNS,
    FACT_COLUMNS,
    FACT_FIELDS,
    HONOUR_COLUMNS,
    MONTHLY_COLUMNS,
)
from qiangshi.reference import regions
from qiangshi.reference.classifications import industry_tree

SMALL = {"firms": 600, "above_scale": 200}
E, H, F, M = ENTERPRISE_COLUMNS, HONOUR_COLUMNS, FACT_COLUMNS, MONTHLY_COLUMNS
TIER_FIELDS = ("net_profit", "high_tech_revenue", "domestic_rd", "cost_expense", "equity_financing",
               "rd_staff", "tech_staff", "ip_class1", "ip_class1_own", "ip_class1_high_value", "ip_class2",
               "invention_patents", "utility_software", "niche_years", "market_share", "market_rank",
               "digital_level", "valuation", "credit_score")
TIER_KINDS = sorted({kind for kind, *_ in dg.TIER_HONOURS})
# SHA-256 (first 16 hex digits) of each table of seed 11 at SMALL size as CSV, taken before the
# tier figures and honours were added, without them.
EARLIER_CHECKSUMS = {"企业": "a2d3704460838077", "荣誉资质": "6be6774a4d810467",
                     "年度数据": "14e278c10b2c694e", "月度数据": "9944e9e0787b00fc"}


@pytest.fixture(scope="module")
def small():
    return dg.generate(seed=11, **SMALL)


@pytest.fixture(scope="module")
def full():
    start = time.perf_counter()
    tables = dg.generate(seed=5)
    return tables, time.perf_counter() - start


def _sections() -> pl.DataFrame:
    return industry_tree().filter(pl.col("level") == "小类").select(
        pl.col("code").alias(E["industry_code"]), "section")


def _fields(frame: pl.DataFrame, columns: dict[str, str]) -> pl.DataFrame:
    """Chinese headers back to field names."""
    return frame.rename({header: name for name, header in columns.items()})


def _holders(tables, *kinds: str) -> pl.Expr:
    """Whether a row's firm has ever held any of `kinds`."""
    honours = tables["荣誉资质"]
    return pl.col("uscc").is_in(honours.filter(pl.col(H["kind"]).is_in(kinds))[H["uscc"]].implode())


def _above_scale_facts(tables, year: int) -> pl.DataFrame:
    """Facts of the firms that are 规上 industrial in `year`."""
    firms = (tables["企业"].join(_sections(), on=E["industry_code"])
             .filter(dg.above_scale_in(year) & pl.col("section").is_in(["B", "C", "D"])))
    return tables["年度数据"].filter(pl.col(F["year"]) == year).join(
        firms.select(E["uscc"], E["industry_code"]), on=F["uscc"])


# --- headers ------------------------------------------------------------------------------------


def test_tables_have_exactly_the_template_headers(small):
    assert list(small) == ["企业", "荣誉资质", "年度数据", "月度数据"]
    for sheet, columns in zip(small, (E, H, F, M), strict=True):
        assert small[sheet].columns == list(columns.values())


# --- determinism and counts ---------------------------------------------------------------------


def test_same_seed_same_tables_other_seed_other_tables(small):
    again = dg.generate(seed=11, **SMALL)
    other = dg.generate(seed=12, **SMALL)
    for sheet in small:
        assert small[sheet].equals(again[sheet]), sheet
    assert not small["企业"].equals(other["企业"])
    assert not small["年度数据"].equals(other["年度数据"])


def test_counts_and_above_scale_firms_are_industrial(small):
    firms = small["企业"].join(_sections(), on=E["industry_code"], how="left")
    assert firms.height == SMALL["firms"]
    above = firms.filter(pl.col(E["above_scale"]) == "是")
    assert above.height == SMALL["above_scale"]
    assert set(above["section"]) <= {"B", "C", "D"}
    assert set(firms[E["above_scale"]]) == {"是", "否"}
    # The current flag agrees with since/until in the last year.
    assert firms.filter(dg.above_scale_in(2025))[E["uscc"]].sort().equals(above[E["uscc"]].sort())
    # Software firms are a share of the firms and never 规上工业.
    software = firms.filter(pl.col(E["industry_code"]).str.starts_with("65"))
    assert 0.1 * firms.height < software.height < 0.3 * firms.height
    assert (software[E["above_scale"]] == "否").all()


def test_firms_enter_and_leave_above_scale(small):
    firms = small["企业"]
    since, until = pl.col(E["above_scale_since"]), pl.col(E["above_scale_until"])
    entered = firms.filter(since > 2020)
    left = firms.filter(until.is_not_null())
    assert entered.height > 0 and left.height > 0
    assert (left[E["above_scale"]] == "否").all()
    assert left.filter(since >= until).is_empty()
    founded = pl.col(E["founded"]).str.slice(0, 4).cast(pl.Int32)
    assert firms.filter(since.is_not_null() & (founded >= since)).is_empty()
    counts = [firms.filter(dg.above_scale_in(y)).height for y in range(2020, 2026)]
    assert counts[-1] == SMALL["above_scale"] and counts[0] < counts[-1]


def test_above_scale_status_matches_the_threshold(small):
    # 规上 exactly when 主营业务收入 ≥ 2,000 万元, for industrial firms in every year.
    facts = small["年度数据"].join(
        small["企业"].join(_sections(), on=E["industry_code"]).filter(
            pl.col("section").is_in(["B", "C", "D"])).select(
            E["uscc"], E["above_scale_since"], E["above_scale_until"]), on=F["uscc"])
    year, since, until = pl.col(F["year"]), pl.col(E["above_scale_since"]), pl.col(E["above_scale_until"])
    above = (since.is_not_null() & (since <= year) & (until.is_null() | (until > year))).fill_null(False)
    main = pl.col(F["main_revenue"])
    assert facts.filter(above & (main < dg.ABOVE_SCALE_THRESHOLD)).is_empty()
    assert facts.filter(~above & (main >= dg.ABOVE_SCALE_THRESHOLD)).is_empty()


# --- registry -----------------------------------------------------------------------------------


def test_usccs_valid_unique_and_in_the_firms_district(small):
    firms = small["企业"]
    checked = uscc_validate(firms[E["uscc"]])
    assert checked["valid"].all(), checked.filter(~pl.col("valid")).head()
    assert firms[E["uscc"]].n_unique() == firms.height
    assert (checked["region_code"] == firms[E["region"]]).all()
    assert (checked["code"].str.slice(0, 2) == "91").all()


def test_industries_regions_zones_and_names(small):
    firms = small["企业"]
    codes = set(_sections()[E["industry_code"]])
    assert set(firms[E["industry_code"]]) <= codes
    known = {r.code: r.kind for r in regions()}
    assert {known[c] for c in firms[E["region"]]} <= {"district", "county"}
    assert len(set(firms[E["region"]])) == 12
    zones = firms[E["zone"]].drop_nulls()
    assert {known[c] for c in zones} == {"zone"}
    assert 0.15 < zones.len() / firms.height < 0.35
    assert firms[E["name"]].n_unique() == firms.height
    assert firms[E["name"]].str.contains(r"(有限公司|有限责任公司|股份有限公司)$").all()
    founded = firms[E["founded"]].str.strptime(pl.Date, "%Y-%m-%d", strict=True)
    assert founded.dt.year().max() <= 2025
    assert (firms[E["registered_capital"]] > 0).all()
    land = firms.filter(pl.col(E["industry_code"]).str.starts_with("65"))[E["land_area"]]
    assert land.null_count() == land.len()  # software firms have no industrial land


def test_listings_and_tags(full):
    firms = full[0]["企业"]
    listed = firms.filter(pl.col(E["listing_exchange"]).is_not_null())
    assert 40 <= listed.height <= 60
    assert set(listed[E["listing_exchange"]]) <= {"上交所", "深交所", "北交所", "港交所"}
    assert listed[E["listing_code"]].null_count() == 0
    assert listed[E["listing_code"]].n_unique() == listed.height
    a_shares = listed.filter(pl.col(E["listing_exchange"]) != "港交所")[E["listing_code"]]
    assert a_shares.str.contains(r"^(60[0135]|688|00[012]|30[01]|920)\d{3}$").all()
    assert listed[E["name"]].str.ends_with("股份有限公司").all()
    tags = firms[E["tags"]].drop_nulls().str.split("；").explode()
    assert 20 <= (tags == "链主").sum() <= 50
    assert 100 <= (tags == "倍增库").sum() <= 140


# --- calibration and shape ----------------------------------------------------------------------


def test_city_totals_are_calibrated(small):
    for year in range(2020, 2026):
        facts = _above_scale_facts(small, year)
        revenue = facts[F["revenue"]].sum()
        assert abs(revenue - dg.ABOVE_SCALE_REVENUE[year][0]) < 0.01, year
        equipment = facts.filter(pl.col(E["industry_code"]).str.slice(0, 2).cast(pl.Int32)
                                 .is_between(33, 40))[F["revenue"]].sum()
        assert abs(equipment - dg.EQUIPMENT_REVENUE[year][0]) < 0.01, year
        assert abs(facts[F["profit"]].sum() - dg.ABOVE_SCALE_PROFIT[year][0]) < 0.01, year
        software = small["年度数据"].filter(pl.col(F["year"]) == year)[F["software_revenue"]].sum()
        assert abs(software - dg.SOFTWARE_REVENUE[year][0]) < 0.01, year
    # The published figure: 规上工业营业收入 10,189.4 亿元 in 2024.
    assert round(_above_scale_facts(small, 2024)[F["revenue"]].sum()) == 101_894_000


def test_revenue_is_heavy_tailed(full):
    tables, _ = full
    revenue = _above_scale_facts(tables, 2024)[F["revenue"]].sort(descending=True)
    assert round(revenue.sum()) == 101_894_000
    top = revenue.head(revenue.len() // 100).sum() / revenue.sum()
    assert top > 0.25
    assert 3 <= (revenue >= 1_000_000).sum() <= 20  # a handful ≥ 100 亿元
    assert 100 <= (revenue >= 100_000).sum() <= 220  # ~150 ≥ 10 亿元
    assert revenue.median() < 20_000


def test_full_size_is_fast(full):
    tables, seconds = full
    assert tables["企业"].height == 10_000
    assert (tables["企业"][E["above_scale"]] == "是").sum() == 3_000
    assert seconds < 10


# --- facts --------------------------------------------------------------------------------------


def test_fact_relations(small):
    facts = small["年度数据"]
    col = {name: pl.col(header) for name, header in F.items()}
    assert facts.filter(col["profit"] >= col["revenue"]).is_empty()
    assert facts.filter((col["revenue"] > 0) & ~(col["employees"] > 0)).is_empty()
    # No 元-typed-as-万元 warnings from the importer (1 亿元 a head).
    assert (facts[F["revenue"]] / facts[F["employees"]]).max() < 10_000
    ratio = facts[F["main_revenue"]] / facts[F["revenue"]]
    assert ratio.min() >= 0.88 and ratio.max() <= 1.0
    output = facts.filter(col["output_value"].is_not_null())
    out_ratio = output[F["output_value"]] / output[F["revenue"]]
    assert out_ratio.min() >= 0.98 and out_ratio.max() <= 1.12
    va = output[F["value_added"]] / output[F["output_value"]]
    assert va.min() >= 0.24 and va.max() <= 0.36
    debt = facts[F["total_liabilities"]] / facts[F["total_assets"]]
    assert debt.min() >= 0.19 and debt.max() <= 0.86 and 0.4 < debt.mean() < 0.6
    assert (facts[F["revenue"]] > 0).all()
    signed = {n for n, (_, kind) in FACT_FIELDS.items() if kind == "signed_money"}
    money = [h for n, h in F.items() if n not in {"uscc", "year", "value_added_estimated", "source", *signed}]
    assert facts.select([(pl.col(h).fill_null(0) >= 0).all() for h in money]).row(0) == (True,) * len(money)
    assert set(facts[F["value_added_estimated"]]) <= {"是", "否"}
    assert (facts.filter(col["value_added"].is_null())[F["value_added_estimated"]] == "否").all()
    # Some losses, mostly profits.
    assert 0.05 < (facts[F["profit"]] < 0).mean() < 0.35


def test_industry_specific_facts(small):
    facts = small["年度数据"].join(small["企业"].select(E["uscc"], E["industry_code"]), on=F["uscc"])
    software = facts.filter(pl.col(E["industry_code"]).str.starts_with("65"))
    industrial = facts.filter(~pl.col(E["industry_code"]).str.starts_with("65"))
    assert software[F["software_revenue"]].null_count() == 0
    assert industrial[F["software_revenue"]].null_count() == industrial.height
    assert software[F["output_value"]].null_count() == software.height
    steel = industrial.filter(pl.col(E["industry_code"]).str.starts_with("31"))
    machines = industrial.filter(pl.col(E["industry_code"]).str.starts_with("34"))

    def intensity(frame):
        return frame[F["energy_tce"]].sum() / frame.filter(
            pl.col(F["energy_tce"]).is_not_null())[F["revenue"]].sum()

    if steel.height and machines.height:
        assert intensity(steel) > 5 * intensity(machines)


def test_one_fact_row_per_firm_and_year_it_existed(small):
    facts = small["年度数据"]
    assert facts.select(F["uscc"], F["year"]).is_duplicated().sum() == 0
    assert set(facts[F["uscc"]]) == set(small["企业"][E["uscc"]])
    founded = small["企业"].select(E["uscc"], pl.col(E["founded"]).str.slice(0, 4).cast(pl.Int32).alias("f"))
    joined = facts.join(founded, on=F["uscc"])
    assert joined.filter(pl.col(F["year"]) < pl.col("f")).is_empty()
    expected = founded.select((2025 - pl.max_horizontal(pl.col("f"), pl.lit(2020)) + 1).sum()).item()
    assert facts.height == expected
    assert facts[F["year"]].min() == 2020 and facts[F["year"]].max() == 2025


# --- monthly ------------------------------------------------------------------------------------


def test_monthly_year_to_date(small):
    monthly = small["月度数据"]
    periods = monthly[M["period"]]
    assert not periods.str.contains(r"年1月$").any()
    assert periods.str.contains(r"^\d{4}年1-(\d|1[0-2])月$").all()
    parsed = [parse_period(p) for p in periods.unique().to_list()]
    assert {p.month for p in parsed} == set(range(2, 13))
    monthly = monthly.with_columns(pl.col(M["period"]).str.extract(r"^(\d{4})").cast(pl.Int32).alias("year"),
                                   pl.col(M["period"]).str.extract(r"-(\d+)月").cast(pl.Int32).alias("month"))
    assert monthly.group_by(M["uscc"], "year").len()["len"].unique().to_list() == [11]
    rising = monthly.sort(M["uscc"], "year", "month").group_by(M["uscc"], "year").agg(
        (pl.col(M["revenue_ytd"]).diff().drop_nulls() >= 0).all().alias("r"),
        (pl.col(M["output_ytd"]).diff().drop_nulls() >= 0).all().alias("o"))
    assert rising["r"].all() and rising["o"].all()
    december = monthly.filter(pl.col("month") == 12).join(
        small["年度数据"], left_on=[M["uscc"], "year"], right_on=[F["uscc"], F["year"]])
    assert december.height == monthly.height // 11
    assert (december[M["revenue_ytd"]] == december[F["revenue"]]).all()
    assert (december[M["output_ytd"]] == december[F["output_value"]]).all()
    # Only 规上 firm-years have monthly figures.
    firms = small["企业"]
    for year in (2020, 2025):
        above = set(firms.filter(dg.above_scale_in(year))[E["uscc"]])
        assert set(monthly.filter(pl.col("year") == year)[M["uscc"]]) == above


# --- honours ------------------------------------------------------------------------------------


def test_honours_labels_levels_and_years(small):
    honours = small["荣誉资质"]
    allowed = {"高新技术企业", "科技型中小企业", "创新型中小企业", "专精特新中小企业", "专精特新“小巨人”",
               "制造业单项冠军", "瞪羚企业", "独角兽企业", "绿色工厂", "智能工厂", "企业技术中心", "科技奖励",
               "研发机构（工程技术研究中心、重点实验室等）", "知识产权优势/示范企业", "技术创新示范企业",
               "创客中国大赛获奖"}
    assert set(honours[H["kind"]]) == allowed
    assert set(honours[H["level"]]) <= {"国家级", "省级", "市级"}
    assert honours[H["year_granted"]].min() >= 2018 and honours[H["year_granted"]].max() <= 2025
    assert honours.select(H["uscc"], H["kind"], H["level"], H["year_granted"]).is_duplicated().sum() == 0
    assert set(honours[H["uscc"]]) <= set(small["企业"][E["uscc"]])
    expiry = honours.with_columns((pl.col(H["year_expiring"]) - pl.col(H["year_granted"])).alias("v"))
    validity = dict(expiry.group_by(H["kind"]).agg(pl.col("v").unique()).iter_rows())
    for kind in ("高新技术企业", "创新型中小企业", "专精特新中小企业", "专精特新“小巨人”"):
        assert validity[kind] == [3], kind
    assert validity["科技型中小企业"] == [1]
    for kind in ("瞪羚企业", "独角兽企业", "绿色工厂", "智能工厂", "企业技术中心", "科技奖励",
                 "研发机构（工程技术研究中心、重点实验室等）"):
        assert validity[kind] == [None], kind
    innovative = honours.filter(pl.col(H["kind"]) == "创新型中小企业")
    assert innovative[H["year_granted"]].min() >= 2022  # the 2022 梯度培育办法


def test_honour_counts_are_plausible(full):
    honours = full[0]["荣誉资质"]
    firms = dict(honours.group_by(H["kind"]).agg(pl.col(H["uscc"]).n_unique()).iter_rows())
    assert 1_500 <= firms["高新技术企业"] <= 3_000
    assert 300 <= firms["专精特新中小企业"] <= 900
    assert 20 <= firms["专精特新“小巨人”"] <= 100
    assert 5 <= firms["制造业单项冠军"] <= 15
    assert 1 <= firms["独角兽企业"] <= 5
    assert 20 <= firms["绿色工厂"] <= 100
    # A 小巨人 was a 专精特新中小企业 first.
    first = honours.group_by(H["uscc"], H["kind"]).agg(pl.col(H["year_granted"]).min())
    giants = first.filter(pl.col(H["kind"]) == "专精特新“小巨人”").join(
        first.filter(pl.col(H["kind"]) == "专精特新中小企业"), on=H["uscc"], how="left")
    assert (giants[H["year_granted"]] > giants[f"{H['year_granted']}_right"]).all()


def test_honoured_firms_spend_more_on_rd(small):
    facts = small["年度数据"].filter(pl.col(F["year"]) == 2025)
    holders = set(small["荣誉资质"].filter(pl.col(H["kind"]) == "高新技术企业")[H["uscc"]])
    rate = facts.with_columns((pl.col(F["rd_expense"]) / pl.col(F["revenue"])).alias("rate"),
                              pl.col(F["uscc"]).is_in(list(holders)).alias("ht"))
    assert rate.filter(pl.col("ht"))["rate"].min() >= 0.029
    assert rate.filter(pl.col("ht"))["rate"].median() > rate.filter(~pl.col("ht"))["rate"].median()


# --- tier figures and honours -------------------------------------------------------------------


def test_tier_figures_leave_every_earlier_figure_unchanged(small):
    earlier = {
        # 主营产品 came later and is read from the industry code, which is unchanged.
        "企业": small["企业"].drop(ENTERPRISE_COLUMNS["main_products"]),
        "荣誉资质": small["荣誉资质"].filter(~pl.col(H["kind"]).is_in(TIER_KINDS)).drop(H["rank"]),
        # 核定用地面积 came later still, and the demo leaves it empty.
        "年度数据": small["年度数据"].drop([F[name] for name in [*TIER_FIELDS, "land_area"]]),
        "月度数据": small["月度数据"],
    }
    assert {sheet: hashlib.sha256(frame.write_csv().encode()).hexdigest()[:16]
            for sheet, frame in earlier.items()} == EARLIER_CHECKSUMS


def test_tier_figures_keep_the_relations_the_importer_checks(small):
    facts = _fields(small["年度数据"], F)
    c = pl.col
    for part, whole in (("rd_staff", "tech_staff"), ("tech_staff", "employees"),
                        ("ip_class1_own", "ip_class1"), ("ip_class1_high_value", "ip_class1"),
                        ("invention_patents", "ip_class1"), ("utility_software", "ip_class2"),
                        ("domestic_rd", "rd_expense"), ("high_tech_revenue", "revenue")):
        assert facts.filter(c(part) > c(whole)).is_empty(), part
        assert facts.filter(c(part).is_not_null() & c(whole).is_null()).is_empty(), part
    assert facts.filter(c("market_share") > 100).is_empty()
    assert set(facts["digital_level"].drop_nulls()) <= {1, 2, 3, 4}
    counts = [n for n in TIER_FIELDS if FACT_FIELDS[n][1] == "count"]
    assert all(facts.schema[n] == pl.Int64 for n in counts)
    gains, losses = facts.filter(c("profit") >= 100), facts.filter(c("profit") <= 0)
    assert (gains["net_profit"] / gains["profit"]).is_between(0.71, 0.79).all()
    assert (losses["net_profit"] == losses["profit"]).all()


def test_honour_holders_meet_their_tiers_thresholds(full):
    tables, _ = full
    facts = _fields(tables["年度数据"], F)
    high_tech = facts.filter(_holders(tables, "高新技术企业"))
    assert (high_tech["high_tech_revenue"] / high_tech["revenue"]).min() >= 0.6
    assert (high_tech["tech_staff"] / high_tech["employees"]).min() >= 0.1
    assert (high_tech["domestic_rd"] / high_tech["rd_expense"]).min() >= 0.6
    assert (high_tech.filter(pl.col("year") == 2025)["ip_class1"] >= 1).mean() > 0.85
    # Niche years count from the first recognition: 专精特新 2, 小巨人 3.
    honours = _fields(tables["荣誉资质"], H)
    for kind, least in (("专精特新中小企业", 2), ("专精特新“小巨人”", 3)):
        first = honours.filter(pl.col("kind") == kind).group_by("uscc").agg(
            pl.col("year_granted").min().alias("first"))
        held = facts.join(first, on="uscc").filter(pl.col("year") >= pl.col("first"))
        assert held.height and held["niche_years"].min() >= least, kind
    specialised = facts.filter(_holders(tables, "专精特新中小企业", "专精特新“小巨人”"))
    assert set(specialised["digital_level"]) == {2, 3}
    assert specialised["market_share"].null_count() == 0
    giants = facts.filter(_holders(tables, "专精特新“小巨人”"))
    assert giants["market_share"].min() >= 10
    assert (giants["ip_class1"] >= 2).all()
    unicorns = facts.filter(_holders(tables, "独角兽企业") & (pl.col("year") == 2025))
    assert unicorns.height and (unicorns["valuation"] >= 10).all()


def test_other_firms_report_little_and_some_sit_just_below_the_thresholds(full):
    tables, _ = full
    facts = _fields(tables["年度数据"], F).filter(pl.col("year") == 2025)
    plain = facts.filter(~_holders(tables, *set(tables["荣誉资质"][H["kind"]])))
    assert plain["ip_class1"].null_count() / plain.height > 0.6
    assert plain["tech_staff"].null_count() / plain.height > 0.6
    assert plain["high_tech_revenue"].null_count() / plain.height > 0.9
    others = facts.filter(~_holders(tables, "高新技术企业"))
    share = others["high_tech_revenue"] / others["revenue"]
    assert share.is_between(0.5, 0.6, closed="left").sum() >= 20
    staff = others["tech_staff"] / others["employees"]
    assert staff.is_between(0.08, 0.10, closed="left").sum() >= 20
    # Financing rounds and valuations are rare; credit scores cover exactly the 规上 firms.
    equity = _fields(tables["年度数据"], F)["equity_financing"]
    assert 0 < (equity > 0).sum() < 0.05 * equity.len()
    assert facts.filter(pl.col("valuation").is_not_null()).height <= 30
    above = set(_above_scale_facts(tables, 2025)[F["uscc"]])
    scored = facts.filter(pl.col("credit_score").is_not_null())
    assert set(scored["uscc"]) == above
    assert scored["credit_score"].is_between(60, 95).all()


def test_tier_honours_carry_ranks_and_go_to_research_minded_firms(full):
    tables, _ = full
    honours = _fields(tables["荣誉资质"], H)
    ranked = dict(honours.filter(pl.col("rank").is_not_null()).group_by("kind").agg(
        pl.col("rank").min().alias("best"), pl.col("rank").max().alias("worst")).select(
        "kind", pl.struct("best", "worst")).iter_rows())
    assert set(ranked) == {"科技奖励", "创客中国大赛获奖"}
    assert ranked["科技奖励"] == {"best": 1, "worst": 5}
    assert 1 <= ranked["创客中国大赛获奖"]["best"] <= ranked["创客中国大赛获奖"]["worst"] <= 500
    assert honours.filter(pl.col("kind") == "科技奖励")["rank"].null_count() == 0
    assert set(honours.filter(pl.col("kind") == dg.RD_INSTITUTION)["level"]) == {"国家级", "省级", "市级"}
    institutions = honours.filter(pl.col("kind") == dg.RD_INSTITUTION)
    with_centre = institutions["uscc"].is_in(
        honours.filter(pl.col("kind") == "企业技术中心")["uscc"].implode())
    assert with_centre.mean() > 0.5


# --- demo marking and files ---------------------------------------------------------------------


def test_everything_is_marked_demo(small):
    for sheet, source in (("荣誉资质", H["source"]), ("年度数据", F["source"]), ("月度数据", M["source"])):
        assert (small[sheet][source] == dg.DEMO_SOURCE).all(), sheet
    assert dg.DEMO_SOURCE == "演示数据（合成）"


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_files_read_back_as_text_parse(kind):
    tables = dg.generate(seed=3, firms=60, above_scale=20)
    if kind == "csv":
        sheets = {name: read_sheets(frame.write_csv().encode(), f"{name}.csv")[name]
                  for name, frame in tables.items()}
    else:
        buffer = io.BytesIO()
        import xlsxwriter

        with xlsxwriter.Workbook(buffer) as workbook:
            for name, frame in tables.items():
                frame.write_excel(workbook, worksheet=name)
        sheets = read_sheets(buffer.getvalue(), "demo.xlsx")
    for name, columns in (("企业", E), ("荣誉资质", H), ("年度数据", F), ("月度数据", M)):
        rows, errors = sheet_rows({name: sheets[name]}, columns, required=("uscc",))
        assert not errors and rows.height == tables[name].height, name
        assert uscc_validate(rows["uscc"])["valid"].all()
        numeric = [n for n, h in columns.items() if tables[name].schema[h].is_numeric()]
        parsed = rows.select([number(n).alias(n) for n in numeric])
        for n in numeric:  # every non-empty cell is a number equal to the generated one
            original = tables[name][columns[n]].cast(pl.Float64)
            assert (parsed[n].is_null() == original.is_null()).all(), (name, n)
            assert ((parsed[n] - original).abs().fill_null(0) < 0.005).all(), (name, n)
    firms, _ = sheet_rows({"企业": sheets["企业"]}, E, required=("uscc",))
    assert firms["founded"].str.slice(0, 10).str.strptime(pl.Date, "%Y-%m-%d", strict=True).null_count() == 0
    assert set(firms["above_scale"]) == {"是", "否"}
    assert firms["region"].str.contains(r"^\d{6}$").all()


def test_arguments_are_checked():
    with pytest.raises(ValueError, match="规上"):
        dg.generate(seed=1, firms=100, above_scale=90)
    with pytest.raises(ValueError):
        dg.generate(seed=1, first_year=2025, last_year=2020)
