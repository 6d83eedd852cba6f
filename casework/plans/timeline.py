"""Timeline sources of case management: assessments, safety plans, actions, follow-ups, services."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from casework.cases import categories as cat
from casework.cases.models import Case, ServiceRecord
from casework.extensions import db
from casework.plans import categories as plan_cat
from casework.plans.models import (
    Action,
    Assessment,
    FollowUp,
    Goal,
    SafetyPlan,
    SafetyPlanReview,
)
from casework.timeline.registry import TimelineEvent, add_timeline_source
from casework.timeline.sources import staff_name

# A case page shows at most this many events of one kind; the pages behind it hold the rest.
MAX_EVENTS = 200


def _rows(model, case: Case, order) -> list:
    """The case's rows of one model, oldest first, capped."""
    return list(db.session.scalars(
        select(model).where(model.case_id == case.id).order_by(order).limit(MAX_EVENTS)
    ))


def assessment_events(case: Case) -> list[TimelineEvent]:
    """Each assessment, with its risk level."""
    return [TimelineEvent(at=a.assessed_at, kind="assessment", label=_("Needs and risk assessed"),
                          actor=staff_name(a.assessed_by_id),
                          detail=cat.label(cat.RISK_LEVELS, a.risk_level))
            for a in _rows(Assessment, case, Assessment.assessed_at)]


def safety_plan_events(case: Case) -> list[TimelineEvent]:
    """Each version of the safety plan and each revisit."""
    events = [TimelineEvent(at=p.written_at, kind="safety_plan",
                            label=_("Safety plan written (version %(n)d)", n=p.number),
                            actor=staff_name(p.written_by_id))
              for p in _rows(SafetyPlan, case, SafetyPlan.number)]
    events += [TimelineEvent(at=r.recorded_at, kind="safety_plan",
                             label=_("Safety plan revisited"), actor=staff_name(r.reviewed_by_id))
               for r in _rows(SafetyPlanReview, case, SafetyPlanReview.recorded_at)]
    return events


def action_events(case: Case) -> list[TimelineEvent]:
    """Each goal and action added, and each action completed."""
    events = [TimelineEvent(at=g.created_at, kind="action", label=_("Goal added"),
                            actor=staff_name(g.created_by_id),
                            detail=str(plan_cat.NEED_AREAS.get(g.area, g.area)))
              for g in _rows(Goal, case, Goal.created_at)]
    for action in _rows(Action, case, Action.created_at):
        events.append(TimelineEvent(at=action.created_at, kind="action", label=_("Action planned"),
                                    actor=staff_name(action.created_by_id)))
        if action.completed_at:
            events.append(TimelineEvent(at=action.completed_at, kind="action",
                                        label=_("Action done")))
    return events


def followup_events(case: Case) -> list[TimelineEvent]:
    """Each follow-up contact, with how and what came of it."""
    return [TimelineEvent(at=f.recorded_at, kind="followup",
                          label=_("Follow-up: %(method)s", method=plan_cat.FOLLOWUP_METHODS.get(
                              f.method, f.method)),
                          actor=staff_name(f.recorded_by_id),
                          detail=str(plan_cat.FOLLOWUP_OUTCOMES.get(f.outcome, f.outcome)))
            for f in _rows(FollowUp, case, FollowUp.recorded_at)]


def own_service_events(case: Case) -> list[TimelineEvent]:
    """Each service the organisation gave itself (units' services come with their referrals)."""
    rows = db.session.scalars(
        select(ServiceRecord).where(ServiceRecord.case_id == case.id,
                                    ServiceRecord.referral_id.is_(None))
        .order_by(ServiceRecord.recorded_at).limit(MAX_EVENTS)
    )
    return [TimelineEvent(at=s.recorded_at, kind="service",
                          label=_("Service given: %(service)s",
                                  service=cat.label(cat.SERVICES, s.service_type)),
                          actor=staff_name(s.recorded_by_id),
                          detail=cat.label(cat.SERVICE_OUTCOMES, s.outcome)) for s in rows]


def register_plan_sources() -> None:
    """Add the plans domain's sources to the case timeline."""
    add_timeline_source("assessments", assessment_events)
    add_timeline_source("safety_plans", safety_plan_events)
    add_timeline_source("actions", action_events)
    add_timeline_source("followups", followup_events)
    add_timeline_source("own_services", own_service_events)
