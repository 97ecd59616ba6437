import pytest

from qiangshi.plan.models import Milestone
from tests.conftest import login

URL = "/plan/indicators/MFG-REV/?region=370100"


@pytest.mark.parametrize("typed", ["nan", "NaN", "inf", "-Infinity", "1e400", "1e20", "1_000", "0x10"])
def test_a_milestone_that_no_column_can_hold_is_refused_in_chinese(client, figures, make_user, typed):
    make_user("gxj", "analyst")
    login(client, "gxj")
    response = client.post(URL, {"milestone-2024": typed}, follow=True)
    assert response.status_code == 200
    assert "未保存" in response.content.decode()
    assert not Milestone.objects.exists()


def test_a_milestone_with_separators_and_full_width_digits_is_kept(client, figures, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    client.post(URL, {"milestone-2024": "９,５００", "milestone-2025": "1.2e4"})
    assert dict(Milestone.objects.values_list("year", "value")) == {2024: 9500, 2025: 12000}
