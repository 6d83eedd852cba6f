"""Her disability and accommodation on the case page, and in the referrals she shares it with.

No routes of its own: the answers are part of the case intake and edit forms."""

from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _

from casework.accommodation import categories as acc
from casework.accommodation.operations import needs_summary
from casework.cases import categories as cat
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.referrals.sharing import add_group_source

bp = Blueprint("accommodation", __name__, template_folder="templates")


def _labels(choices: dict, codes: list[str]) -> str:
    """The labels of the codes, joined."""
    return ", ".join(cat.label(choices, code) for code in codes)


def accommodation_lines(case: Case) -> list[tuple[str, str]]:
    """(label, value) of her disability types and accommodations, for the page and a unit."""
    needs = needs_summary(case)
    types = [c for c in needs["disability_types"] if c != "none"]
    wanted = [c for c in needs["accommodations"] if c != "other"]
    lines = []
    if types:
        lines.append((_("Disability"), _labels(acc.DISABILITY_TYPES, types)))
    elif needs["legacy"] and needs["legacy"] != "none":
        lines.append((_("Disability"), cat.label(cat.DISABILITIES, needs["legacy"])))
    if wanted:
        lines.append((_("Accommodation she needs"), _labels(acc.ACCOMMODATIONS, wanted)))
    if needs["accommodation_other"]:
        lines.append((_("Other accommodation"), needs["accommodation_other"]))
    return lines


def _shared(case: Case) -> list[tuple[str, str]]:
    """What a unit she agreed to tell sees: what to prepare, or that nothing is needed."""
    return accommodation_lines(case) or [(_("Accommodation she needs"),
                                          _("None recorded"))]


def _panel_context(case: Case) -> dict:
    """The lines of the case page's accommodation card."""
    return {"lines": accommodation_lines(case)}


add_case_panel("accommodation/_panel.html", order=12, context=_panel_context)
add_group_source("accommodation", _shared)
