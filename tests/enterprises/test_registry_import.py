from qiangshi.accounts.models import AuditEvent
from qiangshi.enterprises.columns import ENTERPRISE_SHEETS, PARCEL_COLUMNS
from qiangshi.enterprises.models import Enterprise, Honour, Parcel
from qiangshi.enterprises.registry_import import enterprise_import
from tests.enterprises.conftest import (
    BAD_CHECK,
    HUAWEI,
    TENCENT,
    enterprises_file,
    firm,
    workbook,
)


def test_firms_and_honours_are_imported_by_uscc(reference):
    content = enterprises_file(
        [firm(former_names="甲公司；乙公司", tags="链主、倍增库", founded="2015年6月30日",
              registered_capital="5,000", zone="高新区")],
        honours=[{"uscc": HUAWEI, "kind": "高新技术企业", "level": "国家级",
                  "year_granted": "2023", "year_expiring": "2026"}])
    report = enterprise_import(content, "企业.xlsx")
    assert report.errors == [] and (report.created, report.written) == (2, True)
    stored = Enterprise.objects.get(uscc=HUAWEI)
    assert stored.former_names == ["甲公司", "乙公司"] and stored.tags == ["链主", "倍增库"]
    assert (stored.region.code, stored.zone.code) == ("370112", "370171")
    assert str(stored.founded) == "2015-06-30" and stored.registered_capital == 5000
    assert Honour.objects.get().get_kind_display() == "高新技术企业"


def test_reimporting_the_same_file_changes_nothing(registry):
    events = AuditEvent.objects.count()
    report = enterprise_import(enterprises_file([firm(), firm(TENCENT, region="历下区")]),
                               "企业.xlsx")
    assert (report.created, report.updated, report.unchanged, report.written) == (0, 0, 2, False)
    assert AuditEvent.objects.count() == events


def test_a_changed_firm_is_updated_and_audited_with_old_and_new(registry):
    report = enterprise_import(enterprises_file([firm(name="新名称有限公司")]), "更名.xlsx")
    assert report.updated == 1
    event = AuditEvent.objects.get(object_type="enterprises.Enterprise", action="update")
    assert event.changes["name"] == ["企业8216", "新名称有限公司"]


def test_every_bad_row_is_reported_and_nothing_is_written(reference):
    rows = [
        firm(BAD_CHECK),
        firm("91440300192203821"),
        firm(TENCENT, region="火星区"),
        firm(HUAWEI, industry_code="9999"),
        firm("91330100799655058B", founded="去年"),
        firm("91110000802100433B", above_scale="也许"),
        firm("911101085923662400", registered_capital="-5"),
        firm("91110108551385082Q", zone="不存在的园区"),
        firm("91100000100003962T", name=""),
    ]
    report = enterprise_import(enterprises_file(rows), "错误.xlsx")
    assert report.written is False and not Enterprise.objects.exists()
    found = [(e.row, e.column, e.reason) for e in report.errors]
    assert found[0] == (2, "统一社会信用代码", "校验码错误：应为 6，实际为 7")
    assert found[1] == (3, "统一社会信用代码", "长度应为 18 位，实际 17 位")
    assert [(row, column) for row, column, _ in found[2:]] == [
        (4, "所在区县"), (5, "行业代码"), (6, "成立日期"), (7, "规上企业"),
        (8, "注册资本（万元）"), (9, "所在功能区"), (10, "企业名称")]


def test_valid_only_keeps_the_good_rows(reference):
    report = enterprise_import(enterprises_file([firm(), firm(BAD_CHECK)]), "部分.xlsx",
                               valid_only=True)
    assert report.written and list(Enterprise.objects.values_list("uscc", flat=True)) == [HUAWEI]


def test_a_district_user_may_only_import_its_own_firms(reference, lixia_user):
    report = enterprise_import(enterprises_file([firm(region="370112")]), "区.xlsx",
                               user=lixia_user)
    assert report.errors[0].reason.startswith("超出您的数据范围")


