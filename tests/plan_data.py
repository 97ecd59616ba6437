"""The small test plan and figures that several test packages share."""

from pathlib import Path

MINI_PLAN = Path(__file__).resolve().parent / "data" / "mini-plan.yaml"


def mini_plan_text(**replacements) -> str:
    text = MINI_PLAN.read_text(encoding="utf-8")
    for old, new in replacements.items():
        assert old in text, old
        text = text.replace(old, new)
    return text


FIGURES = """指标代码,地区代码,期别,数值,同比增长(%),数据状态,来源说明
MFG-REV,370100,2022,8000,,最终,公报
MFG-REV,370100,2023,8640,8,最终,公报
MFG-REV,370100,2024年1-6月,4400,,初步,月报
GRN-SOLID-WASTE,370100,2022,60,,最终,公报
GRN-SOLID-WASTE,370100,2023,58,,最终,公报
GRN-SOLID-WASTE,370102,2023,71,,最终,区报
T1-LABS,370100,2023,20,,最终,科技局
"""
