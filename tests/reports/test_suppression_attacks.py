"""No small count can be worked out by solving a table's rows and columns together, with or
without the bounds its marks give ("<5" is 1 to 5, "x" is 0 or above 5).

The attacks here are written afresh, not taken from the module: a dense exact elimination of
every row and column, and a brute-force search of every table the published cells allow.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from casework.reports.suppression import Grid, suppress

Cell = tuple[int, int]
THRESHOLD = 5
WORKED_EXAMPLE = [[10, 0, 6], [0, 1, 1], [20, 0, 20], [8, 2, 20]]
# What the one-line-at-a-time rule hid in the worked example: every row and column hides two
# entries or none, yet rows 1 and 2 and column 0 together give the 1 in row 1 exactly.
ONE_LINE_RULE_HIDES = {(0, 2), (0, 3), (1, 1), (1, 2), (1, 3), (3, 0), (3, 1), (4, 0), (4, 1)}


def _equations(grid: Grid) -> list[tuple[list[Cell], int]]:
    """Each row and column of the published table: the hidden cells with their signs, and what
    they must add up to given the cells shown."""
    height, width = len(grid.counts), len(grid.counts[0])
    lines = [[(r, c) for c in range(width)] for r in range(height)]
    lines += [[(r, c) for r in range(height)] for c in range(width)]
    found = []
    for line in lines:
        signed = [(cell, 1) for cell in line[:-1]] + [(line[-1], -1)]
        unknown = [(cell, sign) for cell, sign in signed if cell in grid.hidden]
        known = sum(sign * grid.counts[r][c] for (r, c), sign in signed if (r, c) not in grid.hidden)
        if unknown:
            found.append((unknown, -known))
    return found


def solve_everything(grid: Grid) -> dict[Cell, Fraction]:
    """The attack: reduce all the line equations at once; a hidden cell left alone in a
    reduced row is known, with the row's right-hand side as its value."""
    unknowns = sorted(grid.hidden)
    column = {cell: i for i, cell in enumerate(unknowns)}
    matrix = []
    for signed, rhs in _equations(grid):
        row = [Fraction(0)] * (len(unknowns) + 1)
        for cell, sign in signed:
            row[column[cell]] += sign
        row[-1] = Fraction(rhs)
        matrix.append(row)
    pivot_row = 0
    for j in range(len(unknowns)):
        pick = next((i for i in range(pivot_row, len(matrix)) if matrix[i][j] != 0), None)
        if pick is None:
            continue
        matrix[pivot_row], matrix[pick] = matrix[pick], matrix[pivot_row]
        lead = matrix[pivot_row][j]
        matrix[pivot_row] = [value / lead for value in matrix[pivot_row]]
        for i, row in enumerate(matrix):
            if i != pivot_row and row[j] != 0:
                factor = row[j]
                matrix[i] = [a - factor * b for a, b in zip(row, matrix[pivot_row], strict=True)]
        pivot_row += 1
    known = {}
    for row in matrix[:pivot_row]:
        nonzero = [j for j in range(len(unknowns)) if row[j] != 0]
        if len(nonzero) == 1:
            known[unknowns[nonzero[0]]] = row[-1]
    return known


def _small_and_known(grid: Grid) -> dict[Cell, Fraction]:
    """The hidden small counts the attack works out."""
    return {cell: value for cell, value in solve_everything(grid).items()
            if 1 <= grid.counts[cell[0]][cell[1]] <= THRESHOLD}


def test_the_attack_solves_what_single_lines_cannot():
    """On the old rule's output, no line alone gives anything, the whole system gives the 1."""
    grid = Grid.with_margins(WORKED_EXAMPLE)
    grid.hidden = set(ONE_LINE_RULE_HIDES)
    for r in range(grid.height):
        assert sum((r, c) in grid.hidden for c in range(grid.width)) != 1
    for c in range(grid.width):
        assert sum((r, c) in grid.hidden for r in range(grid.height)) != 1
    assert _small_and_known(grid) == {(1, 1): 1}


def test_worked_example_cannot_be_solved():
    """After suppression the 1 in row 1 is hidden and the whole system does not give it."""
    grid = suppress(Grid.with_margins(WORKED_EXAMPLE), THRESHOLD)
    assert (1, 1) in grid.hidden
    assert _small_and_known(grid) == {}
    assert ONE_LINE_RULE_HIDES <= grid.hidden


def _table(max_rows: int, max_columns: int, largest: int):
    """Rectangular tables of counts, small ones often."""
    count = st.one_of(st.integers(0, THRESHOLD + 2), st.integers(0, largest))
    return st.integers(1, max_columns).flatmap(lambda width: st.lists(
        st.lists(count, min_size=width, max_size=width), min_size=1, max_size=max_rows))


