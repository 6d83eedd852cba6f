"""Small-cell suppression of a cross-table, primary and secondary: no small count can be found.

A table is a grid of counts with a total at the end of every row and every column and a grand
total. Each row and each column (the totals row and column included) is a "line" whose cells
add up to its last entry. Primary suppression hides every count from 1 to the threshold.
Secondary suppression then hides more until none of these attacks gives a small count exactly:

- one line: no line holds exactly one hidden entry, and no small count is pinned by one line's
  total with the bounds the marks give away ("<5" is 1 to 5, "x" is above 5, since every small
  count is marked "<5");
- every line at once: exact rational elimination of all the line equations;
- every line at once with those bounds: each small count must have another value in a table
  that agrees with all that is published.

Hiding another cell never lets an attack recover a count it could not before, so adding cells
one at a time until no attack works always ends (at worst with every cell hidden).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from fractions import Fraction

Cell = tuple[int, int]
Node = tuple[str, int]
Equation = dict[int, Fraction]


@dataclass
class Grid:
    """Counts by row and column with their margins; `hidden` holds the suppressed positions."""

    counts: list[list[int]]
    hidden: set[Cell] = field(default_factory=set)
    # A table of a handful of cases in all: every count, zeros too, reads "<5" (see suppress).
    blanked: bool = False

    @classmethod
    def with_margins(cls, interior: list[list[int]]) -> Grid:
        """Add the row totals, the column totals and the grand total to the interior counts."""
        rows = [[*row, sum(row)] for row in interior]
        width = len(rows[0]) if rows else 1
        totals = [sum(row[c] for row in rows) for c in range(width)]
        return cls(counts=[*rows, totals])

    @property
    def height(self) -> int:
        """Rows, the totals row included."""
        return len(self.counts)

    @property
    def width(self) -> int:
        """Columns, the totals column included."""
        return len(self.counts[0])

    def lines(self) -> list[list[Cell]]:
        """Every row and column as a list of positions; the last of each is its total."""
        rows = [[(r, c) for c in range(self.width)] for r in range(self.height)]
        columns = [[(r, c) for r in range(self.height)] for c in range(self.width)]
        return rows + columns

    def value(self, cell: Cell) -> int:
        """The count at a position."""
        return self.counts[cell[0]][cell[1]]

    def cells(self) -> list[Cell]:
        """Every position, row by row."""
        return [(r, c) for r in range(self.height) for c in range(self.width)]


def is_small(count: int, threshold: int) -> bool:
    """A count that could single out a person: from 1 to the threshold."""
    return 1 <= count <= threshold


def suppress(grid: Grid, threshold: int, forced: Iterable[Cell] = ()) -> Grid:
    """Hide the small counts (and any forced cells) and enough others that none of them can be
    recovered.

    A table whose grand total is itself small is blanked instead: every count reads "<5",
    zeros included. Its shown zeros and the small total would otherwise pin the rest (five
    cases in five non-zero cells are one each), and no other cell is left to hide."""
    if is_small(grid.value((grid.height - 1, grid.width - 1)), threshold):
        grid.hidden, grid.blanked = set(grid.cells()), True
        return grid
    grid.blanked = False
    grid.hidden = {cell for cell in grid.cells() if is_small(grid.value(cell), threshold)}
    grid.hidden |= set(forced)
    while True:
        _complete_lines(grid, threshold)
        leaks = exposed(grid, threshold)
        cover = _cover(grid, leaks[0], threshold) if leaks else None
        if cover is None:
            return grid
        grid.hidden.add(cover)


def suppress_together(tables: list[tuple[Grid, dict[Cell, Hashable]]], threshold: int) -> None:
    """Suppress tables that publish some of the same counts so each hides them alike.

    Each grid comes with the keys of its shared cells (the same key, the same count in every
    table). A count hidden in one table and shown in another would be known, so whatever one
    table hides is forced hidden in all, and they are suppressed again until none hides more.
    """
    hidden_keys: set[Hashable] = set()
    while True:
        for grid, keys in tables:
            suppress(grid, threshold, [cell for cell, key in keys.items() if key in hidden_keys])
        found = {keys[cell] for grid, keys in tables for cell in grid.hidden if cell in keys}
        if found <= hidden_keys:
            return
        hidden_keys |= found


def exposed(grid: Grid, threshold: int) -> list[Cell]:
    """Hidden small counts that could be worked out exactly from what is published (none in a
    blanked table: every count there may be anything from 0 to the threshold)."""
    if grid.blanked:
        return []
    small = {cell for cell in grid.hidden if is_small(grid.value(cell), threshold)}
    return sorted((determined(grid) & small) | pinned(grid, threshold))


# One line at a time ---------------------------------------------------------------------------

def _complete_lines(grid: Grid, threshold: int) -> None:
    """Hide more until no single line gives a hidden entry away."""
    # The totals row is the same in every table of a report: settle it first, on its own,
    # so that every table hides the same totals and one cannot be read from another.
    totals_row = grid.lines()[grid.height - 1]
    while _complete_line(grid, totals_row, threshold):
        pass
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            changed |= _complete_line(grid, line, threshold)


def _complete_line(grid: Grid, line: list[Cell], threshold: int) -> bool:
    """If the line gives away a hidden entry, hide one more (the smallest non-zero one)."""
    hidden = [cell for cell in line if cell in grid.hidden]
    if not hidden:
        return False
    if len(hidden) > 1 and not any(_pinned_by_line(grid, line, cell, threshold)
                                   for cell in hidden if is_small(grid.value(cell), threshold)):
        return False
    candidates = [cell for cell in line[:-1] if cell not in grid.hidden and grid.value(cell) > 0]
    if not candidates:
        candidates = [cell for cell in line if cell not in grid.hidden]
    if not candidates:
        return False
    grid.hidden.add(min(candidates, key=lambda cell: (grid.value(cell), cell)))
    return True


def _pinned_by_line(grid: Grid, line: list[Cell], cell: Cell, threshold: int) -> bool:
    """Whether the line's total and the other entries' bounds leave the cell one value."""
    *entries, total = line
    others = [_bounds(grid, other, threshold) for other in entries if other != cell]
    least, most = sum(low for low, _high in others), sum(high for _low, high in others)
    if cell == total:
        low, high = least, most
    else:
        total_low, total_high = _bounds(grid, total, threshold)
        low, high = total_low - most, total_high - least
    own_low, own_high = _bounds(grid, cell, threshold)
    return max(low, own_low) == min(high, own_high)


def _bounds(grid: Grid, cell: Cell, threshold: int) -> tuple[int, float]:
    """What a reader knows of a count: its value if shown, else the range its mark gives."""
    value = grid.value(cell)
    if cell not in grid.hidden or threshold < 2:
        # A threshold of 1 makes "<1" name the count itself: no hiding can help, so only
        # the linear attacks are guarded against.
        return (value, value) if cell not in grid.hidden else (0, math.inf)
    if is_small(value, threshold):
        return 1, threshold
    if value > threshold:
        return threshold + 1, math.inf
    return value, value  # a hidden zero is taken as known: that can only overstate a leak


# Every line at once: exact linear algebra ------------------------------------------------------

def determined(grid: Grid) -> set[Cell]:
    """Hidden positions whose value follows from the published ones, all lines solved together."""
    hidden = sorted(grid.hidden)
    index = {cell: i for i, cell in enumerate(hidden)}
    equations = (_equation(line, index) for line in grid.lines())
    # A hidden value is fixed exactly when its unit vector lies in the row space of the
    # equations over the hidden unknowns, i.e. when a reduced row holds it alone.
    return {hidden[next(iter(row))] for row in _row_reduce(equations) if len(row) == 1}


def _equation(line: list[Cell], index: dict[Cell, int]) -> Equation:
    """The line's entries minus its total, over the hidden unknowns only."""
    *entries, total = line
    row: Equation = {}
    for cell, sign in [*((entry, 1) for entry in entries), (total, -1)]:
        if cell in index:
            row[index[cell]] = row.get(index[cell], Fraction(0)) + sign
    return {unknown: value for unknown, value in row.items() if value}


