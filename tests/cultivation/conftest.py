import pytest

from qiangshi.accounts.models import Region
from qiangshi.enterprises.models import Enterprise, Fact
from tests.enterprises.conftest import registry  # noqa: F401 — the two-firm registry fixture


def firm(name: str, region: str = "370112", facts: dict | None = None, **fields) -> Enterprise:
    """A firm with its yearly (revenue, profit) figures."""
    made = Enterprise.objects.create(
        uscc=f"91370100{Enterprise.objects.count():010d}", name=name,
        region=Region.objects.get(code=region), industry_code="3911", above_scale=True, **fields)
    Fact.objects.bulk_create([Fact(enterprise=made, year=year, revenue=revenue, profit=profit,
                                   rd_expense=revenue / 50 if revenue else None)
                              for year, (revenue, profit) in (facts or {}).items()])
    return made


@pytest.fixture
def city(reference):
    return Region.objects.get(code="370100")


@pytest.fixture
def licheng(reference):
    return Region.objects.get(code="370112")


@pytest.fixture
def lixia(reference):
    return Region.objects.get(code="370102")


@pytest.fixture
def analyst(make_user):
    return make_user("gxj", "analyst")


@pytest.fixture
def leader(make_user):
    return make_user("boss", "leader")
