"""Draw a Google master as the emulator stores it, to look at it as a person would.

``python -m tests.google_emulator.draw OUT_DIR [--config ita-sync.toml]`` runs the local job on
the config's sources (default: a fresh ``ita-sync demo``), writes the resulting document with
the real ``GoogleSink`` into the emulator (one batchUpdate), then rebuilds an xlsx from the
emulator's stored state only (values, cell formats, column widths, row heights, frozen rows,
filters, conditional formats, charts, protections) and converts it to PDF and PNG pages with
LibreOffice and pdftoppm. Nothing of the document is read back except through the emulator.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from tests.google_emulator.server import Emulator


def _rgb(c: dict[str, float] | None) -> str | None:
    if not c:
        return None
    return "".join(f"{round(c.get(k, 0) * 255):02X}" for k in ("red", "green", "blue"))


def rebuild_xlsx(emu: Emulator, sid: str, out: Path) -> Path:
    """An xlsx drawn from the emulator's stored state of spreadsheet ``sid``."""
    wb = Workbook()
    wb.remove(wb.active)
    for props in emu.sheet_properties(sid):
        tab = props["title"]
        ws = wb.create_sheet(tab)
        for r, row in enumerate(emu.values(sid, tab), start=1):
            for c, v in enumerate(row, start=1):
                if v not in (None, ""):
                    ws.cell(row=r, column=c, value=v).data_type = "s" if isinstance(v, str) else "n"
        for a1, fmt in emu.formats(sid, tab).items():
            cell = ws[a1]
            tf = fmt.get("textFormat", {})
            link = (tf.get("link") or {}).get("uri")
            cell.font = Font(bold=tf.get("bold"), size=tf.get("fontSize"), underline="single" if tf.get("underline") else None,
                             color=_rgb(tf.get("foregroundColor")))
            if link:
                cell.hyperlink = link
            bg = _rgb(fmt.get("backgroundColor"))
            if bg and bg != "FFFFFF":
                cell.fill = PatternFill("solid", fgColor=bg)
            if fmt.get("wrapStrategy") == "WRAP":
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for i, px in emu.dimension_sizes(sid, tab, "COLUMNS").items():
            ws.column_dimensions[get_column_letter(i + 1)].width = max((px - 10) / 7, 1)
        for i, px in emu.dimension_sizes(sid, tab, "ROWS").items():
            ws.row_dimensions[i + 1].height = px * 0.75
        grid = props.get("gridProperties", {})
        fr, fc = grid.get("frozenRowCount", 0), grid.get("frozenColumnCount", 0)
        if fr or fc:
            ws.freeze_panes = f"{get_column_letter(fc + 1)}{fr + 1}"
        objects = emu.sheet_objects(sid, tab)
        if objects["basicFilter"]:
            g = objects["basicFilter"]["range"]
            ws.auto_filter.ref = (f"A1:{get_column_letter(g.get('endColumnIndex', 1))}{g.get('endRowIndex', 1)}")
        for rule in objects["conditionalFormats"]:
            g = rule["ranges"][0]
            col = get_column_letter(g["startColumnIndex"] + 1)
            cond = rule["booleanRule"]["condition"]
            fmt = rule["booleanRule"]["format"]
            ws.conditional_formatting.add(
                f"{col}{g['startRowIndex'] + 1}:{col}{g['endRowIndex']}",
                CellIsRule(operator="lessThan" if cond["type"] == "NUMBER_LESS" else "equal",
                           formula=[cond["values"][0]["userEnteredValue"] if cond["type"] == "NUMBER_LESS"
                                    else '"' + cond["values"][0]["userEnteredValue"] + '"'],
                           fill=PatternFill("solid", bgColor=_rgb(fmt.get("backgroundColor"))),
                           font=Font(color=_rgb(fmt.get("textFormat", {}).get("foregroundColor")))))
        for chart in objects["charts"]:
            ws.add_chart(*_chart(ws, chart))
        # Google has no print settings in the API: print as the Sheets dialog's defaults for a wide tab
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        if fr:
            ws.print_title_rows = f"1:{fr}"  # Sheets repeats frozen rows on every printed page
    wb.save(out)
    return out


