"""`qiangshi bulletin generate` on the demo: the .docx read back (page, margins, fonts and sizes,
the sections in order, the ranking table's rows), and every number of the narrative traced to
the stored results it came from."""

import io
import re

import docx
import pytest
from django.core.management import call_command
from docx.shared import Mm

from qiangshi.assessment.models import Run as AssessmentRun
from qiangshi.bulletins import inputs
from qiangshi.bulletins.models import Document
from qiangshi.engine.bulletin import Fact, bulletin_inputs, untraced
from qiangshi.engine.document import document_from
from qiangshi.plan.selectors import plan_current
from tests.conftest import login
from tests.documents.reading import east_asia_font, parts, size_pt

YEAR, MONTH = 2025, 10


@pytest.fixture
def written(shared_demo, tmp_path, reference):
    out = tmp_path / "通报.docx"
    call_command("bulletin", "generate", "--period", f"{YEAR}-{MONTH:02d}", "--out", str(out),
                 stdout=io.StringIO(), stderr=io.StringIO())
    return docx.Document(str(out)), Document.objects.get(kind="bulletin", year=YEAR, month=MONTH)


def test_the_bulletin_is_an_a4_document_with_the_standards_margins(written):
    document, _ = written
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) <= Mm(1) and abs(section.page_height - Mm(297)) <= Mm(1)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert all(abs(got - Mm(want)) <= Mm(1) for got, want in zip(margins, (37, 35, 28, 26), strict=True))


def test_title_body_and_headings_are_set_in_the_standards_fonts_and_sizes(written):
    document, _ = written
    by_style = {}
    for paragraph in document.paragraphs:
        by_style.setdefault(paragraph.style.style_id, paragraph)
    title, body = by_style["GwTitle"], by_style["GwBody"]
    assert (east_asia_font(title), size_pt(title)) == ("方正小标宋简体", 22)
    assert (east_asia_font(body), size_pt(body)) == ("仿宋_GB2312", 16)
    assert east_asia_font(by_style["GwHeading1"]) == "黑体"
    assert east_asia_font(by_style["GwHeading2"]) == "楷体_GB2312"


def test_the_sections_come_in_the_bulletins_order(written):
    document, _ = written
    headings = [text for style, text in parts(document) if style == "GwHeading1"]
    order = ["总体情况", "区县（功能区）情况", "存在问题", "下步工作"]
    assert [re.sub(r"^[一二三四五六]、", "", h) for h in headings] == order
    assert [h[0] for h in headings] == ["一", "二", "三", "四"]


def test_the_ranking_table_holds_the_months_assessment_in_rank_order(written):
    document, _ = written
    run = AssessmentRun.objects.filter(year=YEAR, month=MONTH).order_by("-computed_at", "-pk").first()
    expected = [u.region.short_name or u.region.name for u in run.units.exclude(rank=None).order_by("rank")]
    ranking = next(t for t in document.tables if t.rows[0].cells[0].text == "位次")
    assert [row.cells[1].text for row in ranking.rows[1:]] == expected


def test_every_number_of_the_narrative_is_a_stored_value(written):
    _, draft = written
    plan = plan_current()
    city = draft.region
    indicators, _ = inputs.indicator_rows(plan, city, year=YEAR, month=MONTH)
    ranking, _ = inputs.ranking_rows(year=YEAR, month=MONTH)
    chains, _ = inputs.chain_rows(year=YEAR, month=MONTH)
    mujun, _ = inputs.mujun_rows(year=YEAR)
    stored = bulletin_inputs(
        indicators=indicators or None, regions=inputs.region_rows(plan, year=YEAR, month=MONTH) or None,
        ranking=ranking or None, chains=chains or None,
        stalls=inputs.stall_rows(year=YEAR, month=MONTH) or None,
        dispatches=inputs.dispatch_rows(year=YEAR, month=MONTH) or None,
        reporting=inputs.reporting_rows(plan, year=YEAR, month=MONTH) or None, mujun=mujun or None)
    facts = [Fact(text=f["text"], source=f["source"], value=f["value"]) for f in draft.facts]
    assert facts and untraced(stored, facts) == []
    body = document_from(draft.content)
    narrative = " ".join(p for s in body.sections for part in (s, *s.subsections) for p in part.paragraphs)
    written_numbers = {f.text for f in facts}
    assert all(text in narrative for text in written_numbers)
    assert draft.sources["目标进度"].startswith("#") and draft.method_version == "bulletin-1"


def test_generating_the_same_month_again_changes_nothing(written, tmp_path):
    _, draft = written
    before = Document.objects.count()
    call_command("bulletin", "generate", "--period", f"{YEAR}-{MONTH:02d}",
                 "--out", str(tmp_path / "again.docx"), stdout=io.StringIO(), stderr=io.StringIO())
    assert Document.objects.count() == before
    assert Document.objects.get(kind="bulletin", year=YEAR, month=MONTH).pk == draft.pk


def test_the_page_names_each_numbers_source_in_words(written, client, make_user):
    _, draft = written
    make_user("gxj", "analyst")
    login(client, "gxj")
    page = client.get(f"/bulletins/{draft.pk}/").content.decode()
    facts = page.split('id="facts"')[1]
    assert "指标进度表 · 规模以上工业营业收入 · 数值" in facts
    assert "MFG-REV" not in facts and "indicators/" not in facts


def test_a_year_written_alone_gives_the_years_bulletin(written, tmp_path):
    call_command("bulletin", "generate", "--period", str(YEAR), "--out", str(tmp_path / "全年.docx"),
                 stdout=io.StringIO(), stderr=io.StringIO())
    draft = Document.objects.get(kind="bulletin", year=YEAR, month=12, period_type="yearly")
    assert draft.title == f"关于{YEAR}年全市工业经济运行情况的通报"
