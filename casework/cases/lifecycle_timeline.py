"""Timeline sources of a case's life: closure requests and decisions, closings, reopenings,
assignments."""

from __future__ import annotations

from flask_babel import gettext as _

from casework.cases import categories as cat
from casework.cases.closure import closure_history, closure_requests, reopenings
from casework.cases.models import Case
from casework.timeline.registry import TimelineEvent, add_timeline_source
from casework.timeline.sources import staff_name


def closure_request_events(case: Case) -> list[TimelineEvent]:
    """Each request to close, and the supervisor's answer."""
    events = []
    for r in closure_requests(case):
        events.append(TimelineEvent(at=r.requested_at, kind="closure",
                                    label=_("Closing requested"), actor=staff_name(r.requested_by_id),
                                    detail=cat.label(cat.CLOSE_REASONS, r.reason)))
        if r.decided_at:
            label = _("Closing approved") if r.status == "approved" else _("Closing refused")
            events.append(TimelineEvent(at=r.decided_at, kind="closure", label=label,
                                        actor=staff_name(r.decided_by_id)))
    return events


def earlier_closure_events(case: Case) -> list[TimelineEvent]:
    """Closings undone by a reopening (the current closing has its own source)."""
    closings = closure_history(case)
    if case.status == "closed" and closings:
        closings = closings[:-1]
    return [TimelineEvent(at=c.closed_at, kind="closure", label=_("Case closed"),
                          actor=staff_name(c.closed_by_id),
                          detail=cat.label(cat.CLOSE_REASONS, c.reason)) for c in closings]


def reopening_events(case: Case) -> list[TimelineEvent]:
    """Each reopening (the reason stays on the case page)."""
    return [TimelineEvent(at=o.reopened_at, kind="closure", label=_("Case reopened"),
                          actor=staff_name(o.reopened_by_id)) for o in reopenings(case)]


def assignment_events(case: Case) -> list[TimelineEvent]:
    """Each assignment given and ended."""
    events = []
    for a in case.assignments:
        name = staff_name(a.user_id) or ""
        events.append(TimelineEvent(at=a.assigned_at, kind="assignment",
                                    label=_("Assigned to %(name)s", name=name),
                                    actor=staff_name(a.assigned_by_id)))
        if a.ended_at:
            events.append(TimelineEvent(at=a.ended_at, kind="assignment",
                                        label=_("Assignment of %(name)s ended", name=name),
                                        actor=staff_name(a.ended_by_id)))
    return events


def register_lifecycle_sources() -> None:
    """Add the case lifecycle's sources to the case timeline."""
    add_timeline_source("closure_requests", closure_request_events)
    add_timeline_source("earlier_closures", earlier_closure_events)
    add_timeline_source("reopenings", reopening_events)
    add_timeline_source("assignments", assignment_events)
