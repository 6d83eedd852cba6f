"""Pages of the timeline domain: a case-page panel and the full, paginated timeline."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, render_template
from flask_babel import gettext as _

from casework.accounts.access import CASE_ROLES, roles
from casework.audit.operations import record
from casework.cases.access import load_case
from casework.cases.models import Case
from casework.cases.panels import add_case_panel
from casework.pagination import Page, requested_page
from casework.timeline.registry import add_timeline_kind, case_timeline, kind_label
from casework.timeline.sources import register_case_sources

bp = Blueprint("timeline", __name__, url_prefix="", template_folder="templates")
PANEL_EVENTS = 8

KIND_LABELS = {
    "intake": lambda: _("Intake"), "note": lambda: _("Note"), "closure": lambda: _("Closure"),
    "referral": lambda: _("Referral"), "service": lambda: _("Service"),
    "assignment": lambda: _("Assignment"), "assessment": lambda: _("Assessment"),
    "safety_plan": lambda: _("Safety plan"), "action": lambda: _("Case plan"),
    "followup": lambda: _("Follow-up"),
}
for _kind, _label in KIND_LABELS.items():
    add_timeline_kind(_kind, _label)


def _panel_context(case: Case) -> dict[str, Any]:
    """The latest events for the case page (oldest of them first)."""
    events = case_timeline(case)
    return {"events": events[-PANEL_EVENTS:], "more": len(events) > PANEL_EVENTS,
            "kind_label": kind_label, "reference": case.reference}


register_case_sources()
add_case_panel("timeline/_panel.html", order=90, context=_panel_context, roles=CASE_ROLES)


@bp.get("/cases/<reference>/timeline")
@roles(*CASE_ROLES)
def case_timeline_page(reference: str):
    """The whole timeline of a case, a page at a time, oldest first."""
    case = load_case(reference, need="view")
    events = case_timeline(case)
    size = current_app.config["PAGE_SIZE"]
    number = requested_page()
    start = (number - 1) * size
    page = Page(items=events[start:start + size], number=number,
                has_next=len(events) > start + size)
    record("view", object_type="timeline", object_id=case.id, case_ref=case.reference)
    return render_template("timeline/timeline.html", case=case, page=page, kind_label=kind_label)
