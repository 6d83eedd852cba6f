"""Timeline source of the perpetrators domain: each perpetrator added, edited or removed."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from casework.perpetrators.models import PerpetratorChange
from casework.timeline.registry import TimelineEvent, add_timeline_kind, add_timeline_source
from casework.timeline.sources import staff_name

# A case page shows at most this many perpetrator changes (a case has a handful).
MAX_EVENTS = 200


def _label(action: str) -> str:
    """What happened, in the user's language (never the perpetrator's name)."""
    return {"added": _("Perpetrator added"), "edited": _("Perpetrator details changed"),
            "removed": _("Perpetrator removed")}.get(action, action)


def perpetrator_events(case: Case) -> list[TimelineEvent]:
    """Each change to the case's perpetrators, oldest first."""
    changes = db.session.scalars(
        select(PerpetratorChange).where(PerpetratorChange.case_id == case.id)
        .order_by(PerpetratorChange.changed_at, PerpetratorChange.id).limit(MAX_EVENTS))
    return [TimelineEvent(at=change.changed_at, kind="perpetrator", label=_label(change.action),
                          actor=staff_name(change.changed_by_id)) for change in changes]


add_timeline_source("perpetrators", perpetrator_events)
add_timeline_kind("perpetrator", lambda: _("Perpetrator"))