def _row_reduce(equations: Iterable[Equation]) -> list[Equation]:
    """Gauss–Jordan elimination of sparse rows in exact fractions: the reduced echelon rows."""
    pivots: dict[int, Equation] = {}
    for equation in equations:
        row = dict(equation)
        for unknown in [unknown for unknown in row if unknown in pivots]:
            _subtract(row, pivots[unknown], row[unknown])
        if not row:
            continue
        pivot = min(row)
        row = {unknown: value / row[pivot] for unknown, value in row.items()}
        for other in pivots.values():
            if pivot in other:
                _subtract(other, row, other[pivot])
        pivots[pivot] = row
    return list(pivots.values())


def _subtract(row: Equation, pivot_row: Equation, factor: Fraction) -> None:
    """Row minus factor times the pivot row, in place, dropping zeros."""
    for unknown, value in pivot_row.items():
        remainder = row.get(unknown, Fraction(0)) - factor * value
        if remainder:
            row[unknown] = remainder
        else:
            row.pop(unknown, None)


# Every line at once, with bounds: another table that agrees with what is published ------------

def pinned(grid: Grid, threshold: int) -> set[Cell]:
    """Hidden small counts that no other table agreeing with the published one can change."""
    arcs = _arcs(grid, threshold)
    return {cell for cell in grid.hidden
            if is_small(grid.value(cell), threshold) and not _movable(arcs, cell)}


