"""The round report as .docx with python-docx (CONTRACT section 9).

A4, margins of Thai official documents (top 2.5 cm, left 3 cm, right and bottom 2 cm),
``TH SarabunPSK`` named for every script (ascii, hAnsi, complex script, east Asian), body
16 pt (tables 14 pt), language th-TH, page numbers in Thai digits (``PAGE`` in a ``thaiNumbers`` section),
real Word tables (header rows repeat on each page, spans merged), charts as PNG pictures.

Deterministic: the core properties are fixed from the data's as-of time, python-docx numbers
its parts and ids in order, and the zip is rewritten with a fixed timestamp per entry, so the
same data gives the same bytes.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from typing import Any

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from core import vocab as V
from sync.report.charts import render_chart
from sync.report.document import Cell, Chart, Document, Heading, PageBreak, Para, Table
from sync.report.fonts import DOCX_FONT

BODY_PT, TABLE_PT, TITLE_PT, NOTE_PT = 16, 14, 18, 14
TEXT_WIDTH_CM = 16.0  # 21 cm - 3 cm - 2 cm
_FIXED_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_fonts(rpr: Any, size_pt: float | None = None, bold: bool | None = None) -> None:
    """``TH SarabunPSK`` for every script on an ``w:rPr`` (theme fonts removed), sizes for Latin
    and complex script, bold for both."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), DOCX_FONT)
    if bold is not None:
        for tag in ("w:b", "w:bCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), "1" if bold else "0")
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size_pt * 2)))


def _setup(doc: Any) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin, section.left_margin = Cm(2.5), Cm(3.0)
    section.right_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = Cm(1.2)
    section.different_first_page_header_footer = True  # no number on the title page
    for name, size, bold in (("Normal", BODY_PT, False), ("Heading 1", BODY_PT, True), ("Heading 2", BODY_PT, True),
                             ("Title", TITLE_PT, True), ("Table Grid", TABLE_PT, None)):
        style = doc.styles[name]
        rpr = style.element.get_or_add_rPr()
        _set_fonts(rpr, size, bold)
        lang = rpr.find(qn("w:lang"))
        if lang is None:
            lang = OxmlElement("w:lang")
            rpr.append(lang)
        lang.set(qn("w:val"), "th-TH")
        lang.set(qn("w:bidi"), "th-TH")
        lang.set(qn("w:eastAsia"), "th-TH")
        if name.startswith("Heading") or name == "Title":
            style.font.color.rgb = RGBColor(0, 0, 0)
            style.font.italic = False
            style.paragraph_format.space_before = Pt(6 if name.startswith("Heading") else 0)
            style.paragraph_format.space_after = Pt(0)
            style.paragraph_format.keep_with_next = True
    normal = doc.styles["Normal"].paragraph_format
    normal.space_before, normal.space_after, normal.line_spacing = Pt(0), Pt(0), 1.0
    # page number, top centre, Thai digits (the usual place in Thai official documents)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")  # shown in the section's page-number format: Thai digits
    pg = OxmlElement("w:pgNumType")
    pg.set(qn("w:fmt"), "thaiNumbers")
    sect = section._sectPr
    later = [sect.find(qn(f"w:{t}")) for t in ("cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection",
                                                  "bidi", "rtlGutter", "docGrid", "printerSettings")]
    follow = next((el for el in later if el is not None), None)
    if follow is not None:  # schema order: pgNumType comes before cols ... docGrid
        follow.addprevious(pg)
    else:
        sect.append(pg)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = V.R_PAGE_FIELD_PLACEHOLDER
    run.append(text)
    field.append(run)
    header._p.append(field)


def _run(paragraph: Any, text: str, *, size: float | None = None, bold: bool | None = None,
         italic: bool | None = None) -> None:
    run = paragraph.add_run(text)
    _set_fonts(run._r.get_or_add_rPr(), size, bold)
    if italic is not None:
        run.italic = italic


