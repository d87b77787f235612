"""The bureau's official layout for Word documents, in the spirit of GB/T 9704 (党政机关公文格式): A4 with the
standard margins, the body in 仿宋_GB2312 三号 with a first-line indent of two characters, headings in 黑体, titles
in 方正小标宋简体, the red rule of the 版头, tables, page numbers (— 1 —) on the outer edge (odd pages right, even left), headings kept with what
follows, and numbers never broken across lines. The monthly bulletin
(bulletin/document.py) and the 督办 办理情况报告 (supervision/document.py) are both written with it.

The bureau's machines have the GB2312 fonts; other machines may not. So the document names them with
East-Asian fallbacks in its font table (altName, the GB2312 character set), sets the East-Asian font of every
run and of the defaults, and marks the text zh-CN: a machine without 仿宋_GB2312 uses 仿宋 or another Chinese
font, never a Latin one.
"""

import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

RED = RGBColor(0xE6, 0x00, 0x12)
BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"
LATIN_FONT = "Times New Roman"
# The fallbacks a machine without the bureau's fonts uses: (name, altName, family, pitch).
FONTS = [
    (BODY_FONT, "仿宋;FangSong;STFangsong;Noto Serif CJK SC", "modern", "fixed"),
    (TITLE_FONT, "宋体;SimSun;STSong;Noto Serif CJK SC", "script", "variable"),
    (HEADING_FONT, "SimHei;STHeiti;Noto Sans CJK SC", "modern", "fixed"),
    ("宋体", "SimSun;STSong;Noto Serif CJK SC", "auto", "variable"),
]
BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
HEAD_SIZE = Pt(32)  # the issuing body's heading
TABLE_SIZE = Pt(9)  # 小五


def fonts(run, east_asian: str, size=None, *, bold=False, color=None):
    run.font.name = LATIN_FONT
    r_pr = run._element.get_or_add_rPr()
    r_fonts = r_pr.get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asian)
    r_fonts.set(qn("w:hint"), "eastAsia")
    if size is not None:
        run.font.size = size
    run.font.bold = bold
    if color is not None:
        run.font.color.rgb = color
    return run