def _arcs(grid: Grid, threshold: int) -> dict[Node, list[tuple[Node, Cell]]]:
    """The unit changes each hidden count can take, as arcs between its row and its column.

    Flipping the sign of the margins (totals row and column, but not the grand total) turns
    the line equations into "every row and column of changes sums to zero": the changes that
    keep all published values are then the cycles between row and column nodes. An arc from
    row to column is a +1 in the flipped table, from column to row a -1. The bounds are
    intervals and the lines form a network, so if any other table exists in which a count
    differs, a cycle of unit changes through it exists too: searching unit cycles is exact.
    """
    arcs: dict[Node, list[tuple[Node, Cell]]] = {}
    last_row, last_column = grid.height - 1, grid.width - 1
    for cell in sorted(grid.hidden):
        row, column = ("r", cell[0]), ("c", cell[1])
        flipped = (cell[0] == last_row) != (cell[1] == last_column)
        low, high = _bounds(grid, cell, threshold)
        up, down = grid.value(cell) + 1 <= high, grid.value(cell) - 1 >= low
        if (down if flipped else up):
            arcs.setdefault(row, []).append((column, cell))
        if (up if flipped else down):
            arcs.setdefault(column, []).append((row, cell))
    return arcs


def _movable(arcs: dict[Node, list[tuple[Node, Cell]]], cell: Cell) -> bool:
    """Whether a cycle of unit changes passes through the cell, either way round."""
    row, column = ("r", cell[0]), ("c", cell[1])
    forward = any(cell == via for _node, via in arcs.get(row, []))
    backward = any(cell == via for _node, via in arcs.get(column, []))
    return ((forward and _reaches(arcs, column, row, cell))
            or (backward and _reaches(arcs, row, column, cell)))


def _reaches(arcs: dict[Node, list[tuple[Node, Cell]]], start: Node, goal: Node,
             avoid: Cell) -> bool:
    """Whether a path of arcs leads from start to goal without going through one cell."""
    seen, waiting = {start}, [start]
    while waiting:
        node = waiting.pop()
        for following, via in arcs.get(node, []):
            if via == avoid or following in seen:
                continue
            if following == goal:
                return True
            seen.add(following)
            waiting.append(following)
    return False


# Choosing the next cell to hide ---------------------------------------------------------------

def _cover(grid: Grid, leak: Cell, threshold: int) -> Cell | None:
    """The cell to hide next so the leaking count can no longer be worked out.

    Prefer the smallest non-zero count in the leak's row or column that alone stops the leak,
    then such a count anywhere; if no single cell does, the smallest count in its lines.
    The totals row is kept out while anything else is left, so that every table sharing it
    still hides the same totals.
    """
    last_row = grid.height - 1
    shown = [cell for cell in grid.cells() if cell not in grid.hidden]
    candidates = [cell for cell in shown if cell[0] != last_row] or shown
    if not candidates:
        return None
    candidates.sort(key=lambda cell: (grid.value(cell) == 0,
                                      cell[0] != leak[0] and cell[1] != leak[1],
                                      grid.value(cell), cell))
    for candidate in candidates:
        if _stops_leak(grid, leak, candidate, threshold):
            return candidate
    return candidates[0]


def _stops_leak(grid: Grid, leak: Cell, candidate: Cell, threshold: int) -> bool:
    """Whether hiding the candidate as well lets the leaking count take another value."""
    grid.hidden.add(candidate)
    try:
        return _movable(_arcs(grid, threshold), leak)
    finally:
        grid.hidden.discard(candidate)
