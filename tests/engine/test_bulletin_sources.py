"""A bulletin fact's source in words: table, the row's name, the column or the count."""

import pytest

from qiangshi.engine.bulletin.sources import source_label

NAMES = {"MFG-REV": "规模以上工业营业收入"}


@pytest.mark.parametrize(("source", "label"), [
    ("indicators/MFG-REV/value", "指标进度表 · 规模以上工业营业收入 · 数值"),
    ("regions/MFG-REV/count(yoy up)", "区县指标表 · 规模以上工业营业收入 · 计数（同比增速 上升）"),
    ("indicators/count(status=achieved)", "指标进度表 · 计数（进度状态=已完成）"),
    ("chains/空天信息/revenue", "产业链表 · 空天信息 · 营业收入"),
    ("stalls/sum(count)", "项目停滞表 · 合计（数量）"),
    ("ranking/count(前移)", "考核排名表 · 计数（前移）"),
    ("indicators/UNKNOWN-CODE/value", "指标进度表 · UNKNOWN-CODE · 数值"),
])
def test_a_source_is_written_in_words(source, label):
    assert source_label(source, NAMES) == label
