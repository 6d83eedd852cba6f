"""Keyset-free, count-free pagination: fetch one row more than a page to know if there is a next."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import current_app, request
from sqlalchemy import Select

from casework.extensions import db

MAX_PAGE = 10_000


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


def paginate_newest(fetch: Callable[[int], list[Any]], size: int | None = None) -> Page:
    """A page of ids, newest first, from fetch(n): at most n rows of (id, at), the newest of
    each source it reads (say one per organisation), merged here."""
    size = size or current_app.config["PAGE_SIZE"]
    number = requested_page()
    rows = sorted(fetch(number * size + 1), key=lambda row: (row.at, str(row.id)), reverse=True)
    found = [row.id for row in rows[(number - 1) * size:number * size + 1]]
    return Page(items=found[:size], number=number, has_next=len(found) > size)
