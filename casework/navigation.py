"""The navigation bar: each domain adds its entries, shown to the roles that may use them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user

from casework.accounts.access import role_allows


@dataclass(frozen=True)
class NavEntry:
    """One link in the bar, for some roles, with an optional counter of waiting items."""

    label: Callable[[], str]
    endpoint: str
    roles: frozenset[str]
    order: int = 50
    counter: Callable[[], int] | None = None


_ENTRIES: list[NavEntry] = []


def add_nav(label: Callable[[], str], endpoint: str, roles: tuple[str, ...], order: int = 50,
            counter: Callable[[], int] | None = None) -> None:
    """Register a navigation link (called once, when a domain's views are imported)."""
    if all(entry.endpoint != endpoint for entry in _ENTRIES):
        _ENTRIES.append(NavEntry(label, endpoint, frozenset(roles), order, counter))


def navigation() -> list[dict]:
    """The links the current user's role may follow, in order, with their counters."""
    if not current_user.is_authenticated:
        return []
    items = []
    for entry in sorted(_ENTRIES, key=lambda e: e.order):
        if role_allows(current_user, entry.roles):
            items.append({
                "label": entry.label(),
                "url": url_for(entry.endpoint),
                "active": request.endpoint == entry.endpoint,
                "count": entry.counter() if entry.counter else 0,
            })
    return items


def init_navigation(app: Flask) -> None:
    """Offer navigation() to every template."""
    app.context_processor(lambda: {"navigation": navigation})
