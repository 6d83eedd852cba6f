"""Bar charts drawn on the server as SVG: no script, no library, nothing fetched from elsewhere.

Each bar has its label on its own line above it, so long Indonesian labels stay readable on
a 360 px phone; the drawing scales to the width of the screen through its viewBox.
"""

from __future__ import annotations

from markupsafe import Markup, escape

from casework.reports.tables import ReportTable

WIDTH = 340
ROW_HEIGHT = 40
BAR_TOP = 18
BAR_HEIGHT = 14
VALUE_SPACE = 44
COLOURS = ("#6a2c70", "#b56576")


def bar_chart(table: ReportTable) -> Markup:
    """The table's row totals as a horizontal bar chart, an SVG element ready to inline."""
    values = table.chart_values()
    largest = max((value or 0 for _label, value, _shown in values), default=0) or 1
    height = ROW_HEIGHT * max(len(values), 1) + 6
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" width="100%" viewBox="0 0 {WIDTH} {height}" '
        f'role="img" aria-labelledby="chart-{escape(table.key)}">',
        f'<title id="chart-{escape(table.key)}">{escape(table.title)}</title>',
    ]
    for index, (label, value, shown) in enumerate(values):
        parts.append(_bar(index, label, value, shown, largest))
    parts.append("</svg>")
    return Markup("".join(parts))  # noqa: S704 every text in it went through escape()


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


def _clip(label: str, limit: int = 52) -> str:
    """Shorten a label that would not fit the width of a phone."""
    return label if len(label) <= limit else label[: limit - 1] + "…"
