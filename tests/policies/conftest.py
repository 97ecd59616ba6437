"""A small registry (a firm in 历下区, one in 历城区) and a budget line of 市工信局."""

from decimal import Decimal

import pytest

from qiangshi.accounts.models import Region, Unit
from qiangshi.enterprises.models import Enterprise, Fact, Honour
from qiangshi.policies.models_ledger import Budget
from tests.policies.ledger_data import LICHENG_FIRM, LIXIA_FIRM


@pytest.fixture
def firms(reference):
    lixia, licheng = Region.objects.get(code="370102"), Region.objects.get(code="370112")
    made = {}
    for uscc, region in ((LIXIA_FIRM, lixia), (LICHENG_FIRM, licheng)):
        firm = made[uscc] = Enterprise.objects.create(uscc=uscc, name=f"企业{uscc[-2:]}", region=region,
                                                      industry_code="3841", above_scale=True)
        Fact.objects.create(enterprise=firm, year=2024, revenue=5000)
        Honour.objects.create(enterprise=firm, kind=Honour.Kind.SPECIALIZED, level=Honour.Level.PROVINCIAL,
                              year_granted=2024)
    return made


@pytest.fixture
def budget(reference):
    return Budget.objects.create(year=2024, department=Unit.objects.get(code="gxj"), line="中小企业发展专项",
                                 amount=Decimal("100"))
