"""`qiangshi policies` over a small registry: per firm and clause uscc, clause, eligible, amount,
unmet and trace (issue 17 "Done when"); the dry run's totals by district; the packaged clauses'
own tests; an unknown clause is a Chinese error."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from qiangshi.accounts.models import Region
from qiangshi.enterprises.models import Enterprise, Fact, Honour

PROVINCIAL_2024 = "91370100000000001A"
PROVINCIAL_2023 = "91370100000000002B"


@pytest.fixture
def registry(reference):
    lixia, licheng = Region.objects.get(code="370102"), Region.objects.get(code="370112")
    for uscc, region, granted in ((PROVINCIAL_2024, lixia, 2024), (PROVINCIAL_2023, licheng, 2023)):
        firm = Enterprise.objects.create(uscc=uscc, name=f"企业{uscc[-2:]}", region=region,
                                         industry_code="3841", above_scale=True)
        Fact.objects.create(enterprise=firm, year=2024, revenue=5000)
        Honour.objects.create(enterprise=firm, kind=Honour.Kind.SPECIALIZED, level=Honour.Level.PROVINCIAL,
                              year_granted=granted)


def _json(*args):
    out = io.StringIO()
    call_command("policies", *args, "--json", stdout=out, stderr=io.StringIO())
    return json.loads(out.getvalue())


def test_match_prints_each_firm_with_eligibility_amount_unmet_and_trace(registry):
    rows = {row["uscc"]: row for row in _json("match", "--clause", "zjtx-new", "--year", "2024")}
    assert set(rows[PROVINCIAL_2024]) == {"uscc", "clause", "eligible", "amount", "unmet", "trace"}
    new = rows[PROVINCIAL_2024]
    assert (new["eligible"], new["amount"], new["unmet"]) == (True, 30, [])
    assert "2024年新认定" in new["trace"] and "济政发〔2019〕1号" in new["trace"]
    earlier = rows[PROVINCIAL_2023]
    assert earlier["eligible"] is False and earlier["unmet"]  # granted in 2023: not 新认定 in 2024


def test_dryrun_totals_the_clause_by_district(registry):
    totals = _json("dryrun", "zjtx-new", "--year", "2024")
    by_district = {row["name"]: row for row in totals if row["dimension"] == "区县"}
    assert by_district["历下"]["firms"] == 1 and by_district["历下"]["amount"] == 30
    assert "历城" not in by_district
    assert [row["amount"] for row in totals if row["dimension"] == "合计"] == [30]


def test_every_packaged_clause_passes_its_own_tests(reference):
    out = io.StringIO()
    call_command("policies", "tests", stdout=out)
    assert "均通过" in out.getvalue()


def test_an_unknown_clause_is_a_chinese_error(registry):
    with pytest.raises(CommandError, match="没有代码为 no-such-clause 的条款"):
        call_command("policies", "match", "--clause", "no-such-clause", stdout=io.StringIO())
