"""A table by sex is charted as a bar per sex under each category, in Indonesian, and a hidden
count is drawn as its mark only."""

from __future__ import annotations

import re

from casework.reports.charts import bar_chart
from casework.reports.suppression import Grid, suppress
from casework.reports.tables import ReportTable
from tests.reports.conftest import this_year

SEXES = [("female", "Perempuan"), ("male", "Laki-laki")]


def _table(rows: list[tuple[str, list[int]]], hide: bool = False) -> ReportTable:
    """A table of labelled counts by sex."""
    grid = Grid.with_margins([counts for _label, counts in rows])
    if hide:
        suppress(grid, 5)
    return ReportTable("t", "Judul", [(label, label) for label, _c in rows], SEXES, grid, 5)


def _texts(svg: str) -> list[str]:
    """Every text drawn, in order."""
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def test_each_category_has_a_bar_per_sex_scaled_to_the_largest(app):
    """Two bars a row, in the colours of the legend, the largest count filling the width."""
    with app.test_request_context():
        svg = str(bar_chart(_table([("Fisik", [40, 10]), ("Psikis", [20, 0])])))
    widths = [int(w) for w in re.findall(r'<rect x="0" y="\d+" width="(\d+)" height="10"', svg)]
    assert widths[1:] == [296, 74, 148, 0]  # after the legend's first swatch
    texts = _texts(svg)
    assert texts[:2] == ["Perempuan", "Laki-laki"]  # the legend
    assert texts[2:6] == ["Fisik", "Jumlah 50", "40", "10"]
    assert 'viewBox="0 0 340 ' in svg and 'width="100%"' in svg


def test_hidden_counts_are_drawn_as_marks_not_numbers(app):
    """A boy's "<5" and the "x" hiding it draw no bar and no number."""
    table = _table([("Sekolah", [40, 3]), ("Rumah tangga", [20, 30])], hide=True)
    with app.test_request_context():
        svg = str(bar_chart(table))
    hidden = {table.grid.value(cell) for cell in table.grid.hidden}
    assert 3 in hidden and len(hidden) > 1
    for value in hidden:
        assert str(value) not in _texts(svg)
    assert "&lt;5" in _texts(svg) and "x" in _texts(svg)
    bars = re.findall(r'<rect x="0" y="\d+" width="(\d+)" height="10"', svg)
    assert bars.count("0") == sum(1 for r, c in table.grid.hidden
                                  if r < table.grid.height - 1 and c < table.grid.width - 1)


def test_long_labels_fit_a_phone(app):
    """A long category is shortened so it and its total share one line of the 340 units."""
    with app.test_request_context():
        svg = str(bar_chart(_table([("Kekerasan seksual termasuk perkosaan dan pelecehan di "
                                     "tempat kerja", [12, 7])])))
    label = _texts(svg)[2]
    assert label.endswith("…") and len(label) <= 38


def test_page_charts_show_the_breakdown_by_sex(client, login, network, add_cases):
    """On the statistics page the place-of-incident chart has the legend and a bar per sex."""
    add_cases(network["north_paralegal"], 8, place="online")
    add_cases(network["south_paralegal"], 7, place="online", sex="male", age_band="13-17")
    login(client, network["ngo_supervisor"])
    html = client.get("/reports/", query_string=this_year()).data.decode()
    section = html.split('id="table-place"')[1].split("</section>")[0]
    chart = re.search(r"<svg.*?</svg>", section, re.S).group(0)
    texts = _texts(chart)
    assert texts[:2] == ["Perempuan", "Laki-laki"]
    online = texts.index("Ranah daring")
    assert texts[online:online + 4] == ["Ranah daring", "Jumlah 15", "8", "7"]
