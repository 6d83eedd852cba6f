"""Small-cell suppression of a cross-table, primary and secondary: no small count can be found.

A table is a grid of counts with a total at the end of every row and every column and a grand
total. Each row and each column (the totals row and column included) is a "line" whose cells
add up to its last entry. Primary suppression hides every count from 1 to the threshold.
Secondary suppression then hides more until none of these attacks gives a small count exactly:

- one line: no line holds exactly one hidden entry, and no small count is pinned by one line's
  total with the bounds the marks give away ("<5" is 1 to 5, "x" is above 5, since every small
  count is marked "<5");
- every line at once with those bounds: each small count must have another value in a table
  that agrees with all that is published.

Hiding another cell never lets an attack recover a count it could not before, so adding cells
one at a time until no attack works always ends (at worst with every cell hidden).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field

Cell = tuple[int, int]
Node = tuple[str, int]
Arcs = dict[Node, list[tuple[Node, Cell]]]


@dataclass
class Grid:
    """Counts by row and column with their margins; `hidden` holds the suppressed positions."""

    counts: list[list[int]]
    hidden: set[Cell] = field(default_factory=set)
    # A table of a handful of cases in all: every count, zeros too, reads "<5" (see suppress).
    blanked: bool = False
    # A table that leaks a small count even with every count hidden: every count reads "x".
    withheld: bool = False

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
    grid.blanked = grid.withheld = False
    grid.hidden = {cell for cell in grid.cells() if is_small(grid.value(cell), threshold)}
    grid.hidden |= set(forced)
    while True:
        _complete_lines(grid, threshold)
        leaks = exposed(grid, threshold)
        cover = _cover(grid, leaks[0], threshold) if leaks else None
        if cover is None:
            # Nothing left to hide and the marks still pin a count (tiny tables whose "<5"
            # margins add up to it): publish no number at all rather than a known one.
            grid.withheld = bool(leaks)
            return grid
        grid.hidden.add(cover)


def suppress_together(tables: list[tuple[Grid, dict[Cell, Hashable]]], threshold: int) -> None:
    """Suppress tables that publish some of the same counts so each hides them alike.

    Each grid comes with the keys of its shared cells (the same key, the same count in every
    table). A count hidden in one table and shown in another would be known, so whatever one
    table hides is forced hidden in all, and they are suppressed again until none hides more.
    """
    hidden_keys: set[Hashable] = set()
    forced_before: list[set[Cell] | None] = [None] * len(tables)
    while True:
        for number, (grid, keys) in enumerate(tables):
            forced = {cell for cell, key in keys.items() if key in hidden_keys}
            if forced != forced_before[number]:  # a table whose forced cells did not change
                suppress(grid, threshold, forced)  # would come out the same again
                forced_before[number] = forced
        found = {keys[cell] for grid, keys in tables for cell in grid.hidden if cell in keys}
        if found <= hidden_keys:
            return
        hidden_keys |= found


def exposed(grid: Grid, threshold: int) -> list[Cell]:
    """Hidden small counts that could be worked out exactly from what is published (none in a
    blanked table: every count there may be anything from 0 to the threshold).

    The bounds search alone answers it: a count the line equations determine lies on no
    cycle of changes at all, so it is pinned too (tests/reports/test_suppression_attacks.py
    solves the equations exactly to check this)."""
    if grid.blanked or grid.withheld:
        return []
    return sorted(pinned(grid, threshold))


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
    if len(hidden) > 1 and not _line_pins_a_small_count(grid, line, hidden, threshold):
        return False
    candidates = [cell for cell in line[:-1] if cell not in grid.hidden and grid.value(cell) > 0]
    if not candidates:
        candidates = [cell for cell in line if cell not in grid.hidden]
    if not candidates:
        return False
    grid.hidden.add(min(candidates, key=lambda cell: (grid.value(cell), cell)))
    return True


def _line_pins_a_small_count(grid: Grid, line: list[Cell], hidden: list[Cell],
                             threshold: int) -> bool:
    """Whether the line's total and its entries' bounds leave a hidden small count one value
    (the line's bounds are summed once; each count's own are taken out of the sums)."""
    *entries, total = line
    bounds = {cell: _bounds(grid, cell, threshold) for cell in line}
    least = sum(bounds[cell][0] for cell in entries)
    finite = [bounds[cell][1] for cell in entries if bounds[cell][1] != math.inf]
    unbounded = len(entries) - len(finite)  # entries with no upper bound ("x")
    total_low, total_high = bounds[total]
    for cell in hidden:
        if not is_small(grid.value(cell), threshold):
            continue
        own_low, own_high = bounds[cell]
        if cell == total:
            low, high = least, (math.inf if unbounded else sum(finite))
        else:
            others_most = math.inf if unbounded - (own_high == math.inf) else (
                sum(finite) - (own_high if own_high != math.inf else 0))
            low, high = total_low - others_most, total_high - (least - own_low)
        if max(low, own_low) == min(high, own_high):
            return True
    return False


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


# Every line at once, with bounds: another table that agrees with what is published ------------

def pinned(grid: Grid, threshold: int) -> set[Cell]:
    """Hidden small counts that no other table agreeing with the published one can change."""
    arcs = _arcs(grid, threshold)
    return {cell for cell in grid.hidden
            if is_small(grid.value(cell), threshold) and not _movable(arcs, cell)}


def _arcs(grid: Grid, threshold: int) -> Arcs:
    """The unit changes each hidden count can take, as arcs between its row and its column.

    Flipping the sign of the margins (totals row and column, but not the grand total) turns
    the line equations into "every row and column of changes sums to zero": the changes that
    keep all published values are then the cycles between row and column nodes. An arc from
    row to column is a +1 in the flipped table, from column to row a -1. The bounds are
    intervals and the lines form a network, so if any other table exists in which a count
    differs, a cycle of unit changes through it exists too: searching unit cycles is exact.
    """
    arcs: Arcs = {}
    for cell in sorted(grid.hidden):
        _add_arcs(arcs, grid, cell, threshold)
    return arcs


def _add_arcs(arcs: Arcs, grid: Grid, cell: Cell, threshold: int) -> None:
    """The unit changes one hidden count can take (see _arcs)."""
    last_row, last_column = grid.height - 1, grid.width - 1
    row, column = ("r", cell[0]), ("c", cell[1])
    flipped = (cell[0] == last_row) != (cell[1] == last_column)
    low, high = _bounds(grid, cell, threshold)
    up, down = grid.value(cell) + 1 <= high, grid.value(cell) - 1 >= low
    if (down if flipped else up):
        arcs.setdefault(row, []).append((column, cell))
    if (up if flipped else down):
        arcs.setdefault(column, []).append((row, cell))


def _movable(arcs: Arcs, cell: Cell, extra: Arcs | None = None) -> bool:
    """Whether a cycle of unit changes passes through the cell, either way round (with the
    extra arcs of one more hidden cell, when given)."""
    extra = extra or {}
    row, column = ("r", cell[0]), ("c", cell[1])
    forward = any(cell == via for _node, via in [*arcs.get(row, []), *extra.get(row, [])])
    backward = any(cell == via for _node, via in [*arcs.get(column, []),
                                                  *extra.get(column, [])])
    return ((forward and _reaches(arcs, column, row, cell, extra))
            or (backward and _reaches(arcs, row, column, cell, extra)))


def _reaches(arcs: Arcs, start: Node, goal: Node, avoid: Cell, extra: Arcs) -> bool:
    """Whether a path of arcs leads from start to goal without going through one cell."""
    seen, waiting = {start}, [start]
    while waiting:
        node = waiting.pop()
        for following, via in [*arcs.get(node, []), *extra.get(node, [])]:
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
    arcs = _arcs(grid, threshold)  # what is hidden now; each candidate adds only its own
    for candidate in candidates:
        if _stops_leak(grid, leak, candidate, threshold, arcs):
            return candidate
    return candidates[0]


def _stops_leak(grid: Grid, leak: Cell, candidate: Cell, threshold: int, arcs: Arcs) -> bool:
    """Whether hiding the candidate as well lets the leaking count take another value."""
    extra: Arcs = {}
    grid.hidden.add(candidate)
    try:
        _add_arcs(extra, grid, candidate, threshold)
    finally:
        grid.hidden.discard(candidate)
    return _movable(arcs, leak, extra)
