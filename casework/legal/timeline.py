"""Timeline source of the legal domain: each legal step on the day it happened."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from flask_babel import get_timezone
from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases.models import Case
from casework.extensions import db
from casework.legal import categories as legal_cat
from casework.legal.models import LegalStep
from casework.timeline.registry import TimelineEvent, add_timeline_kind, add_timeline_source
from casework.timeline.sources import staff_name

MAX_EVENTS = 200


def _detail(step: LegalStep) -> str:
    """A category of the step (never its free text): the decision or who granted the order."""
    if step.kind == "restitution_decided" and step.decision:
        return str(legal_cat.RESTITUTION_DECISIONS.get(step.decision, step.decision))
    if step.kind == "protection_order_granted" and step.ordered_by:
        return str(legal_cat.ORDERED_BY.get(step.ordered_by, step.ordered_by))
    return ""


def legal_events(case: Case) -> list[TimelineEvent]:
    """Each legal step, placed at noon of its own date so the process reads in order."""
    zone = ZoneInfo(str(get_timezone()))  # pytz's zone would give the old LMT offset
    rows = db.session.scalars(
        select(LegalStep).where(LegalStep.case_id == case.id)
        .order_by(LegalStep.step_on, LegalStep.recorded_at).limit(MAX_EVENTS))
    return [TimelineEvent(at=datetime.combine(s.step_on, time(12), tzinfo=zone), kind="legal",
                          label=_("Legal process: %(step)s",
                                  step=legal_cat.STEP_KINDS.get(s.kind, s.kind)),
                          actor=staff_name(s.recorded_by_id), detail=_detail(s))
            for s in rows]


def register_legal_sources() -> None:
    """Add the legal steps to the case timeline."""
    add_timeline_source("legal", legal_events)
    add_timeline_kind("legal", lambda: _("Legal process"))
