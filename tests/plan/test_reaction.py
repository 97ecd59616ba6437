"""Changed figures set off one reaction on commit: computed figures (after registry changes)
→ progress at the latest month → alerts; pages and commands only read its results."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from qiangshi.enterprises.fact_import import fact_import
from qiangshi.enterprises.registry_import import enterprise_import
from qiangshi.plan.definition.services import plan_load
from qiangshi.plan.figures.text import observation_import
from qiangshi.plan.models import Alert, ComputedFigure, ProgressRun
from qiangshi.plan.monitoring import reaction
from qiangshi.plan.monitoring.selectors import AsOf, latest_as_of, progress_latest
from tests.conftest import login
from tests.enterprises.conftest import enterprises_file, fact, facts_file, firm
from tests.plan.test_computed import REVENUE
from tests.plan_data import FIGURES, mini_plan_text

REVISED = "指标代码,地区代码,期别,数值\nGRN-SOLID-WASTE,370100,2023,59\n"
MORE = "指标代码,地区代码,期别,数值\nT1-LABS,370100,2024,26\n"


@pytest.fixture
def reactions(monkeypatch):
    """The calls of the reaction, each still doing its work."""
    calls = []
    real = reaction.figures_react

    def counted(plan_ids, *, registry=False, **options):
        calls.append((list(plan_ids), registry))
        return real(plan_ids, registry=registry, **options)

    monkeypatch.setattr(reaction, "figures_react", counted)
    return calls


def _import(plan, text, **options):
    report = observation_import(text.encode(), "figures.csv", plan=plan, **options)
    assert report.errors == []
    return report


def test_a_figure_change_reacts_once_on_commit_with_progress_and_alerts(
        mini_plan, reactions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import(mini_plan, FIGURES)
        assert reactions == []  # not before the commit
    assert reactions == [([mini_plan.pk], False)]
    run = progress_latest(mini_plan, latest_as_of(mini_plan))
    assert run is not None and run.as_of_month == 6
    assert Alert.objects.filter(plan_code=mini_plan.code, resolved_at__isnull=True).exists()


def test_two_writes_in_one_transaction_react_once(figures, reactions,
                                                  django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _import(figures, REVISED)
        _import(figures, MORE)
    assert reactions == [([figures.pk], False)]
    assert progress_latest(figures, latest_as_of(figures)).observation_count == 8


def test_a_rolled_back_transaction_reacts_not_at_all(figures, reactions,
                                                     django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            _import(figures, REVISED)
            raise RuntimeError("rolled back")
        _import(figures, MORE, dry_run=True)
    assert reactions == []


def test_unchanged_figures_do_not_react(figures, reactions, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _import(figures, FIGURES)
    assert reactions == []


def test_a_registry_import_recomputes_formulas_before_progress_once(
        reference, reactions, django_capture_on_commit_callbacks):
    sentence = "    sentence: 规模以上工业营业收入突破1万亿元\n"
    with django_capture_on_commit_callbacks(execute=True):
        plan = plan_load(mini_plan_text(**{sentence: sentence + REVENUE})).plan
    reactions.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_import(enterprises_file([firm()]), "企业.xlsx")
        fact_import(facts_file([fact()]), "数据.xlsx")
    assert reactions == [([plan.pk], True)]
    assert ComputedFigure.objects.filter(indicator__plan=plan).exists()


def test_progress_pages_and_command_say_in_chinese_when_nothing_is_computed(
        mini_plan, client, make_user):
    # Figures written but not committed: the reaction has not run, so nothing is computed.
    _import(mini_plan, FIGURES)
    assert ProgressRun.objects.count() == 0
    with pytest.raises(CommandError, match="尚未计算"):
        call_command("progress", stdout=io.StringIO())
    make_user("ana", "analyst")
    login(client, "ana")
    assert "尚未计算" in client.get("/cockpit/").content.decode()
    assert "尚未计算" in client.get("/plan/indicators/MFG-REV/").content.decode()
    assert ProgressRun.objects.count() == 0


def test_figures_refresh_command_computes_what_pages_read(mini_plan):
    _import(mini_plan, FIGURES)
    out = io.StringIO()
    call_command("figures", "refresh", "--as-of", "2024-03", stdout=out)
    assert "截至 2024年6月" in out.getvalue() and "预警" in out.getvalue()
    assert progress_latest(mini_plan, AsOf(2024, 6)) is not None
    assert progress_latest(mini_plan, AsOf(2024, 3)) is not None
