"""Bar charts drawn on the server as SVG: no script, no library, nothing fetched from elsewhere.

Each bar has its label on its own line above it, so long Indonesian labels stay readable on
a 360 px phone; the drawing scales to the width of the screen through its viewBox. A table by
sex (or any table of a few columns) draws one thin bar per column under each label, with a
legend on top; a table of one column, or of many, draws each row's total.
"""

from __future__ import annotations

from flask_babel import gettext as _
from markupsafe import Markup, escape

from casework.reports.tables import ReportTable

WIDTH = 340
ROW_HEIGHT = 40
BAR_TOP = 18
BAR_HEIGHT = 14
VALUE_SPACE = 44
COLOURS = ("#6a2c70", "#b56576")
# One colour per column: each dark enough to see on white, and apart from the others.
SERIES_COLOURS = ("#6a2c70", "#1f6f8b", "#6b6b6b", "#9c4a1a")
SERIES_STEP = 13
SERIES_BAR = 10
CHAR_WIDTH = 7  # a generous average for 12 px text, so the legend never runs off the edge


def bar_chart(table: ReportTable) -> Markup:
    """The table as a horizontal bar chart, an SVG element ready to inline."""
    if 1 < len(table.columns) <= len(SERIES_COLOURS):
        return _breakdown_chart(table)
    return _totals_chart(table)


def _totals_chart(table: ReportTable) -> Markup:
    """The table's row totals as bars."""
    values = table.chart_values()
    largest = max((value or 0 for _label, value, _shown in values), default=0) or 1
    height = ROW_HEIGHT * max(len(values), 1) + 6
    parts = [_opening(table, height)]
    for index, (label, value, shown) in enumerate(values):
        parts.append(_bar(index, label, value, shown, largest))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 every text in it went through escape()


def _opening(table: ReportTable, height: int) -> str:
    """The svg element and its title."""
    return (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="100%" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-{escape(table.key)}">'
        f'<title id="chart-{escape(table.key)}">{escape(table.title)}</title>'
    )


def _bar(index: int, label: str, value: int | None, shown: str, largest: int) -> str:
    """One labelled bar; a hidden count draws no bar, only its mark."""
    top = index * ROW_HEIGHT
    colour = COLOURS[index % len(COLOURS)]
    room = WIDTH - VALUE_SPACE
    length = 0 if value is None else round(room * value / largest)
    return (
        f'<text x="0" y="{top + 13}" font-size="12" fill="#1d1d1f">{escape(_clip(label))}</text>'
        f'<rect x="0" y="{top + BAR_TOP}" width="{length}" height="{BAR_HEIGHT}" '
        f'fill="{colour}"/>'
        f'<text x="{length + 4}" y="{top + BAR_TOP + 11}" font-size="12" '
        f'fill="#1d1d1f">{escape(shown)}</text>'
    )


def _breakdown_chart(table: ReportTable) -> Markup:
    """Under each row's label and total, a bar per column (female, male, ...)."""
    rows = table.chart_rows()
    legend, legend_height = _legend([label for _code, label in table.columns])
    largest = max((value or 0 for _label, cells, _total in rows for value, _shown in cells),
                  default=0) or 1
    row_height = BAR_TOP + SERIES_STEP * len(table.columns) + 8
    height = legend_height + row_height * max(len(rows), 1) + 6
    parts = [_opening(table, height), legend]
    for index, (label, cells, total) in enumerate(rows):
        parts.append(_group(legend_height + index * row_height, label, cells, total, largest))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 every text in it went through escape()


def _legend(labels: list[str]) -> tuple[str, int]:
    """A swatch and label per column, wrapped to the width; the SVG and the height it takes."""
    parts, x, y = [], 0, 0
    for index, label in enumerate(labels):
        text = _clip(label, 40)
        width = 14 + CHAR_WIDTH * len(text)
        if x and x + width > WIDTH:
            x, y = 0, y + 18
        parts.append(
            f'<rect x="{x}" y="{y + 3}" width="10" height="10" '
            f'fill="{SERIES_COLOURS[index]}"/>'
            f'<text x="{x + 14}" y="{y + 12}" font-size="12" fill="#1d1d1f">{escape(text)}</text>')
        x += width + 12
    return "".join(parts), y + 24


def _group(top: int, label: str, cells: list[tuple[int | None, str]], total: str,
           largest: int) -> str:
    """One row: its label and total on a line, then a thin bar per column. A hidden count
    draws no bar, only its mark, so the chart shows nothing the table does not."""
    room = WIDTH - VALUE_SPACE
    parts = [
        f'<text x="0" y="{top + 13}" font-size="12" fill="#1d1d1f">{escape(_clip(label, 38))}'
        f'</text><text x="{WIDTH}" y="{top + 13}" font-size="12" text-anchor="end" '
        f'fill="#1d1d1f">{escape(_("Total"))} {escape(total)}</text>'
    ]
    for index, (value, shown) in enumerate(cells):
        y = top + BAR_TOP + index * SERIES_STEP
        length = 0 if value is None else round(room * value / largest)
        parts.append(
            f'<rect x="0" y="{y}" width="{length}" height="{SERIES_BAR}" '
            f'fill="{SERIES_COLOURS[index]}"/>'
            f'<text x="{length + 4}" y="{y + 9}" font-size="11" fill="#1d1d1f">'
            f'{escape(shown)}</text>')
    return "".join(parts)


def _clip(label: str, limit: int = 52) -> str:
    """Shorten a label that would not fit the width of a phone."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
