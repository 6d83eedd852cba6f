"""Keyset-free, count-free pagination: fetch one row more than a page to know if there is a next."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select, select, union_all

from casework.extensions import db

MAX_PAGE = 10_000
# SQLite allows 500 terms in one UNION; a few dozen per statement keeps plans small.
BRANCHES_PER_STATEMENT = 50


@dataclass
class Page:
    """One page of results and whether there are pages on either side."""

    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_previous(self) -> bool:
        """Whether a page comes before this one."""
        return self.number > 1


def requested_page() -> int:
    """The page number asked for, kept within sane bounds."""
    raw = request.args.get("page", "1")
    number = int(raw) if raw.isdigit() and len(raw) < 6 else 1
    return min(max(number, 1), MAX_PAGE)


def paginate(query: Select, size: int | None = None) -> Page:
    """Run the query for the requested page, without counting every row."""
    size = size or current_app.config["PAGE_SIZE"]
    number = requested_page()
    rows = list(db.session.scalars(query.limit(size + 1).offset((number - 1) * size)).unique())
    return Page(items=rows[:size], number=number, has_next=len(rows) > size)


def paginate_newest(branches: list[Select], size: int | None = None) -> Page:
    """A page of ids, newest first, from selects of (id, at) that each walk an index of their
    own (one per organisation, say): each gives only its newest rows, the merge the page.

    One ORDER BY over `organisation_id IN (...)` cannot use an (organisation_id, created_at)
    index for the order, so it sorts every row of every organisation; this reads at most
    (page x size) rows of each branch."""
    size = size or current_app.config["PAGE_SIZE"]
    number = requested_page()
    wanted = number * size + 1
    rows: list[tuple[Any, Any]] = []
    for start in range(0, len(branches), BRANCHES_PER_STATEMENT):
        parts = [branch.order_by(branch.selected_columns.at.desc()).limit(wanted).subquery()
                 for branch in branches[start:start + BRANCHES_PER_STATEMENT]]
        merged = union_all(*(part.select() for part in parts)).subquery()
        rows += db.session.execute(
            select(merged.c.id, merged.c.at).order_by(merged.c.at.desc()).limit(wanted)).all()
    rows.sort(key=lambda row: (row.at, str(row.id)), reverse=True)
    found = [row.id for row in rows[(number - 1) * size:number * size + 1]]
    return Page(items=found[:size], number=number, has_next=len(found) > size)
