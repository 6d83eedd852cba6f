"""Charts are SVG drawn on the server: no script, nothing fetched, labels in Indonesian."""

from __future__ import annotations

import re

from casework.reports.charts import bar_chart
from casework.reports.suppression import Grid, suppress
from casework.reports.tables import ReportTable
from tests.reports.conftest import this_year


def _table(rows: list[tuple[str, int]], hide: bool = False) -> ReportTable:
    """A one-column table of labelled counts."""
    grid = Grid.with_margins([[count] for _label, count in rows])
    if hide:
        suppress(grid, 5)
    return ReportTable("t", "Judul", [(label, label) for label, _c in rows],
                       [("all", "Semua")], grid, 5)


def test_bars_are_scaled_to_the_largest_count():
    """The largest bar fills the width left for numbers; others are in proportion."""
    svg = str(bar_chart(_table([("Fisik", 40), ("Psikis", 20)])))
    widths = [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)"', svg)]
    assert widths == [296, 148]
    assert 'viewBox="0 0 340 ' in svg and 'width="100%"' in svg


def test_labels_are_escaped_and_hidden_counts_draw_no_bar():
    """Markup in a label is text; a suppressed count shows its mark and an empty bar."""
    svg = str(bar_chart(_table([("<script>alert(1)</script>", 3), ("Lainnya", 40)], hide=True)))
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert 'width="0"' in svg and "&lt;5" in svg


def test_page_charts_need_nothing_from_elsewhere(client, login, network, add_cases):
    """Every table has an inline SVG chart, with Indonesian labels and no outside address."""
    add_cases(network["north_paralegal"], 6, place="online")
    login(client, network["north_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    charts = re.findall(r"<svg.*?</svg>", html, re.S)
    assert len(charts) == html.count('class="card report-table"') - 1  # no referrals: no chart
    assert any("Ranah daring" in chart for chart in charts)
    for chart in charts:
        assert "<script" not in chart
        assert "http" not in chart.replace("http://www.w3.org/2000/svg", "")
