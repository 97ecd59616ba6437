"""An official document stored as data and read back is the same document."""

import datetime
import json

from qiangshi.engine.document import (
    Attachment,
    OfficialDocument,
    Section,
    Table,
    document_dict,
    document_from,
)


def test_a_document_stored_as_json_and_read_back_is_unchanged():
    table = Table(title="主要指标", columns=["区县", "营业收入（亿元）"], rows=[["历下区", "1,234.5"]])
    document = OfficialDocument(
        organ="济南市工业和信息化局", title="关于2025年1—10月全市工业经济运行情况的通报",
        sections=[Section(heading="一、总体情况", paragraphs=["1—10月，……"],
                          subsections=[Section(heading="（一）工业生产", paragraphs=["……"])],
                          tables=[table])],
        signer="济南市工业和信息化局", date=datetime.date(2025, 11, 20), number="济工信通〔2025〕10号",
        recipients="各区县人民政府，各功能区管委会：",
        attachments=[Attachment(name="主要指标完成情况表", table=table)],
        copy_to="市委办公厅，市政府办公厅。", printer="济南市工业和信息化局办公室",
        printed_on=datetime.date(2025, 11, 20))
    stored = json.loads(json.dumps(document_dict(document), ensure_ascii=False))
    assert document_from(stored) == document
