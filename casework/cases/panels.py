"""Sections other domains add to the case page (referrals, plans, attachments, history)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_login import current_user

from casework.accounts.access import CASE_ROLES, role_allows
from casework.cases.models import Case


@dataclass(frozen=True)
class CasePanel:
    """A template included on the case page, with the context it needs."""

    template: str
    order: int
    context: Callable[[Case], dict[str, Any]] | None = None
    roles: tuple[str, ...] = CASE_ROLES


_PANELS: list[CasePanel] = []


def add_case_panel(template: str, order: int = 50,
                   context: Callable[[Case], dict[str, Any]] | None = None,
                   roles: tuple[str, ...] = CASE_ROLES) -> None:
    """Register a case-page section (once, when a domain's views are imported)."""
    if all(panel.template != template for panel in _PANELS):
        _PANELS.append(CasePanel(template, order, context, roles))


def case_panels(case: Case) -> list[dict[str, Any]]:
    """The sections the current user's role sees on this case, with their context."""
    shown = []
    for panel in sorted(_PANELS, key=lambda p: p.order):
        if role_allows(current_user, panel.roles):
            context = panel.context(case) if panel.context else {}
            shown.append({"template": panel.template, "context": context})
    return shown
