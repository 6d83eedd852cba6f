"""What changes a case's plan: assessments, safety plans, goals, actions, follow-ups, services.

Each operation flushes and audits; the request commits."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from casework.accounts.models import Organisation, User
from casework.audit.operations import record
from casework.cases.errors import CaseClosed
from casework.cases.models import Case, ServiceRecord
from casework.cases.rules import diversion_forbidden, mediation_forbidden
from casework.database import utcnow
from casework.extensions import db
from casework.i18n import local_today
from casework.plans.categories import NEED_AREAS
from casework.plans.errors import (
    DateInPast,
    DiversionForbidden,
    MediationForbidden,
    StalePlan,
    UnknownChoice,
)
from casework.plans.models import (
    SAFETY_PLAN_FIELDS,
    Action,
    Assessment,
    AssessmentNeed,
    FollowUp,
    Goal,
    SafetyPlan,
    SafetyPlanReview,
)


def _open_case(case: Case) -> None:
    """Refuse any change to a closed or duplicate case."""
    if case.is_closed:
        raise CaseClosed()


def _flush_versioned() -> None:
    """Flush; a row someone else saved in the meantime turns into a stale-edit refusal."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StalePlan() from exc


def _not_past(value: date | None) -> None:
    """Refuse a due or next date before today."""
    if value is not None and value < local_today():
        raise DateInPast()


# --- assessment -----------------------------------------------------------------------------

def latest_assessment(case: Case) -> Assessment | None:
    """The case's most recent assessment."""
    return db.session.scalar(
        select(Assessment).where(Assessment.case_id == case.id)
        .order_by(Assessment.assessed_at.desc(), Assessment.id).limit(1)
    )


def assessments(case: Case) -> Select:
    """Every assessment of the case, newest first (for a paginated history)."""
    return (select(Assessment).where(Assessment.case_id == case.id)
            .order_by(Assessment.assessed_at.desc(), Assessment.id))


def record_assessment(case: Case, data: dict[str, Any], based_on: str, user: User) -> Assessment:
    """Add an assessment (earlier ones stay) and set the case's risk level from it."""
    _open_case(case)
    latest = latest_assessment(case)
    if str(latest.id if latest else "") != (based_on or ""):
        raise StalePlan()
    assessment = Assessment(case_id=case.id, risk_level=data["risk_level"],
                            assessed_by_id=user.id, assessed_at=utcnow())
    assessment.summary = data.get("summary") or None
    for area in NEED_AREAS:
        need = AssessmentNeed(area=area, urgency=data.get(f"{area}_urgency") or "none")
        need.note = data.get(f"{area}_note") or None
        assessment.needs.append(need)
    db.session.add(assessment)
    case.risk_level = assessment.risk_level
    _flush_versioned()
    record("create", object_type="assessment", object_id=assessment.id, case_ref=case.reference)
    return assessment


# --- safety plan ----------------------------------------------------------------------------

def current_safety_plan(case: Case) -> SafetyPlan | None:
    """The latest version of the case's safety plan."""
    return db.session.scalar(
        select(SafetyPlan).where(SafetyPlan.case_id == case.id)
        .order_by(SafetyPlan.number.desc()).limit(1)
    )


def safety_plan_versions(case: Case) -> Select:
    """Every version of the safety plan, newest first."""
    return (select(SafetyPlan).where(SafetyPlan.case_id == case.id)
            .order_by(SafetyPlan.number.desc()))


def save_safety_plan(case: Case, data: dict[str, Any], based_on: Any, user: User) -> SafetyPlan:
    """Save the safety plan as a new version; refused if someone saved one since the form opened."""
    _open_case(case)
    current = current_safety_plan(case)
    number = current.number if current else 0
    if str(based_on or 0) != str(number):
        raise StalePlan()
    plan = SafetyPlan(case_id=case.id, number=number + 1, written_by_id=user.id,
                      copy_status=data.get("copy_status") or "not_offered")
    for name in SAFETY_PLAN_FIELDS:
        setattr(plan, name, data.get(name) or None)
    db.session.add(plan)
    try:
        db.session.flush()
    except IntegrityError as exc:  # the same version number saved by someone a moment ago
        raise StalePlan() from exc
    record("create", object_type="safety_plan", object_id=plan.id, case_ref=case.reference)
    return plan


