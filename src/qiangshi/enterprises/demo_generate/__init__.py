"""A synthetic but realistic Jinan for demonstrations: enterprises, honours, yearly and monthly
facts as the four import-template tables (`qiangshi demo generate --seed N`).

Pure polars/numpy besides the packaged data it is calibrated on (``calibration`` reads
``enterprises/demo_data/``) and the reference data (regions, the GB/T 4754-2017 tree and the
platform's 装备制造业 prefix list). Deterministic for a seed; every random draw comes from a
stream named after what it draws, so the parts do not shift each other. Vectorised over firms:
loops run only over industries, regions, honour kinds and years.

One module per part: ``population`` (who is 规上 when, industries, districts, revenue paths
calibrated to the city totals), one generator per table (``firms`` 企业, ``honours`` 荣誉资质,
``facts`` and ``tier_facts`` 年度数据, ``monthly`` 月度数据), ``identity`` (names, codes),
``draws`` (random streams and calibration steps) and ``generator`` (``generate``, the order).

* The figures the tier rules test (培育指标: 高新技术产品收入, staff, IP, niche years, market
  share …) and the awards behind their 直通 conditions follow the honours a firm holds (a 高企
  meets the 高企 lines); other firms report little, spread across the thresholds. They come
  from their own streams, so adding them left every other figure as it was.

Every table carries 来源说明 = `DEMO_SOURCE`; the 企业 template has no such column, so the
import marks the firms (`is_demo`).
"""

# the door: the generator, the 规上 test on its 企业 table, and the calibration it meets
# (the demo's tests check the tables against it)
from .calibration import (
    ABOVE_SCALE_PROFIT,
    ABOVE_SCALE_REVENUE,
    ABOVE_SCALE_THRESHOLD,
    DEMO_SOURCE,
    EQUIPMENT_REVENUE,
    RD_INSTITUTION,
    SOFTWARE_REVENUE,
    TIER_HONOURS,
)
from .firms import above_scale_in
from .generator import generate

__all__ = [
    "ABOVE_SCALE_PROFIT",
    "ABOVE_SCALE_REVENUE",
    "ABOVE_SCALE_THRESHOLD",
    "DEMO_SOURCE",
    "EQUIPMENT_REVENUE",
    "RD_INSTITUTION",
    "SOFTWARE_REVENUE",
    "TIER_HONOURS",
    "above_scale_in",
    "generate",
]