@settings(max_examples=300, deadline=None)
@given(_table(5, 4, 30))
def test_no_table_gives_a_small_count_to_the_whole_system(rows):
    """Any table up to 5 by 4: every small count is hidden and none can be solved for."""
    grid = suppress(Grid.with_margins(rows), THRESHOLD)
    small = {(r, c) for r in range(grid.height) for c in range(grid.width)
             if 1 <= grid.value((r, c)) <= THRESHOLD}
    assert small <= grid.hidden
    assert _small_and_known(grid) == {}


def _domain(grid: Grid, cell: Cell, cap: int) -> list[int]:
    """The values a reader allows a cell: shown, "<5" (1 to 5), or "x" (0, or 6 and up)."""
    value = grid.counts[cell[0]][cell[1]]
    if cell not in grid.hidden:
        return [value]
    if grid.blanked:  # every count reads "<5", zeros too
        return list(range(THRESHOLD + 1))
    if grid.withheld:  # every count reads "x": any value at all
        return list(range(cap + 1))
    if 1 <= value <= THRESHOLD:
        return list(range(1, THRESHOLD + 1))
    return [0, *range(THRESHOLD + 1, cap + 1)]


def possible_values(grid: Grid) -> dict[Cell, set[int]]:
    """The brute-force attack: every table the published cells and marks allow (no count above
    one more than the largest), and the values each hidden small count takes in them."""
    height, width = grid.height - 1, grid.width - 1
    cap = max(max(row) for row in grid.counts) + 1
    small = [cell for cell in sorted(grid.hidden) if 1 <= grid.value(cell) <= THRESHOLD]
    seen: dict[Cell, set[int]] = {cell: set() for cell in small}

    def complete(table: list[list[int]]) -> None:
        """Check the margins of a filled-in interior and note the small counts' values."""
        full = Grid.with_margins(table)
        if all(full.counts[r][c] in _domain(grid, (r, c), cap)
               for r in range(height + 1) for c in range(width + 1)):
            for cell in small:
                seen[cell].add(full.counts[cell[0]][cell[1]])

    def fill(table: list[list[int]], r: int) -> bool:
        """Fill row r onwards; True once every small count has shown two values."""
        if r == height:
            complete(table)
            return all(len(values) > 1 for values in seen.values())
        return any(fill([*table, row], r + 1) for row in _rows(grid, r, cap))

    fill([], 0)
    return seen


def _rows(grid: Grid, r: int, cap: int):
    """Every interior row r the marks allow whose total is allowed too."""
    width = grid.width - 1
    rows: list[list[int]] = [[]]
    for c in range(width):
        rows = [[*row, value] for row in rows for value in _domain(grid, (r, c), cap)]
    total_allowed = _domain(grid, (r, width), cap)
    return [row for row in rows if sum(row) in total_allowed]


def test_brute_force_finds_what_the_marks_give_away():
    """1 and 6 in a row that adds up to 7: the "x" is not small, so it is 6 and the "<5" is 1."""
    grid = Grid.with_margins([[1, 6], [20, 20]])
    grid.hidden = {(0, 0), (0, 1), (1, 0), (1, 1)}  # what the one-line rule hid
    assert possible_values(grid)[(0, 0)] == {1}


def test_marks_do_not_pin_a_small_count():
    """After suppression that 1 could as well be 2 or more."""
    grid = suppress(Grid.with_margins([[1, 6], [20, 20]]), THRESHOLD)
    assert len(possible_values(grid)[(0, 0)]) > 1


@settings(max_examples=150, deadline=None)
@given(_table(3, 2, 12))
def test_no_small_count_is_pinned_by_the_marks(rows):
    """Any table up to 3 by 2: each hidden small count has at least two possible values."""
    grid = suppress(Grid.with_margins(rows), THRESHOLD)
    for cell, values in possible_values(grid).items():
        assert len(values) > 1, (cell, values)


def test_a_table_of_five_cases_is_blanked():
    """Five cases in five non-zero cells beside a shown zero would be one each: such a table,
    whose total is itself small, reads "<5" everywhere and gives nothing away."""
    grid = suppress(Grid.with_margins([[0, 1], [1, 1], [1, 1]]), THRESHOLD)
    assert grid.blanked and grid.hidden == set(grid.cells())
    assert all(len(values) > 1 for values in possible_values(grid).values())


def test_a_table_that_leaks_with_everything_hidden_is_withheld():
    """Found by the search above: column totals of 5 ("<5") and a row of 6 pin every small
    count even with all hidden; the table then shows no number at all."""
    grid = suppress(Grid.with_margins([[1, 1], [1, 1], [3, 3]]), THRESHOLD)
    assert grid.withheld and grid.hidden == set(grid.cells())
    assert all(len(values) > 1 for values in possible_values(grid).values())