def review_safety_plan(case: Case, reviewed_on: date, note: str, user: User) -> SafetyPlanReview:
    """Record a date on which the plan was revisited with her."""
    _open_case(case)
    current = current_safety_plan(case)
    if current is None:
        raise UnknownChoice()
    if reviewed_on > local_today():
        raise DateInPast()  # a revisit is recorded after it happened, never ahead
    review = SafetyPlanReview(case_id=case.id, plan_number=current.number,
                              reviewed_on=reviewed_on, reviewed_by_id=user.id)
    review.note = note or None
    db.session.add(review)
    db.session.flush()
    record("create", object_type="safety_review", object_id=review.id, case_ref=case.reference)
    return review


def safety_reviews(case: Case) -> list[SafetyPlanReview]:
    """The dates the plan was revisited, newest first."""
    return list(db.session.scalars(
        select(SafetyPlanReview).where(SafetyPlanReview.case_id == case.id)
        .order_by(SafetyPlanReview.reviewed_on.desc(), SafetyPlanReview.recorded_at.desc())
        .limit(50)
    ))


def record_print(case: Case, plan: SafetyPlan) -> None:
    """Log that the safety plan was shown for printing."""
    record("print", object_type="safety_plan", object_id=plan.id, case_ref=case.reference)


def set_copy_status(case: Case, plan: SafetyPlan, status: str) -> None:
    """Record whether she kept the printed copy or chose not to."""
    _open_case(case)
    plan.copy_status = status
    db.session.flush()
    record("update", object_type="safety_plan", object_id=plan.id, case_ref=case.reference)


# --- action plan ----------------------------------------------------------------------------

def _check_version(record_: Goal | Action, version: Any) -> None:
    """Refuse a save made on a copy older than the saved record."""
    if str(version) != str(record_.version):
        raise StalePlan()


def goals(case: Case) -> list[Goal]:
    """The case's goals with their actions, open ones first."""
    actions = selectinload(Goal.actions)
    return list(db.session.scalars(
        select(Goal).where(Goal.case_id == case.id)
        .options(actions.selectinload(Action.responsible_user), actions.selectinload(Action.unit))
        .order_by((Goal.status != "open"), Goal.created_at)
    ))


def goal_of(case: Case, goal_id: Any) -> Goal | None:
    """The goal of this case with this id (None for a malformed or foreign id)."""
    wanted = _uuid(goal_id)
    return db.session.scalar(select(Goal).where(Goal.id == wanted, Goal.case_id == case.id)) \
        if wanted else None


def action_of(case: Case, action_id: Any) -> Action | None:
    """The action of this case with this id (None for a malformed or foreign id)."""
    wanted = _uuid(action_id)
    return db.session.scalar(select(Action).where(Action.id == wanted, Action.case_id == case.id)) \
        if wanted else None


def _uuid(value: Any) -> uuid.UUID | None:
    """A UUID from a path or form value, or None."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def add_goal(case: Case, area: str, description: str, user: User) -> Goal:
    """Add a goal for one area of need."""
    _open_case(case)
    goal = Goal(case_id=case.id, area=area, status="open", created_by_id=user.id)
    goal.description = description
    db.session.add(goal)
    db.session.flush()
    record("create", object_type="goal", object_id=goal.id, case_ref=case.reference)
    return goal


def update_goal(case: Case, goal: Goal, data: dict[str, Any], version: Any) -> None:
    """Change a goal's wording, area or status; refused if stale."""
    _open_case(case)
    _check_version(goal, version)
    goal.area, goal.status = data["area"], data["status"]
    goal.description = data["description"]
    _flush_versioned()
    record("update", object_type="goal", object_id=goal.id, case_ref=case.reference)


def _set_responsible(case: Case, action: Action, data: dict[str, Any], user: User) -> None:
    """Who carries out the action: the paralegal, a colleague, a referral or a unit."""
    kind = data["responsible_kind"]
    action.responsible_kind = kind
    action.responsible_user_id = action.unit_org_id = action.referral_id = None
    if kind == "paralegal":
        action.responsible_user_id = user.id if user.works_cases else _first_paralegal(case)
    elif kind == "colleague":
        action.responsible_user_id = _colleague(case, data.get("colleague"))
    elif kind == "referral":
        action.referral_id = _referral(case, data.get("referral"))
    elif kind == "unit":
        action.unit_org_id = _unit(data.get("unit"))


def _first_paralegal(case: Case) -> uuid.UUID | None:
    """The case's assigned case worker, when a supervisor writes the plan for her."""
    paralegals = [u for u in case.active_assignees() if u.works_cases]
    return paralegals[0].id if paralegals else None