def test_honours_need_a_registered_firm_and_known_labels(registry):
    honours = [{"uscc": "91330100799655058B", "kind": "高新技术企业", "level": "国家级",
                "year_granted": "2023"},
               {"uscc": HUAWEI, "kind": "优秀企业", "level": "国家级", "year_granted": "2023"},
               {"uscc": HUAWEI, "kind": "瞪羚企业", "level": "区级", "year_granted": "2023"},
               {"uscc": HUAWEI, "kind": "瞪羚企业", "level": "省级", "year_granted": "2023",
                "year_expiring": "2020"}]
    report = enterprise_import(enterprises_file([firm()], honours=honours), "荣誉.xlsx")
    reasons = [e.reason for e in report.errors]
    assert reasons[0] == "企业未登记：请先在“企业”表中导入该企业"
    assert reasons[1].startswith("应为：高新技术企业")
    assert reasons[2] == "应为国家级、省级或市级"
    assert reasons[3] == "年份无效或早于认定年份"


def test_parcels_add_up_by_firm_and_code(registry):
    content = workbook({ENTERPRISE_SHEETS["parcels"]: (PARCEL_COLUMNS, [
        {"uscc": HUAWEI, "code": "A-1", "area": "40.5", "land_use": "工业用地"},
        {"uscc": HUAWEI, "code": "A-2", "area": "0"},
        {"uscc": HUAWEI, "code": "A-1", "area": "12"},
    ])})
    report = enterprise_import(content, "地块.xlsx", valid_only=True)
    assert [(e.row, e.reason) for e in report.errors] == [
        (3, "应为大于 0 的数字"), (4, "同一企业的地块编号在文件中重复出现")]
    assert float(Parcel.objects.get().area) == 40.5


def test_honour_ranks_and_the_tier_kinds_import_and_a_corrected_rank_updates(registry):
    def honours(award_rank):
        return [
            {"uscc": HUAWEI, "kind": "科技奖励", "level": "省级", "rank": award_rank,
             "year_granted": "2024"},
            {"uscc": HUAWEI, "kind": "研发机构（工程技术研究中心、重点实验室等）", "level": "省级",
             "year_granted": "2022"},
            {"uscc": HUAWEI, "kind": "研发机构", "level": "国家级", "year_granted": "2024"},
            {"uscc": HUAWEI, "kind": "知识产权示范企业", "level": "国家级", "year_granted": "2023"},
            {"uscc": TENCENT, "kind": "知识产权优势/示范企业", "level": "国家级", "year_granted": "2021"},
            {"uscc": TENCENT, "kind": "技术创新示范企业", "level": "省级", "year_granted": "2023"},
            {"uscc": TENCENT, "kind": "创客中国大赛获奖", "level": "国家级", "rank": "36.0",
             "year_granted": "2024"},
        ]

    report = enterprise_import(enterprises_file([firm()], honours=honours("2")), "荣誉.xlsx")
    assert report.errors == [] and report.created == 7
    stored = sorted(Honour.objects.values_list("enterprise__uscc", "kind", "level", "rank"))
    assert stored == sorted([
        (HUAWEI, "science_award", "provincial", 2), (HUAWEI, "rd_institution", "provincial", None),
        (HUAWEI, "rd_institution", "national", None), (HUAWEI, "ip_advantage", "national", None),
        (TENCENT, "ip_advantage", "national", None), (TENCENT, "innovation_demo", "provincial", None),
        (TENCENT, "maker_china", "national", 36)])
    again = enterprise_import(enterprises_file([firm()], honours=honours("2")), "荣誉.xlsx")
    assert (again.created, again.updated) == (0, 0)
    corrected = enterprise_import(enterprises_file([firm()], honours=honours("1")), "更正.xlsx")
    assert corrected.updated == 1
    assert Honour.objects.get(kind="science_award").rank == 1


def test_a_rank_that_is_not_a_positive_integer_or_a_repeated_honour_is_rejected(registry):
    award = {"uscc": HUAWEI, "kind": "科技奖励", "level": "国家级"}
    honours = [{**award, "rank": rank, "year_granted": str(year)}
               for year, rank in zip(range(2018, 2023), ("0", "第二", "2.5", "-1", "40000"),
                                     strict=True)]
    honours += [{**award, "rank": "1", "year_granted": "2024"},
                {**award, "rank": "3", "year_granted": "2024"}]
    report = enterprise_import(enterprises_file([firm()], honours=honours), "排名.xlsx")
    assert not report.written and not Honour.objects.exists()
    assert [(e.row, e.column, e.reason) for e in report.errors] == [
        *[(row, "排名", "应为正整数（如获奖单位排名 1、2、3）") for row in range(2, 7)],
        (8, "认定年份",
         "同一企业同一荣誉资质、级别、年份在文件中重复出现（同年多项科技奖励请只填排名最靠前的一项）"),
    ]
