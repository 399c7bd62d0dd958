"""Bar charts of the round report as PNG bytes (matplotlib, Agg), labelled in Thai with the
packaged Sarabun font (``fonts.sarabun``). Deterministic: fixed size and dpi, no PNG
metadata that varies (matplotlib's ``Software`` key is dropped)."""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from sync.report.document import Chart, thai_digits  # noqa: E402
from sync.report.fonts import sarabun  # noqa: E402

WIDTH_IN, HEIGHT_IN, DPI = 6.4, 3.4, 150


@lru_cache(maxsize=2)
def _font(bold: bool = False) -> font_manager.FontProperties:
    return font_manager.FontProperties(fname=str(sarabun(bold)))


@lru_cache(maxsize=16)  # the .docx and the PDF of one report draw the same charts
def render_chart(chart: Chart) -> bytes:
    """One bar chart as PNG bytes (``WIDTH_IN`` x ``HEIGHT_IN`` inches at ``DPI``)."""
    fig = Figure(figsize=(WIDTH_IN, HEIGHT_IN), dpi=DPI)
    ax = fig.add_subplot(1, 1, 1)
    regular, bold = _font(), _font(True)
    xs = list(range(len(chart.categories)))
    bars = ax.bar(xs, chart.values, color="#1f5f99", width=0.6)
    ax.set_xticks(xs)
    # Thai has no spaces between words: wrap only at spaces the label has
    ax.set_xticklabels(["\n".join(textwrap.wrap(c, 28, break_long_words=False)) or c for c in chart.categories],
                       fontproperties=regular, fontsize=10.5)
    ax.set_ylabel(chart.y_label, fontproperties=regular, fontsize=12)
    ax.set_title(chart.title, fontproperties=bold, fontsize=14)
    top = chart.y_max if chart.y_max is not None else (max(chart.values, default=0.0) * 1.15 or 1.0)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: thai_digits(f"{v:,.0f}")))
    for label in ax.get_yticklabels():
        label.set_fontproperties(regular)
    ax.spines[["top", "right"]].set_visible(False)
    for bar, text in zip(bars, chart.value_labels):
        ax.annotate(text, (bar.get_x() + bar.get_width() / 2, bar.get_height()), xytext=(0, 3),
                    textcoords="offset points", ha="center", va="bottom", fontproperties=regular, fontsize=12)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()
