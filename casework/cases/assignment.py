"""A supervisor assigns and reassigns cases to paralegals of her organisations."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Select, select, union
from sqlalchemy.orm import selectinload

from casework.accounts.access import organisation_scope
from casework.accounts.models import User
from casework.accounts.roles import CASEWORKER_ROLES
from casework.audit.operations import record
from casework.cases.errors import CaseClosed, NotAssignable
from casework.cases.models import Case, CaseAssignment
from casework.database import utcnow
from casework.extensions import db

# How long a paralegal's home list tells her that a case came to her or went elsewhere.
NOTICE_DAYS = 14


def assignable_paralegals(case: Case) -> list[User]:
    """Active case workers (paralegals, a unit's staff) of the case's own organisation, who may
    take it (the organisation holds cases, so its service staff work cases: see works_cases)."""
    return list(db.session.scalars(
        select(User).where(User.organisation_id == case.organisation_id,
                           User.role.in_(CASEWORKER_ROLES), User.active.is_(True))
        .order_by(User.username)
    ))


def active_paralegal_assignments(case: Case) -> list[CaseAssignment]:
    """The case's current case-worker assignments (paralegals, a unit's staff)."""
    return [a for a in case.assignments if a.ended_at is None and a.user.works_cases]


def assign_case(case: Case, paralegal: User, supervisor: User, replace: bool) -> CaseAssignment:
    """Assign a paralegal; with replace, end the assignments of the paralegals before her."""
    if case.is_closed:
        raise CaseClosed()
    if paralegal.id not in {p.id for p in assignable_paralegals(case)}:
        raise NotAssignable()
    now = utcnow()
    if replace:
        for old in active_paralegal_assignments(case):
            if old.user_id != paralegal.id:
                old.ended_at, old.ended_by_id = now, supervisor.id
    current = next((a for a in active_paralegal_assignments(case) if a.user_id == paralegal.id),
                   None)
    if current is None:
        current = CaseAssignment(case_id=case.id, user_id=paralegal.id,
                                 assigned_by_id=supervisor.id, assigned_at=now)
        db.session.add(current)
    db.session.flush()
    db.session.expire(case, ["assignments"])
    record("assign", object_type="case", object_id=case.id, case_ref=case.reference)
    return current


def unassign(case: Case, assignment: CaseAssignment, supervisor: User) -> None:
    """End one paralegal's assignment to the case."""
    assignment.ended_at, assignment.ended_by_id = utcnow(), supervisor.id
    db.session.flush()
    db.session.expire(case, ["assignments"])
    record("unassign", object_type="case", object_id=case.id, case_ref=case.reference)


def unassigned_cases(supervisor: User) -> Select:
    """Open cases of her organisations with no active paralegal, oldest first (read from the
    cases' staffed flag, kept by casework.cases.staffing)."""
    return (
        select(Case)
        .where(Case.staffed.is_(False), Case.organisation_id.in_(organisation_scope(supervisor)),
               Case.status.in_(("open", "reopened")))
        .order_by(Case.created_at, Case.id)
    )


def assignment_notices(user: User) -> Select:
    """Her assignments recently given by someone else, or recently ended, newest first.

    The two kinds are found apart, each in its own short index range, and only then ordered:
    asked for in one go, SQLite would walk all her assignments in date order instead."""
    since = utcnow() - timedelta(days=NOTICE_DAYS)
    mine = CaseAssignment.user_id == user.id
    given = select(CaseAssignment.id).where(
        mine, CaseAssignment.assigned_at >= since, CaseAssignment.assigned_by_id.is_not(None),
        CaseAssignment.assigned_by_id != user.id)
    ended = select(CaseAssignment.id).where(mine, CaseAssignment.ended_at >= since)
    return (
        select(CaseAssignment).where(CaseAssignment.id.in_(union(given, ended)))
        .options(selectinload(CaseAssignment.case), selectinload(CaseAssignment.assigned_by))
        .order_by(CaseAssignment.assigned_at.desc(), CaseAssignment.id)
    )


def assignment_history(case: Case) -> list[CaseAssignment]:
    """Every assignment of the case, oldest first."""
    return sorted(case.assignments, key=lambda a: a.assigned_at)
