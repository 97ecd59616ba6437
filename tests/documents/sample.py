"""A bulletin with every element the layout engine sets, for the tests of qiangshi.documents."""

import datetime

from qiangshi.engine.document import Attachment, OfficialDocument, Section, Table

RANKING = Table(
    title="各区县规上工业营业收入",
    columns=["区县", "营业收入（亿元）", "增速（%）", "位次"],
    rows=[["历下区", "1,234.5", "6.1", "1"], ["市中区", "987.6", "-2.3", "2"],
          ["槐荫区", "456.7", "0.0", "3"]],
    note="注：增速按可比价计算。",
)
ATTACHMENT = Attachment(
    name="1—10月各区县（功能区）主要指标完成情况",
    table=Table(title="主要指标", columns=["区县", "绝对额（亿元）", "增速（%）", "位次", "目标完成率（%）"],
                rows=[["历下区", "8,612.3", "6.1", "1", "83.2"], ["高新区", "701.0", "12.4", "2", "90.1"]]),
)


def bulletin(**changes) -> OfficialDocument:
    fields = dict(
        organ="济南市工业和信息化局",
        number="济工信通〔2025〕10号",
        title="关于2025年1—10月全市工业经济运行情况的通报",
        recipients="各区县工业和信息化主管部门，市直有关部门：",
        sections=[
            Section(heading="一、总体情况",
                    paragraphs=["1—10月，全市规上工业营业收入8,612.3亿元，同比增长6.1%，完成年度目标的83.2%。"],
                    subsections=[Section(heading="（一）工业投资",
                                         paragraphs=["1—10月，全市工业投资同比增长9.8%。"])],
                    tables=[RANKING]),
            Section(heading="二、区县（功能区）情况",
                    paragraphs=["有12个区县（功能区）保持正增长，历下区位次较上月前移2位。"]),
        ],
        signer="济南市工业和信息化局",
        date=datetime.date(2025, 11, 10),
        attachments=[ATTACHMENT],
        copy_to="市委办公厅，市政府办公厅",
        printer="济南市工业和信息化局办公室",
        printed_on=datetime.date(2025, 11, 11),
        urgency="",
    )
    fields.update(changes)
    return OfficialDocument(**fields)
