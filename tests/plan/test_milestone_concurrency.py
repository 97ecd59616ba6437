"""Two analysts editing the same milestones: the second save is refused, told the first's
value, and nothing is lost (optimistic concurrency with a version per milestone)."""

import re
import threading

import pytest
from django.db import connection

from qiangshi.accounts.models import Region
from qiangshi.plan.definition.services import MilestonesStale, milestones_set
from qiangshi.plan.models import Indicator, Milestone
from tests.conftest import login

URL = "/plan/indicators/MFG-REV/?as_of=2024-06&region=370100"


def _form(client) -> dict[str, str]:
    """The milestone form's fields as the page shows them (values and hidden versions)."""
    page = client.get(URL).content.decode()
    form = page.split('class="card milestones"')[1].split("</form>")[0]
    return {name: value for name, value in
            re.findall(r'<input[^>]*name="(milestone-[^"]+)"[^>]*value="([^"]*)"', form)}


@pytest.fixture
def analysts(figures, make_user, client):
    from django.test import Client

    make_user("wang", "analyst")
    make_user("li", "analyst")
    first, second = client, Client()
    login(first, "wang")
    login(second, "li")
    return first, second


def test_second_analyst_saving_an_old_form_is_refused_and_shown_the_first_value(analysts):
    wang, li = analysts
    wang_form, li_form = _form(wang), _form(li)
    assert "milestone-2024-version" in wang_form
    wang.post(URL, wang_form | {"milestone-2024": "9500"})
    page = li.post(URL, li_form | {"milestone-2024": "9800"}, follow=True).content.decode()
    assert Milestone.objects.get(year=2024).value == 9500  # the first edit is not lost
    assert "其他用户已修改" in page and "9500" in page and "9800" in page
    assert 'name="milestone-2024" value="9500"' in page  # the form now shows the stored value


def test_a_form_that_leaves_a_changed_year_alone_does_not_revert_it(analysts):
    wang, li = analysts
    wang_form, li_form = _form(wang), _form(li)
    wang.post(URL, wang_form | {"milestone-2024": "9500"})
    # li changes 2025 only; his form still holds the old (empty) 2024 value
    li.post(URL, li_form | {"milestone-2025": "12000"}, follow=True)
    assert dict(Milestone.objects.values_list("year", "value")) == {2024: 9500}


def test_saving_after_reloading_the_page_succeeds_and_moves_the_version(analysts):
    wang, li = analysts
    wang.post(URL, _form(wang) | {"milestone-2024": "9500"})
    li.post(URL, _form(li) | {"milestone-2024": "9800"})
    stored = Milestone.objects.get(year=2024)
    assert (stored.value, stored.version) == (9800, 2)
    wang.post(URL, _form(wang) | {"milestone-2024": ""})
    assert not Milestone.objects.exists()


def test_service_refuses_a_stale_version_with_the_stored_value(figures):
    plan = figures
    indicator = Indicator.objects.get(plan=plan, code="MFG-REV")
    city = Region.objects.get(code="370100")
    milestones_set(plan, indicator, city, {2024: 9500.0}, versions={2024: None})
    with pytest.raises(MilestonesStale) as refused:
        milestones_set(plan, indicator, city, {2024: 9800.0}, versions={2024: None})
    assert [(c.year, c.stored, c.submitted) for c in refused.value.conflicts] == [
        (2024, 9500.0, 9800.0)]
    assert "9500" in str(refused.value)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="true parallel writers need PostgreSQL")
def test_two_parallel_saves_of_the_same_version_one_wins_one_is_told(reference):
    from qiangshi.plan.definition.services import plan_load
    from tests.plan_data import mini_plan_text

    plan = plan_load(mini_plan_text()).plan
    indicator = Indicator.objects.get(plan=plan, code="MFG-REV")
    city = Region.objects.get(code="370100")
    outcomes = []

    def save(year, value, barrier):
        try:
            barrier.wait()
            milestones_set(plan, indicator, city, {year: value}, versions={year: None})
            outcomes.append((year, "saved"))
        except MilestonesStale:
            outcomes.append((year, "refused"))
        finally:
            connection.close()

    years = range(2030, 2050)  # many rounds, so that the two saves really overlap in some
    for year in years:
        barrier = threading.Barrier(2)
        threads = [threading.Thread(target=save, args=(year, v, barrier)) for v in (9500.0, 9800.0)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == sorted((y, o) for y in years for o in ("refused", "saved"))
    assert Milestone.objects.count() == len(years)