def _hyperlink(paragraph: Any, url: str) -> None:
    """Make the paragraph's runs one clickable ``w:hyperlink`` to ``url`` (an external
    relationship of the document part; blue, underlined as Word shows links)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import RGBColor
    from docx.text.run import Run

    rid = paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rid)
    for r in list(paragraph._p.r_lst):
        run = Run(r, paragraph)  # schema order of rPr kept by python-docx
        run.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        run.font.underline = True
        link.append(r)
    paragraph._p.append(link)


def _lines(paragraph: Any, lines: Sequence[str], **kw: Any) -> None:
    for i, line in enumerate(lines):
        if i:
            paragraph.add_run().add_break(WD_BREAK.LINE)
        _run(paragraph, line, **kw)


def _para(doc: Any, block: Para) -> None:
    p = doc.add_paragraph()
    fmt = p.paragraph_format
    style = block.style
    if style == "title":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.space_after = Pt(6)
        _lines(p, block.lines, size=TITLE_PT, bold=True)
        return
    if style == "signature":
        fmt.space_before = Pt(18)
        fmt.left_indent = Cm(7.0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.keep_together = True
        _lines(p, block.lines)
        return
    if style == "box":  # the key points: a bordered, lightly shaded block
        ppr = p._p.get_or_add_pPr()
        borders = OxmlElement("w:pBdr")
        for side in ("top", "left", "bottom", "right"):
            el = OxmlElement(f"w:{side}")
            for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"), ("w:color", "1F5F99")):
                el.set(qn(k), v)
            borders.append(el)
        ppr.append(borders)
        shade = OxmlElement("w:shd")
        for k, v in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", "EEF3F8")):
            shade.set(qn(k), v)
        ppr.append(shade)
        fmt.space_after = Pt(6)
        _lines(p, block.lines)
        return
    if style in ("center", "right"):
        p.alignment = _ALIGN[style]
    if style == "indent":
        fmt.first_line_indent = Cm(2.5)
    if style == "note":
        _lines(p, block.lines, size=NOTE_PT, italic=True)
        return
    if style == "bold":
        fmt.space_before = Pt(6)
        fmt.keep_with_next = True
    _lines(p, block.lines, bold=True if style == "bold" else None)


def _repeat_header(row: Any) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)
    cant = OxmlElement("w:cantSplit")
    trpr.append(cant)


def _table(doc: Any, block: Table) -> None:
    ncols = len(block.widths)
    table = doc.add_table(rows=len(block.rows), cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    total = sum(block.widths)
    widths = [Cm(TEXT_WIDTH_CM * w / total) for w in block.widths]
    for col, w in zip(table.columns, widths):
        col.width = w
    flat = table._cells  # once: python-docx recomputes the grid on every table.cell()
    grid = [flat[r * ncols:(r + 1) * ncols] for r in range(len(block.rows))]
    for row_cells in grid:
        for cell_obj, w in zip(row_cells, widths):
            cell_obj.width = w
    taken: set[tuple[int, int]] = set()
    merges: list[tuple[int, int, Cell]] = []
    for r, row in enumerate(block.rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            if c >= ncols:
                break
            p = grid[r][c].paragraphs[0]
            p.alignment = _ALIGN[cell.align]
            _lines(p, cell.text.split("\n"), size=TABLE_PT, bold=cell.bold or None)
            if cell.link:
                _hyperlink(p, cell.link)
            if cell.rowspan > 1 or cell.colspan > 1:
                merges.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
    for r, c, cell in merges:  # spans never overlap: each merge touches only its own cells
        grid[r][c].merge(grid[r + cell.rowspan - 1][c + cell.colspan - 1])
    for r in range(block.header_rows):
        _repeat_header(table.rows[r])
    doc.add_paragraph()  # Word needs a paragraph between tables; also gives air


def _chart(doc: Any, block: Chart) -> None:
    doc.add_picture(io.BytesIO(render_chart(block)), width=Cm(15.0))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER


def _heading(doc: Any, block: Heading) -> None:
    p = doc.add_paragraph(style=f"Heading {max(1, min(block.level, 2))}")
    _run(p, f"{block.number} {block.text}".strip(), size=BODY_PT, bold=True)


def render_docx(document: Document) -> bytes:
    """The document as .docx bytes (same model -> same bytes)."""
    doc = new_document()
    _setup(doc)
    for block in document.blocks:
        if isinstance(block, Heading):
            _heading(doc, block)
        elif isinstance(block, Para):
            _para(doc, block)
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Chart):
            _chart(doc, block)
        elif isinstance(block, PageBreak):
            doc.add_page_break()
    props = doc.core_properties
    when = document.as_of.replace(tzinfo=None, microsecond=0)
    props.title, props.subject, props.author = document.title, document.subject, document.author
    props.last_modified_by, props.revision = document.author, 1
    props.created = props.modified = props.last_printed = when
    props.keywords, props.comments, props.category = "ITA", "ita-sync report", ""
    props.language, props.identifier, props.content_status, props.version = "th-TH", "", "", ""
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip entries, in the same order, with a fixed timestamp and attributes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_FIXED_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 0
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
