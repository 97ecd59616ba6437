"""Score items settled by a person imported from a sheet: checked row by row like an entry on
the firm's page, all or nothing unless the analyst asks for the valid rows only, audited."""

import datetime

import pytest

from qiangshi.accounts.models import AuditEvent
from qiangshi.cultivation.models import TierItemEntry
from tests.conftest import login
from tests.cultivation.test_tiers import assessed  # noqa: F401 — the assessed-run fixture (2025-06-30)
from tests.enterprises.conftest import BAD_CHECK, HUAWEI, TENCENT

HEAD = "统一社会信用代码,梯队,评分项,得分,依据,证明材料,起始日期,截止日期"
GOOD = [f"{HUAWEI},创新型中小企业,主导产品属于《战略性新兴产业分类》,10,战新目录 1.2.1,鲁工信〔2024〕12号,"
        "2025-01-01,",
        f"{TENCENT},高新技术企业,科技成果转化能力（专家评分）,24,专家评审意见,,2025-01-01,2025-12-31"]
BAD = [f"{HUAWEI},创新型中小企业,主导产品属于《战略性新兴产业分类》,7,档位外,,,",
       f"{BAD_CHECK},创新型中小企业,主导产品属于《战略性新兴产业分类》,10,校验码错,,,",
       f"{HUAWEI},创新型中小企业,上年度研发费用占营业收入比重,10,可计算的项,,,",
       f"{TENCENT},高新技术企业,科技成果转化能力（专家评分）,31,超出满分,,,",
       f"{TENCENT},高新技术企业,科技成果转化能力（专家评分）,20,,,,",
       f"{TENCENT},高新技术企业,科技成果转化能力（专家评分）,20,日期错,,2025年13月,",
       f"{TENCENT},高新技术企业,科技成果转化能力（专家评分）,20,倒置,,2025-06-01,2025-05-31"]


def _upload(client, lines: list[str], mode: str = "all"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "\n".join([HEAD, *lines]).encode("utf-8")
    return client.post("/cultivation/tiers/entries/import/",
                       {"file": SimpleUploadedFile("评分项.csv", content), "mode": mode})


@pytest.fixture
def analyst_in(client, assessed, make_user):  # noqa: F811
    make_user("gxj", "analyst")
    login(client, "gxj")
    return client


def test_valid_rows_are_entered_with_who_and_evidence_and_audited(analyst_in):
    report = _upload(analyst_in, GOOD).context["report"]
    assert (report.created, report.errors) == (2, [])
    entries = {e.item: e for e in TierItemEntry.objects.all()}
    assert entries["field"].points == 10 and entries["field"].evidence_ref == "鲁工信〔2024〕12号"
    assert entries["conversion"].entered_by_name == "gxj"
    assert (entries["conversion"].valid_from, entries["conversion"].valid_until) == (
        datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
    assert AuditEvent.objects.filter(object_type="cultivation.TierItemEntry", action="create").count() == 2
    card = analyst_in.get(f"/cultivation/tiers/firm/{HUAWEI}/").context["rows"]
    field = next(r for r in card if r["tier"] == "innovative_sme")
    assert field["score"] == field["score_max"]


def test_each_wrong_row_is_refused_with_its_reason_and_nothing_written(analyst_in):
    report = _upload(analyst_in, GOOD + BAD).context["report"]
    reasons = " ".join(e.reason for e in report.errors)
    for reason in ("得分不是该项所列档位之一", "不是需人工录入的评分项", "得分超出该项 0 至满分的范围",
                   "请写明依据", "无法识别的日期", "截止日期早于起始日期"):
        assert reason in reasons
    assert report.rejected == 7 and not report.written and not TierItemEntry.objects.exists()


def test_valid_rows_only_writes_the_good_rows(analyst_in):
    report = _upload(analyst_in, GOOD + BAD, mode="valid_only").context["report"]
    assert report.created == 2 and TierItemEntry.objects.count() == 2


def test_only_analysts_import(client, assessed, lixia_user):  # noqa: F811
    login(client, "lixia")
    assert client.get("/cultivation/tiers/entries/import/").status_code == 403


def test_a_row_without_a_start_date_holds_from_the_day_of_the_import(analyst_in):
    from django.utils import timezone

    row = f"{HUAWEI},创新型中小企业,主导产品属于《战略性新兴产业分类》,10,战新目录,,,"
    report = _upload(analyst_in, [row]).context["report"]
    assert report.created == 1
    assert (TierItemEntry.objects.get().valid_from, TierItemEntry.objects.get().valid_until) == (
        timezone.localdate(), None)