def _chart(ws: Any, chart: dict[str, Any]) -> tuple[Any, str]:
    spec, basic = chart["spec"], chart["spec"]["basicChart"]
    bc = BarChart()
    bc.type = "bar" if basic["chartType"] == "BAR" else "col"
    bc.title = spec.get("title")
    if basic.get("stackedType") == "STACKED":
        bc.grouping, bc.overlap = "stacked", 100
    for s in basic["series"]:
        g = s["series"]["sourceRange"]["sources"][0]
        bc.add_data(Reference(ws, min_col=g["startColumnIndex"] + 1, min_row=g["startRowIndex"] + 1,
                              max_row=g["endRowIndex"]), titles_from_data=True)
    d = basic["domains"][0]["domain"]["sourceRange"]["sources"][0]
    bc.set_categories(Reference(ws, min_col=d["startColumnIndex"] + 1, min_row=d["startRowIndex"] + 2,
                                max_row=d["endRowIndex"]))
    axis = basic.get("axis", [{}])[0]
    bc.y_axis.title = axis.get("title")
    window = axis.get("viewWindowOptions") or {}
    if "viewWindowMax" in window:
        bc.y_axis.scaling.max = window["viewWindowMax"]
    if bc.type == "bar":
        bc.x_axis.scaling.orientation = "maxMin"
    if basic.get("legendPosition") == "NO_LEGEND":
        bc.legend = None
    elif basic.get("legendPosition") == "BOTTOM_LEGEND":
        bc.legend.position = "b"
    if any("dataLabel" in s for s in basic["series"]):
        from openpyxl.chart.label import DataLabelList

        bc.dataLabels = DataLabelList()
        bc.dataLabels.showVal = True
        bc.dataLabels.showSerName = bc.dataLabels.showCatName = bc.dataLabels.showLegendKey = False
    pos = chart["position"]["overlayPosition"]
    bc.width, bc.height = pos.get("widthPixels", 600) / 37.8, pos.get("heightPixels", 371) / 37.8
    a = pos["anchorCell"]
    return bc, f"{get_column_letter(a.get('columnIndex', 0) + 1)}{a.get('rowIndex', 0) + 1}"


def main(out_dir: str, config: str | None = None) -> None:
    import sync.google as g
    from config.registry import load_registry
    from config.settings import load_settings, settings_from_dict
    from sync.backends import build_backend
    from sync.job import run_once

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if config is None:
        tmp = Path(tempfile.mkdtemp())
        subprocess.run([sys.executable, "-m", "scheduler", "demo", "--dir", str(tmp / "demo")], check=True,
                       capture_output=True)
        config = str(tmp / "demo" / "ita-sync.toml")
    settings = load_settings(Path(config))
    registry = load_registry(settings.units_file)
    source, _ = build_backend(settings)
    captured: list[Any] = []

    class Capture:
        location = "capture"

        def read_fingerprint(self) -> None:
            return None

        def read_tables(self) -> dict:
            return {}

        def write(self, document: Any) -> None:
            captured.append(document)

    run_once(settings, registry, source, Capture())  # type: ignore[arg-type]
    emu = Emulator().start()
    try:
        sid = emu.create_spreadsheet(title="รายงานรวม ITA", tabs={"Sheet1": []})
        key = emu.write_service_account_key(out / "sa.json")
        gset = settings_from_dict({"backend": {"kind": "google", "credentials": str(key), "api_endpoint": emu.base_url},
                                   "survey": {"spreadsheet": sid}, "master": {"spreadsheet": sid}}, base_dir=out)
        g.GoogleSink(gset, g.Google(gset)).write(captured[0])
        xlsx = rebuild_xlsx(emu, sid, out / "google-master.xlsx")
    finally:
        emu.stop()
    subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(xlsx)], check=True,
                   capture_output=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / "google-master.pdf"), str(out / "google")], check=True)
    print(out / "google-master.pdf")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
