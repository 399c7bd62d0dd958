"""The round report as PDF with fpdf2 (CONTRACT section 9, ``--pdf``).

The same content model as the .docx, on A4 with the same margins. The packaged Sarabun
(``fonts.sarabun``, SIL OFL 1.1) is embedded as a subset; text goes through HarfBuzz
(``set_text_shaping(True)``, uharfbuzz) so Thai vowels and tone marks stack correctly.
Sizes: Sarabun is drawn larger on its em than TH SarabunPSK, so the PDF uses
``SIZE_SCALE`` x the .docx sizes, which puts the same letter size on the page (16 pt
TH SarabunPSK body ~ 12 pt Sarabun).

Deterministic: creation date from the data's as-of time, fixed producer, no random ids.
"""

from __future__ import annotations

import io

from fpdf import FPDF
from fpdf.enums import TableCellFillMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.util import Padding

from sync.report.charts import render_chart
from sync.report.document import Chart, Document, Heading, PageBreak, Para, Table, thai_digits
from sync.report.docx import BODY_PT, NOTE_PT, TABLE_PT, TITLE_PT
from sync.report.fonts import sarabun

FAMILY = "Sarabun"
SIZE_SCALE = 0.75
LEFT_MM, RIGHT_MM, TOP_MM, BOTTOM_MM = 30.0, 20.0, 25.0, 20.0
TEXT_W = 210.0 - LEFT_MM - RIGHT_MM
LINE = 1.45  # line height in font sizes


class _Pdf(FPDF):
    def header(self) -> None:  # page number top centre from page 2, Thai digits (official style)
        if self.page_no() > 1:
            self.set_font(FAMILY, "", BODY_PT * SIZE_SCALE)
            self.set_y(12)
            self.cell(0, 6, thai_digits(f"- {self.page_no()} -"), align="C")
            self.set_y(TOP_MM)


def _pt(size: float) -> float:
    return size * SIZE_SCALE


def _h(size: float) -> float:
    """Line height (mm) for a font size in pt (already scaled)."""
    return size * LINE * 0.3528


def render_pdf(document: Document) -> bytes:
    """The document as PDF bytes (same model -> same bytes)."""
    pdf = _Pdf(orientation="P", unit="mm", format="A4")
    pdf.add_font(FAMILY, "", str(sarabun(False)))
    pdf.add_font(FAMILY, "B", str(sarabun(True)))
    pdf.set_text_shaping(True)
    pdf.set_margins(LEFT_MM, TOP_MM, RIGHT_MM)
    pdf.set_auto_page_break(True, BOTTOM_MM)
    pdf.set_title(document.title)
    pdf.set_subject(document.subject)
    pdf.set_author(document.author)
    pdf.set_creator("ita-sync report")
    pdf.set_producer("ita-sync (fpdf2)")
    pdf.set_lang("th-TH")
    pdf.set_creation_date(document.as_of)
    pdf.add_page()
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(pdf, block)
        elif isinstance(block, Para):
            _para(pdf, block)
        elif isinstance(block, Table):
            _table(pdf, block)
        elif isinstance(block, Chart):
            _chart(pdf, block)
        elif isinstance(block, PageBreak):
            pdf.add_page()
    return bytes(pdf.output())


def _write(pdf: FPDF, text: str, size: float, *, bold: bool = False, align: str = "L", indent: float = 0.0,
           left: float = 0.0) -> None:
    pdf.set_font(FAMILY, "B" if bold else "", _pt(size))
    h = _h(_pt(size))
    if indent:  # a first-line indent: no-break spaces measured in the current font
        pad = "\u00a0" * max(1, round(indent / max(pdf.get_string_width("\u00a0"), 0.1)))
        text = "\n".join(pad + line for line in text.split("\n"))
    for line in text.split("\n"):
        pdf.set_x(LEFT_MM + left)
        pdf.multi_cell(TEXT_W - left, h, line, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _heading(pdf: FPDF, block: Heading) -> None:
    if pdf.get_y() > pdf.h - BOTTOM_MM - 30:  # keep a heading with what follows
        pdf.add_page()
    pdf.ln(2)
    _write(pdf, f"{block.number} {block.text}".strip(), BODY_PT, bold=True)


def _para(pdf: FPDF, block: Para) -> None:
    style = block.style
    if style == "title":
        _write(pdf, block.text, TITLE_PT, bold=True, align="C")
        pdf.ln(2)
    elif style == "signature":
        if pdf.get_y() > pdf.h - BOTTOM_MM - 40:
            pdf.add_page()
        pdf.ln(8)
        _write(pdf, block.text, BODY_PT, align="C", left=70.0)
    elif style == "center":
        _write(pdf, block.text, BODY_PT, align="C")
    elif style == "right":
        _write(pdf, block.text, BODY_PT, align="R")
    elif style == "note":
        _write(pdf, block.text, NOTE_PT)
    elif style == "box":
        pdf.set_font(FAMILY, "", _pt(BODY_PT))
        pdf.set_fill_color(238, 243, 248)
        pdf.set_draw_color(31, 95, 153)
        pdf.multi_cell(TEXT_W, _h(_pt(BODY_PT)), block.text, border=1, fill=True, align="L", new_x=XPos.LMARGIN,
                       new_y=YPos.NEXT, padding=Padding(1.5, 2.5, 1.5, 2.5))
        pdf.set_draw_color(0, 0, 0)
        pdf.set_fill_color(255, 255, 255)
        pdf.ln(2)
    elif style == "bold":
        pdf.ln(1.5)
        _write(pdf, block.text, BODY_PT, bold=True)
    elif style == "indent":
        _write(pdf, block.text, BODY_PT, indent=25.0)
    else:
        _write(pdf, block.text, BODY_PT)


def _table(pdf: FPDF, block: Table) -> None:
    size = _pt(TABLE_PT)
    pdf.set_font(FAMILY, "", size)
    total = sum(block.widths)
    widths = tuple(TEXT_W * w / total for w in block.widths)
    head = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    with pdf.table(col_widths=widths, width=TEXT_W, line_height=_h(size), num_heading_rows=block.header_rows,
                   headings_style=head, first_row_as_headings=block.header_rows > 0, text_align="LEFT",
                   cell_fill_mode=TableCellFillMode.NONE, padding=(0.6, 1.2, 0.6, 1.2)) as table:
        for row in block.rows:
            r = table.row()
            for cell in row:
                style = FontFace(emphasis="BOLD") if cell.bold else None
                r.cell(cell.text, colspan=cell.colspan, rowspan=cell.rowspan, align=cell.align.upper(), style=style,
                       link=cell.link)
    pdf.ln(3)


def _chart(pdf: FPDF, block: Chart) -> None:
    w = 150.0
    h = w * 3.4 / 6.4
    if pdf.get_y() + h > pdf.h - BOTTOM_MM:
        pdf.add_page()
    pdf.image(io.BytesIO(render_chart(block)), x=LEFT_MM + (TEXT_W - w) / 2, w=w)
    pdf.ln(2)
