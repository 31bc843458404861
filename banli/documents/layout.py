"""The page of GB/T 9704-2012 in Word's units, computed once so the builder and the tests agree.

Word measures pages in twips (1/20 pt, 1440 per inch). GB/T 9704 gives millimetres: A4, top margin 37 mm,
binding (left) margin 28 mm, text area 156 × 225 mm, 22 lines of 28 characters of 3号 (16 pt) type.

- Line pitch: 225 mm / 22 lines = 579.8 twips; it is rounded *down* to 579 twips (28.95 pt) so that 22
  lines always fit in the text area (22 × 580 would overshoot it by 4 twips and push the 22nd line over).
  Paragraphs use exactly this line spacing and the document grid has the same pitch.
- Character pitch: 156 mm / 28 = 15.79 pt, a little less than the 16 pt type, so the grid squeezes each
  character by 0.21 pt. Word stores that as ``w:charSpace`` in 1/4096 pt relative to the default font
  size; it is rounded down (−849) so that 28 characters, not 27, fit on a line.
- LibreOffice cannot squeeze type onto a grid narrower than the type (it gives each 16 pt character two
  cells), so body paragraphs opt out of the *line* grid (``w:snapToGrid`` in the paragraph; the exact
  line spacing keeps the 28.95 pt pitch) — LibreOffice then ignores the grid — and every character is
  narrowed by 0.3 pt (``w:spacing`` −6 twentieths of a point). The exact squeeze would be 0.21 pt, but
  LibreOffice 7.4 wants a little slack: at −5 it still sets 27 characters, at −6 it sets 28 (a PDF test
  checks this). Word and WPS keep laying characters on the character grid, 28 to the line.
"""

from __future__ import annotations

import math

TWIPS_PER_MM = 1440 / 25.4


def mm(value: float) -> int:
    """Millimetres to whole twips."""
    return round(value * TWIPS_PER_MM)


PAGE_WIDTH = 11906  # 210 mm, Word's A4
PAGE_HEIGHT = 16838  # 297 mm
TEXT_WIDTH = mm(156)  # 8844
TEXT_HEIGHT = mm(225)  # 12756
MARGIN_TOP = mm(37)  # 2098
MARGIN_LEFT = mm(28)  # 1587 (binding side)
MARGIN_RIGHT = PAGE_WIDTH - MARGIN_LEFT - TEXT_WIDTH  # 1475 ≈ 26 mm
MARGIN_BOTTOM = PAGE_HEIGHT - MARGIN_TOP - TEXT_HEIGHT  # 1984 ≈ 35 mm

BODY_SIZE_PT = 16  # 3号
TITLE_SIZE_PT = 22  # 2号
SMALL_SIZE_PT = 14  # 4号: 抄送, page numbers
LETTERHEAD_SIZE_PT = 36  # 小初: the unit's name in the letterhead
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28

LINE_PITCH = TEXT_HEIGHT // LINES_PER_PAGE  # 579 twips = 28.95 pt
CHAR_PITCH = TEXT_WIDTH / CHARS_PER_LINE  # 315.9 twips ≈ 15.79 pt
CHAR_SPACE = math.floor((CHAR_PITCH / 20 - BODY_SIZE_PT) * 4096)  # −849
CHAR_SPACING = math.floor((CHAR_PITCH / 20 - BODY_SIZE_PT) * 20) - 1  # −6 twentieths of a point

# One character of body type, for indents such as 首行缩进二字 (Word also gets the *Chars form).
CHAR = round(CHAR_PITCH)

# Letter format (信函格式): the first-page header starts 20 mm from the top with a 10 mm line for the
# result mark (top right), so the letterhead itself begins 30 mm from the top, as the standard asks.
HEADER_DISTANCE = mm(20)
MARK_LINE = mm(10)
RULE_OVERHANG = mm(7)  # the red rules are 170 mm long: 7 mm beyond the text area on each side
RULE_GAP_PT = 11  # the double rule sits about 4 mm under the letterhead

# Page numbers: the dash line's top is 7 mm under the text area, i.e. 28 mm from the page's bottom:
# footer distance 17 mm + 6 mm space after + a 5 mm line. The first page's lower red rule is a 3 mm
# line on the same footer distance, so it lies 20 mm from the bottom.
FOOTER_DISTANCE = mm(17)
PAGE_NUMBER_SPACE_AFTER = mm(6)
PAGE_NUMBER_LINE = mm(5)
LOWER_RULE_LINE = mm(3)

# 署名 and 成文日期 share a centre tab: the date ends four characters from the right edge of the text
# area (右空四字) and the signing unit is centred on the date.
DATE_WIDTH_CHARS = 6.5  # "2025年2月28日": three full-width characters and seven half-width digits
SIGNATURE_TAB = round(CHAR_PITCH * (CHARS_PER_LINE - 4 - DATE_WIDTH_CHARS / 2))
