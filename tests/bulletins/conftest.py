import datetime

import pytest

from qiangshi.accounts.models import Region
from qiangshi.bulletins.services import draft_save
from qiangshi.engine.document import OfficialDocument, Section, Table

TABLE = Table(title="各区县规上工业营业收入", columns=["区县", "营业收入（亿元）", "增速（%）"],
              rows=[["历下区", "1,234.5", "6.1"], ["市中区", "987.6", "-2.3"]])


def bulletin() -> OfficialDocument:
    return OfficialDocument(
        organ="济南市工业和信息化局", title="关于2025年1—10月全市工业经济运行情况的通报",
        recipients="各区县人民政府，各功能区管委会：", signer="济南市工业和信息化局",
        date=datetime.date(2025, 11, 20),
        sections=[Section(heading="一、总体情况", paragraphs=["1—10月，全市规上工业营业收入8,612.3亿元。"],
                          tables=[TABLE]),
                  Section(heading="二、存在问题", paragraphs=["部分区县增速回落。"],
                          subsections=[Section(heading="（一）项目建设",
                                               paragraphs=["3个项目签约未开工。"])])])


@pytest.fixture
def draft(reference):
    return draft_save(kind="bulletin", year=2025, month=10, period_type="monthly",
                      region=Region.objects.get(code="370100"), document=bulletin(),
                      facts=[{"text": "8,612.3亿元", "source": "MFG-REV", "value": 86123000}],
                      sources={"进度批次": "#1"}, input_hash="h1", method_version="bulletin-1")
