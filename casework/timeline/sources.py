"""Timeline sources of the cases domain: intake, notes and closure."""

from __future__ import annotations

import uuid

from flask_babel import gettext as _
from sqlalchemy import select

from casework.accounts.models import User
from casework.cases import categories as cat
from casework.cases.models import Case, CaseClosure
from casework.extensions import db
from casework.timeline.registry import TimelineEvent, add_timeline_source


def staff_name(user_id: uuid.UUID | None) -> str | None:
    """The display name (else user name) of a member of staff, for the actor column."""
    user = db.session.get(User, user_id) if user_id else None
    return (user.display_name or user.username) if user else None


def intake_events(case: Case) -> list[TimelineEvent]:
    """The case was registered, with the intake consents."""
    return [TimelineEvent(at=case.created_at, kind="intake", label=_("Case registered"),
                          actor=staff_name(case.created_by_id),
                          detail=case.organisation.name if case.organisation else "")]


def note_events(case: Case) -> list[TimelineEvent]:
    """Each note added (the body stays in the notes section)."""
    return [TimelineEvent(at=note.created_at, kind="note", label=_("Note added"),
                          actor=staff_name(note.author_id)) for note in case.notes]


def closure_events(case: Case) -> list[TimelineEvent]:
    """The current closing of a closed case, with its reason and who closed it."""
    if case.status != "closed" or case.closed_at is None:
        return []
    closing = db.session.scalar(
        select(CaseClosure).where(CaseClosure.case_id == case.id)
        .order_by(CaseClosure.closed_at.desc()).limit(1)
    )
    return [TimelineEvent(at=case.closed_at, kind="closure", label=_("Case closed"),
                          actor=staff_name(closing.closed_by_id) if closing else None,
                          detail=cat.label(cat.CLOSE_REASONS, case.close_reason))]


def register_case_sources() -> None:
    """Add the cases domain's sources (called when the timeline views are imported)."""
    add_timeline_source("intake", intake_events)
    add_timeline_source("notes", note_events)
    add_timeline_source("closure", closure_events)