def _colleague(case: Case, value: Any) -> uuid.UUID:
    """A colleague: active staff of the case's organisation."""
    from casework.plans.choices import colleagues

    wanted = _uuid(value)
    if wanted is None or wanted not in {u.id for u in colleagues(case)}:
        raise UnknownChoice()
    return wanted


def _referral(case: Case, value: Any) -> uuid.UUID:
    """A referral of this case."""
    from casework.plans.choices import case_referrals

    wanted = _uuid(value)
    if wanted is None or wanted not in {rid for rid, _ in case_referrals(case)}:
        raise UnknownChoice()
    return wanted


def _unit(value: Any) -> uuid.UUID:
    """An active service unit (UPTD PPA, Dinas Sosial...): not an NGO or a centre."""
    wanted = _uuid(value)
    unit = db.session.get(Organisation, wanted) if wanted else None
    if unit is None or not unit.is_service_unit or not unit.active:
        raise UnknownChoice()
    return wanted


def add_action(case: Case, goal: Goal, data: dict[str, Any], user: User) -> Action:
    """Add an action to a goal; its due date may not lie in the past."""
    _open_case(case)
    _not_past(data["due_on"])
    action = Action(case_id=case.id, goal_id=goal.id, due_on=data["due_on"], status="planned",
                    created_by_id=user.id)
    action.description = data["description"]
    _set_responsible(case, action, data, user)
    db.session.add(action)
    db.session.flush()
    record("create", object_type="action", object_id=action.id, case_ref=case.reference)
    return action


def update_action(case: Case, action: Action, data: dict[str, Any], version: Any,
                  user: User) -> None:
    """Change an action; a new due date may not lie in the past; refused if stale."""
    _open_case(case)
    _check_version(action, version)
    if data["due_on"] != action.due_on:
        _not_past(data["due_on"])
    action.description, action.due_on = data["description"], data["due_on"]
    _set_responsible(case, action, data, user)
    if data["status"] != action.status:
        action.status = data["status"]
        action.completed_at = utcnow() if data["status"] == "done" else None
    _flush_versioned()
    record("update", object_type="action", object_id=action.id, case_ref=case.reference)


# --- follow-ups -----------------------------------------------------------------------------

def followups(case: Case) -> Select:
    """The case's follow-ups, newest first."""
    return (select(FollowUp).where(FollowUp.case_id == case.id)
            .order_by(FollowUp.contact_on.desc(), FollowUp.recorded_at.desc()))


def record_followup(case: Case, data: dict[str, Any], user: User) -> FollowUp:
    """Record a contact; earlier next dates count as answered from now on."""
    _open_case(case)
    if data["contact_on"] > local_today():
        raise DateInPast()  # a contact is recorded once it happened
    _not_past(data.get("next_on"))
    now = utcnow()
    for earlier in db.session.scalars(select(FollowUp).where(
            FollowUp.case_id == case.id, FollowUp.answered_at.is_(None))):
        earlier.answered_at = now
    followup = FollowUp(case_id=case.id, contact_on=data["contact_on"], method=data["method"],
                        outcome=data["outcome"], next_on=data.get("next_on"),
                        recorded_by_id=user.id, recorded_at=now)
    followup.note = data.get("note") or None
    db.session.add(followup)
    db.session.flush()
    record("create", object_type="followup", object_id=followup.id, case_ref=case.reference)
    return followup


# --- the organisation's own services --------------------------------------------------------

def record_own_service(case: Case, data: dict[str, Any], user: User) -> ServiceRecord:
    """A service the case's own organisation gave; mediation refused where the law forbids it."""
    _open_case(case)
    if data["service_type"] == "mediation" and mediation_forbidden(case):
        raise MediationForbidden()
    if data["service_type"] == "diversion" and diversion_forbidden(case):
        raise DiversionForbidden()
    if data["delivered_on"] > local_today():
        raise DateInPast()
    service = ServiceRecord(case_id=case.id, referral_id=None,
                            provider_org_id=case.organisation_id,
                            service_type=data["service_type"], delivered_on=data["delivered_on"],
                            outcome=data["outcome"], recorded_by_id=user.id)
    service.note = data.get("note") or None
    db.session.add(service)
    db.session.flush()
    record("create", object_type="service", object_id=service.id, case_ref=case.reference)
    return service


def services(case: Case) -> Select:
    """Every service of the case, the organisation's own and the units', newest first."""
    return (select(ServiceRecord).where(ServiceRecord.case_id == case.id)
            .order_by(ServiceRecord.delivered_on.desc(), ServiceRecord.recorded_at.desc()))
