from pathlib import Path

import pytest

from qiangshi.plan.services import plan_load

MINI_PLAN = Path(__file__).resolve().parent.parent / "data" / "mini-plan.yaml"


def mini_plan_text(**replacements) -> str:
    text = MINI_PLAN.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


@pytest.fixture
def mini_plan(reference):
    return plan_load(mini_plan_text()).plan
