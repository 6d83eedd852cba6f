"""Small counts are hidden, and no hidden count can be worked out from a row or column total.

Attacks on all the rows and columns at once are in test_suppression_attacks.py.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.reports.suppression import Grid, exposed, suppress
from tests.reports.conftest import read_csv, this_year


def _recover_from_lines(grid: Grid) -> dict:
    """The attack: for each line with one hidden entry, total minus the entries shown."""
    found = {}
    for line in grid.lines():
        hidden = [cell for cell in line if cell in grid.hidden]
        if len(hidden) != 1:
            continue
        *cells, total = line
        if hidden[0] == total:
            found[total] = sum(grid.value(cell) for cell in cells)
        else:
            shown = sum(grid.value(cell) for cell in cells if cell != hidden[0])
            found[hidden[0]] = grid.value(total) - shown
    return found


def test_attack_recovers_a_cell_when_only_primary_suppression_is_applied():
    """The attack works on a naive table (so the test below can fail)."""
    grid = Grid.with_margins([[3, 40], [20, 30]])
    grid.hidden = {(0, 0)}
    assert _recover_from_lines(grid) == {(0, 0): 3}


def test_small_cell_cannot_be_recovered_from_totals():
    """After suppression the same attack finds nothing, nor does any other."""
    grid = suppress(Grid.with_margins([[3, 40], [20, 30]]), threshold=5)
    assert (0, 0) in grid.hidden
    assert _recover_from_lines(grid) == {}
    assert exposed(grid, 5) == []


def test_zeros_and_large_counts_stay_visible():
    """Only what must be hidden is hidden: zeros and a table without small counts stay whole."""
    grid = suppress(Grid.with_margins([[0, 40], [20, 30]]), threshold=5)
    assert grid.hidden == set()


def test_threshold_itself_is_hidden_and_one_above_is_not():
    """Counts from 1 to the threshold are small; the threshold plus one is not."""
    assert suppress(Grid.with_margins([[5, 6], [6, 6]]), threshold=5).hidden
    assert not suppress(Grid.with_margins([[6, 6], [6, 6]]), threshold=5).hidden


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(0, 12), min_size=1, max_size=4), min_size=1, max_size=6)
       .filter(lambda rows: len({len(row) for row in rows}) == 1))
def test_no_table_leaks_a_small_count(rows):
    """Any table: every small count is hidden and none is recoverable from one line."""
    grid = suppress(Grid.with_margins(rows), threshold=5)
    small = {(r, c) for r in range(grid.height) for c in range(grid.width)
             if 1 <= grid.value((r, c)) <= 5}
    assert small <= grid.hidden
    assert not any(cell in grid.hidden for cell in _recover_from_lines(grid))


def test_exported_table_resists_recovery(client, login, network, add_cases):
    """Through the real export: a school case of a boy is '<5' and cannot be worked out."""
    add_cases(network["north_paralegal"], 12, place="household")
    add_cases(network["south_paralegal"], 9, place="public_facility")
    add_cases(network["south_paralegal"], 2, sex="male", age_band="13-17", place="school")
    login(client, network["ngo_supervisor"])
    rows = read_csv(client.get("/reports/export/tables.csv", query_string=this_year()))
    place = {(row[1], row[2]): row[3] for row in rows[1:] if row[0] == "Tempat kejadian"}
    assert place[("Sekolah / lembaga pendidikan", "Laki-laki")] == "<5"
    table = _table_as_grid(place)
    for line_cells, total in table:
        shown = [value for value in line_cells if value.isdigit()]
        hidden = [value for value in line_cells if not value.isdigit()]
        assert len(hidden) != 1 or not total.isdigit(), (line_cells, total)
        if not hidden and total.isdigit():
            assert sum(map(int, shown)) == int(total)


def _table_as_grid(cells: dict) -> list[tuple[list[str], str]]:
    """Rows and columns of an exported table, each with its total, as strings."""
    rows = [*sorted({r for r, _c in cells} - {"Jumlah"}), "Jumlah"]
    columns = [c for c in ("Perempuan", "Laki-laki") if (rows[0], c) in cells]
    lines = [([cells[(r, c)] for c in columns], cells[(r, "Jumlah")]) for r in rows]
    lines += [([cells[(r, c)] for r in rows[:-1]], cells[("Jumlah", c)]) for c in [*columns, "Jumlah"]]
    return lines
