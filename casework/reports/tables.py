"""A report table: labelled rows and columns of counts with totals, suppressed where needed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from flask_babel import gettext as _

from casework.reports import suppression
from casework.reports.suppression import Cell, Grid, is_small, suppress

Counts = dict[tuple[str | None, str | None], int]
# Small counts read "<5" at the default threshold of 5, as the organisations asked; counts
# hidden only so that a small one cannot be worked out read "x", as statistics offices print.
SUPPRESSED_MARK = "<{n}"
SECONDARY_MARK = "x"


@dataclass
class ReportTable:
    """One disaggregated table, ready to show, chart or export."""

    key: str
    title: str
    rows: list[tuple[str | None, str]]
    columns: list[tuple[str | None, str]]
    grid: Grid
    threshold: int
    note: str = ""
    extra: dict[str, list[str]] = field(default_factory=dict)

    @property
    def suppressed(self) -> bool:
        """Whether any count is hidden."""
        return bool(self.grid.hidden)

    def shown(self, row: int, column: int) -> str:
        """The count as published: the number, or "<5" when hidden."""
        if (row, column) in self.grid.hidden:
            if self.grid.withheld:
                return SECONDARY_MARK
            if self.grid.blanked or is_small(self.grid.counts[row][column], self.threshold):
                return SUPPRESSED_MARK.format(n=self.threshold)
            return SECONDARY_MARK
        return str(self.grid.counts[row][column])

    def body(self) -> list[tuple[str, list[str]]]:
        """Each category's label and its shown counts (row total last)."""
        return [
            (label, [self.shown(r, c) for c in range(self.grid.width)])
            for r, (_code, label) in enumerate(self.rows)
        ]

    def totals(self) -> list[str]:
        """The shown totals of each column and the grand total."""
        last = self.grid.height - 1
        return [self.shown(last, c) for c in range(self.grid.width)]

    def header(self) -> list[str]:
        """The column labels, the total last."""
        return [label for _code, label in self.columns] + [_("Total")]

    def chart_values(self) -> list[tuple[str, int | None, str]]:
        """Each row's label, total (None where hidden) and total as shown, for a chart."""
        last = self.grid.width - 1
        return [
            (label, None if (r, last) in self.grid.hidden else self.grid.counts[r][last],
             self.shown(r, last))
            for r, (_code, label) in enumerate(self.rows)
        ]

    def chart_rows(self) -> list[tuple[str, list[tuple[int | None, str]], str]]:
        """Each row's label, its counts by column (None where hidden) each with how it is
        shown, and its total as shown: the breakdown a chart draws."""
        last = self.grid.width - 1
        return [
            (label, [(None if (r, c) in self.grid.hidden else self.grid.counts[r][c],
                      self.shown(r, c)) for c in range(last)], self.shown(r, last))
            for r, (_code, label) in enumerate(self.rows)
        ]


SEX_TABLE = "sex"


def shared_counts(table: ReportTable) -> dict[Cell, tuple]:
    """The table's counts that other tables by sex publish too, keyed by what they count: the
    grand total, and the survivors of each sex (a column total here, a row total of the sex
    table). A category's total is this table's own: "other" places are not "other" jobs."""
    grid = table.grid
    last_row, last_column = grid.height - 1, grid.width - 1
    keys: dict[Cell, tuple] = {(last_row, last_column): ("total", grid.value((last_row, last_column)))}
    if table.key == SEX_TABLE:
        sexes = {(r, last_column): code for r, (code, _label) in enumerate(table.rows)}
    else:
        sexes = {(last_row, c): code for c, (code, _label) in enumerate(table.columns)}
    keys.update({cell: ("sex", code, grid.value(cell)) for cell, code in sexes.items()})
    return keys


def suppress_alike(tables: list[ReportTable]) -> None:
    """Suppress tables of the same cases together, so that a total one of them hides is hidden
    in all of them (the survivors by sex, for one, are a margin of every table by sex)."""
    if tables:
        suppression.suppress_together([(table.grid, shared_counts(table)) for table in tables],
                                      tables[0].threshold)


def ordered_codes(known: Iterable[str], found: Iterable[str | None]) -> list[str | None]:
    """The known codes in their order, then any others found, then 'not recorded' if present."""
    codes: list[str | None] = list(known)
    seen = set(codes)
    extra = sorted(code for code in set(found) if code is not None and code not in seen)
    codes += extra
    if None in set(found):
        codes.append(None)
    return codes


def labelled(codes: list[str | None], labels: dict) -> list[tuple[str | None, str]]:
    """Codes with their labels in the user's language; None reads 'Not recorded'."""
    return [(code, _("Not recorded") if code is None else str(labels.get(code, code)))
            for code in codes]


def build_table(key: str, title: str, counts: Counts, row_labels: dict, column_labels: dict,
                threshold: int, hide_small: bool, all_rows: bool = True, note: str = ""
                ) -> ReportTable:
    """Lay the counts out by row and column, add totals and suppress if asked."""
    row_codes = ordered_codes(row_labels if all_rows else [], [r for r, _c in counts])
    column_codes = ordered_codes(column_labels, [c for _r, c in counts])
    interior = [[counts.get((r, c), 0) for c in column_codes] for r in row_codes]
    if interior:
        grid = Grid.with_margins(interior)
    else:
        grid = Grid(counts=[[0] * (len(column_codes) + 1)])
    if hide_small:
        suppress(grid, threshold)
    return ReportTable(key, title, labelled(row_codes, row_labels),
                       labelled(column_codes, column_labels), grid, threshold, note)