def spacing(paragraph, *, before=0, after=0, line=None):
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def rule(paragraph, *, color="E60012", size=12, where="bottom"):
    """A horizontal rule under (or over) the paragraph: the 版头's red separator, the 版记's black lines."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = p_pr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        p_pr.append(borders)
    line = OxmlElement(f"w:{where}")
    line.set(qn("w:val"), "single")
    line.set(qn("w:sz"), str(size))
    line.set(qn("w:space"), "1")
    line.set(qn("w:color"), color)
    borders.append(line)


def first_line_indent(paragraph):
    """Two characters, in characters (firstLineChars) so that it stays two whatever the font size."""
    p_pr = paragraph._p.get_or_add_pPr()
    ind = p_pr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        p_pr.append(ind)
    ind.set(qn("w:firstLineChars"), "200")
    ind.set(qn("w:firstLine"), str(int(BODY_SIZE.pt * 2 * 20)))


def page_numbers(document, section):
    """— 1 — at the foot of every page (a PAGE field), on the outer edge one character in (GB/T 9704: 单页码居右，
    双页码居左): the odd pages' footer on the right, the even pages' on the left."""
    document.settings.odd_and_even_pages_header_footer = True
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        paragraph = footer.paragraphs[0]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = Pt(14)
        else:
            paragraph.paragraph_format.left_indent = Pt(14)
        _page_number(paragraph)


def _page_number(paragraph):
    fonts(paragraph.add_run("— "), "宋体", Pt(14))
    run = fonts(paragraph.add_run(), "宋体", Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            field = OxmlElement("w:fldChar")
            field.set(qn("w:fldCharType"), kind)
            run._r.append(field)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
        else:
            value = OxmlElement("w:t")
            value.text = text
            run._r.append(value)
    fonts(paragraph.add_run(" —"), "宋体", Pt(14))


def defaults(document):
    """East-Asian defaults for every style, the text marked zh-CN, and the fallbacks in the font table."""
    styles = document.styles.element
    r_pr_default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    r_fonts = r_pr_default.find(qn("w:rFonts"))
    if r_fonts is None:
        r_fonts = OxmlElement("w:rFonts")
        r_pr_default.insert(0, r_fonts)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        r_fonts.attrib.pop(qn(attribute), None)
    r_fonts.set(qn("w:ascii"), LATIN_FONT)
    r_fonts.set(qn("w:hAnsi"), LATIN_FONT)
    r_fonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = r_pr_default.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr_default.append(lang)
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    font_table = document.part.part_related_by(RT.FONT_TABLE)
    root = font_table.element if hasattr(font_table, "element") else None
    if root is None:
        from docx.oxml.parser import parse_xml

        root = parse_xml(font_table.blob)
    for name, alternatives, family, pitch in FONTS:
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", alternatives),
            ("w:charset", "86"),
            ("w:family", family),
            ("w:pitch", pitch),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        root.append(font)
    if not hasattr(font_table, "element"):
        from lxml import etree

        font_table._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# A number with its sign, separators, decimals and a % sign, or a range of months: 12.8%, 6.28, 4,300, +2.1,
# 2007, 1–9.
NUMBER = re.compile(r"[+\-−]?\d[\d,]*(?:\.\d+)?%?(?:–\d+)?")
NO_BREAK_SPACE = "\u00a0"


def add_text(paragraph, text: str, font: str, size, **style):
    """`text` as runs: each number a Latin run (marked en-US, no East-Asian hint), so that a line never breaks
    inside it — LibreOffice breaks anywhere between characters it takes as Chinese, "12.｜8%" included — and
    the Chinese between them in the East-Asian font. A space between a number and its unit does not break."""
    text = text.replace(" ", NO_BREAK_SPACE)
    start = 0
    for match in NUMBER.finditer(text):
        if match.start() > start:
            fonts(paragraph.add_run(text[start : match.start()]), font, size, **style)
        latin(fonts(paragraph.add_run(match.group(0)), font, size, **style))
        start = match.end()
    if start < len(text):
        fonts(paragraph.add_run(text[start:]), font, size, **style)


def latin(run):
    """A run of digits read as Latin text: no East-Asian hint, the language en-US."""
    r_pr = run._element.get_or_add_rPr()
    r_pr.rFonts.attrib.pop(qn("w:hint"), None)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "en-US")
    r_pr.append(lang)
    return run


def paragraph(
    document,
    text,
    *,
    font=BODY_FONT,
    size=BODY_SIZE,
    align=None,
    indent=True,
    bold=False,
    color=None,
    keep_with_next=False,
):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    spacing(paragraph, line=Pt(28))
    if indent:
        first_line_indent(paragraph)
    paragraph.paragraph_format.keep_with_next = keep_with_next
    add_text(paragraph, text, font, size, bold=bold, color=color)
    return paragraph


def cell_text(cell, text, *, bold=False, align=WD_ALIGN_PARAGRAPH.LEFT):
    paragraph = cell.paragraphs[0]
    paragraph.alignment = align
    spacing(paragraph)
    add_text(paragraph, text, BODY_FONT, TABLE_SIZE, bold=bold)


def repeat_header(table):
    """The header row repeats on every page the table runs to."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(header)


def cell_margins(table, mm: float):
    """Narrow left and right cell margins, so that the nine columns of the targets fit 8.70 亿美元 on a line."""
    tbl_pr = table._tbl.tblPr
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(int(Mm(mm).twips)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = tbl_pr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema's order: tblCellMar before tblLook
    else:
        tbl_pr.append(margins)


def table(document, header, rows, widths, *, numeric=True):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell_text(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell_text(
                cell, text, align=WD_ALIGN_PARAGRAPH.RIGHT if numeric and index else WD_ALIGN_PARAGRAPH.LEFT
            )
    cell_margins(table, 1)
    repeat_header(table)
    # Fixed widths, in the grid too (LibreOffice reads the grid, Word the cells).
    table.autofit = False
    grid = table._tbl.tblGrid
    for column, width in zip(grid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(int(Mm(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    return table


def new_document():
    """An empty A4 portrait document in the official layout: margins, East-Asian defaults, page numbers."""
    document = Document()
    defaults(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    page_numbers(document, section)
    return document


def to_bytes(document, *, title: str, author: str) -> bytes:
    properties = document.core_properties
    properties.title = title
    properties.author = author
    properties.language = "zh-CN"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
