from qiangshi.enterprises.models import FACT_FIELDS
from qiangshi.plan.schema import FACT_FIELD_NAMES


def test_plan_formulas_know_exactly_the_stored_fact_fields():
    assert set(FACT_FIELDS) == FACT_FIELD_NAMES
