"""The numbers of GB/T 9704-2012《党政机关公文格式》 the layout engine sets: paper, margins and
版心, the 22 × 28 grid, 字号 (2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt), the fonts each element
names, the red of the 版头 and the rules of the 版记. docs/documents.md gives the source of
each (reference notes §C2). They are kept apart from the writing code so the parameters read
as one list."""

import math

from docx.shared import Emu, Mm, Pt, RGBColor, Twips

PAGE_WIDTH = Mm(210)
PAGE_HEIGHT = Mm(297)
# 天头 37 mm, 订口 28 mm; 版心 156 × 225 mm gives 下白边 35 mm and 右白边 26 mm.
MARGIN_TOP = Mm(37)
MARGIN_BOTTOM = Mm(35)
MARGIN_LEFT = Mm(28)
MARGIN_RIGHT = Mm(26)
TEXT_WIDTH = Mm(156)
TEXT_HEIGHT = Mm(225)
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

# 225 mm / 22 lines = 28.99 pt, rounded down so that 22 fixed lines fit in the 版心.
GRID_LINE_PITCH_TWIPS = TEXT_HEIGHT.twips // LINES_PER_PAGE
LINE_PITCH = Twips(GRID_LINE_PITCH_TWIPS)
# 28 characters of 3号 on a line: 156 mm / 28 = 15.79 pt, so each character is condensed by
# 0.25 pt (rPr spacing, in twentieths of a point). Word's character grid (docGrid
# linesAndChars with charSpace) would do the same, but LibreOffice lays that grid out with
# square cells of the line pitch, 15 characters to a line, so the PDF would differ.
CHARACTER_SPACING_TWENTIETHS = math.floor((TEXT_WIDTH.pt / CHARS_PER_LINE - 16) * 20)

SIZE_2 = 22
SIZE_3 = 16
SIZE_4 = 14
SIZE_SMALL_4 = 12

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
# Digits and Latin letters: the fonts above are set as eastAsia only (rFonts).
LATIN = "Times New Roman"

RED = RGBColor(0xFF, 0x00, 0x00)

# 页码一字线上距版心下边缘 7 mm; the footer's bottom sits a 4号 line below that.
FOOTER_DISTANCE = Emu(Mm(35 - 7) - Pt(SIZE_4 * 1.3))
# 发文机关标志上边缘至版心上边缘 35 mm.
ORGAN_SPACE_BEFORE = Mm(35)
# 版头分隔线 4 mm under the 发文字号: the border's distance from the text, in points.
SEPARATOR_GAP_PT = round(Mm(4).pt)
# Border widths in eighths of a point: 0.35 mm ≈ 1 pt, 0.25 mm ≈ 0.75 pt (版记分隔线).
RULE_THICK = 8
RULE_THIN = 6
SEPARATOR_RED_RULE = 12
