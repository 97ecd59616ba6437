"""Each tier is measured against the plan indicator that counts it, and a target several tiers
share (单项冠军 国家级+省级 = 50；专精特新+小巨人 = 2,000；the 省级以上优质企业 total of 5,000)
is shown as shared, not as each tier's own (济南《加快建设工业强市三年行动计划》)."""

import datetime
import io

import pytest
from django.core.management import call_command

from qiangshi.cultivation.tier_rulebook import rules_on
from qiangshi.cultivation.tier_selectors import tier_targets
from tests.conftest import login
from tests.cultivation.test_tiers import assessed  # noqa: F401 — the assessed-run fixture

ON = datetime.date(2025, 6, 30)


@pytest.fixture
def jinan_plan(reference):
    # Through the command, which names the packaged plan (the plan modules' paths may move).
    call_command("plan", "load", "jinan-2023-2025", stdout=io.StringIO())


def test_each_tier_maps_to_its_indicator_and_shared_targets_say_so(jinan_plan):
    targets = tier_targets(rules_on(ON))
    own = {tier: (t["indicator"].target_value, t["shared_with"]) for tier, t in targets.items()}
    assert own["innovative_sme"] == (3000, [])
    assert own["high_tech"][1] == [] and own["tech_sme"][1] == []
    assert own["champion_national"] == (50, ["制造业单项冠军（山东省）"])
    assert own["champion_shandong"] == (50, ["制造业单项冠军（国家级）"])
    assert own["specialized"] == (2000, ["专精特新“小巨人”企业"])
    assert own["little_giant"] == (2000, ["专精特新中小企业"])
    # 瞪羚 and 独角兽 have no target of their own: only the 5,000 total counts them.
    value, shared = own["gazelle"]
    assert value == 5000 and "独角兽企业（山东省）" in shared and "专精特新中小企业" in shared
    assert targets["gazelle"]["indicator"].pk == targets["unicorn"]["indicator"].pk


@pytest.mark.usefixtures("assessed")
def test_overview_marks_a_shared_target_as_shared(client, jinan_plan, make_user):
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get("/cultivation/tiers/").content.decode()
    assert "合计目标，与专精特新“小巨人”企业共用" in page
    assert "合计目标，与制造业单项冠军（山东省）共用" in page
