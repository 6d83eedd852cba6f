"""Small-cell suppression of a cross-table, primary and secondary, so no count can be worked out.

A table is a grid of counts with a total at the end of every row and every column and a grand
total. Each row and each column (the totals row and column included) is a "line" whose cells
add up to its last entry. Primary suppression hides every count from 1 to the threshold.
Secondary suppression then makes sure no line holds exactly one hidden entry, since that entry
would equal the line's total minus the entries shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field

Cell = tuple[int, int]


@dataclass
class Grid:
    """Counts by row and column with their margins; `hidden` holds the suppressed positions."""

    counts: list[list[int]]
    hidden: set[Cell] = field(default_factory=set)

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


def is_small(count: int, threshold: int) -> bool:
    """A count that could single out a person: from 1 to the threshold."""
    return 1 <= count <= threshold


def suppress(grid: Grid, threshold: int) -> Grid:
    """Hide the small counts and enough others that none of them can be recovered."""
    grid.hidden = {
        (r, c) for r in range(grid.height) for c in range(grid.width)
        if is_small(grid.counts[r][c], threshold)
    }
    # The totals row is the same in every table of a report: settle it first, on its own,
    # so that every table hides the same totals and one cannot be read from another.
    _complete_line(grid, [(grid.height - 1, c) for c in range(grid.width)])
    changed = True
    while changed:
        changed = False
        for line in grid.lines():
            changed |= _complete_line(grid, line)
    return grid


def _complete_line(grid: Grid, line: list[Cell]) -> bool:
    """If the line hides exactly one entry, hide one more (the smallest non-zero one)."""
    if sum(cell in grid.hidden for cell in line) != 1:
        return False
    candidates = [cell for cell in line[:-1] if cell not in grid.hidden and grid.value(cell) > 0]
    if not candidates:
        candidates = [cell for cell in line if cell not in grid.hidden]
    if not candidates:
        return False
    grid.hidden.add(min(candidates, key=lambda cell: (grid.value(cell), cell)))
    return True


def recoverable(grid: Grid) -> list[Cell]:
    """Hidden positions an attacker could compute from one line's total and shown entries."""
    found = []
    for line in grid.lines():
        hidden = [cell for cell in line if cell in grid.hidden]
        if len(hidden) == 1:
            found.append(hidden[0])
    return found
