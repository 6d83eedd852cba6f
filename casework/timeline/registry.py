"""The case timeline: every domain adds a source of events; the case page shows them in order.

API (for other domains):
    from casework.timeline.registry import TimelineEvent, add_timeline_source

    def plan_events(case: Case) -> list[TimelineEvent]:
        return [TimelineEvent(at=plan.created_at, kind="plan", label=_("Case plan agreed"),
                              actor=plan.author.display_name) for plan in ...]

    add_timeline_source("plans", plan_events)   # once, when your views module is imported
    add_timeline_kind("plan", lambda: _("Case plan"))   # the kind's label on the page (optional)

- `at` is a timezone-aware UTC datetime (what UTCDateTime columns give back);
- `kind` is a short code used as a CSS class and shown through its label (intake, note,
  referral, service, ...; a kind without a label is shown without one);
- `label` is already translated; never put a survivor's name, NIK or any field value in it;
- `actor` is the display name of the member of staff, or None;
- `detail` is an optional second line (a category label, a status), never free text.
A source sees the case only after load_case() has allowed the viewer; it must not add events
the case page itself would not show. Sources are called in registration order; events are
sorted by time (stable, so a source's own order breaks ties).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from casework.cases.models import Case


@dataclass(frozen=True)
class TimelineEvent:
    """One thing that happened in a case."""

    at: datetime
    kind: str
    label: str
    actor: str | None = None
    detail: str = ""


TimelineSource = Callable[[Case], list[TimelineEvent]]
_SOURCES: dict[str, TimelineSource] = {}
_KIND_LABELS: dict[str, Callable[[], str]] = {}


def add_timeline_kind(kind: str, label: Callable[[], str]) -> None:
    """Name a kind of event in the user's language (a callable, evaluated per request)."""
    _KIND_LABELS[kind] = label


def kind_label(kind: str) -> str:
    """The label of a kind of event, or '' when no domain named it."""
    label = _KIND_LABELS.get(kind)
    return str(label()) if label else ""


def add_timeline_source(name: str, source: TimelineSource) -> None:
    """Register (or replace) a named source of events."""
    _SOURCES[name] = source


def timeline_sources() -> dict[str, TimelineSource]:
    """The registered sources by name."""
    return dict(_SOURCES)


def case_timeline(case: Case) -> list[TimelineEvent]:
    """Every event of the case from every source, oldest first."""
    events: list[TimelineEvent] = []
    for source in _SOURCES.values():
        events.extend(source(case))
    return sorted(events, key=lambda event: event.at)
