"""Who may see and change which case; every view loads its case through load_case."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal, NoReturn

from flask import abort, g, redirect, request, url_for
from sqlalchemy import Row, Select, bindparam, exists, select, union_all
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, organisation_scope
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import Case, CaseAssignment, Incident
from casework.database import in_slices
from casework.extensions import db

# "manage": a supervisor's action on the case's handling (assigning, approving a closure) that
# shows no survivor data, so it needs no break-glass reason.
Need = Literal["view", "edit", "manage"]
# SQLite allows 500 terms in one UNION; a few dozen per statement keeps each plan small.
ORGS_PER_STATEMENT = 50


def may_access_case(user: User, case: Case, need: Need) -> bool:
    """The case rule: case workers their assigned cases, supervisors their organisations'."""
    if user.works_cases:
        return case.organisation_id == user.organisation_id and case.is_assigned(user)
    if user.role == "supervisor":
        return case.organisation_id in organisation_scope(user)
    return False


def find_case(reference: str) -> Case | None:
    """The case with this reference, its survivor and incidents loaded together."""
    if not reference or len(reference) > 16:
        return None
    return db.session.scalar(
        select(Case)
        .where(Case.reference == reference.upper())
        .options(
            selectinload(Case.survivor),
            selectinload(Case.incidents).selectinload(Incident.categories),
            selectinload(Case.assignments),
        )
    )


def _deny(case: Case | None) -> NoReturn:
    """Answer 404 and record the denial (the same whether the case exists or not)."""
    record(
        "denied",
        object_type="case",
        object_id=case.id if case else None,
        case_ref=case.reference if case else None,
        outcome="denied",
    )
    abort(404)


def needs_reason(user: User, case: Case) -> bool:
    """A supervisor opening a case she is not assigned to must state why (break-glass)."""
    return user.role == "supervisor" and not case.is_assigned(user)


def load_case(reference: str, need: Need = "view") -> Case:
    """The case if the current user may have it for this need; otherwise a logged 404."""
    from casework.cases.break_glass import FLAG, active_grant

    user = current_staff()
    case = find_case(reference)
    if case is None or not may_access_case(user, case, need):
        _deny(case)
    if need != "manage" and needs_reason(user, case):
        if active_grant(user, case) is None:
            target = url_for("cases.break_glass", reference=case.reference, next=request.path)
            abort(redirect(target))
        g.audit_flags = FLAG  # the view's audit entry is flagged as a break-glass opening
    return case


def record_case_view(case: Case) -> None:
    """One `view` entry for a page that shows the case (its reference, at least)."""
    record("view", object_type="case", object_id=case.id, case_ref=case.reference)


def load_case_for_reason(reference: str) -> Case:
    """A case a supervisor may open once she gives a reason; otherwise a logged 404."""
    user = current_staff()
    case = find_case(reference)
    if case is None or not may_access_case(user, case, "view") or not needs_reason(user, case):
        _deny(case)
    return case


def newest_visible_cases(user: User, status: str | None, wanted: int) -> list[Row]:
    """Up to `wanted` of the newest visible cases as (id, at), optionally of one status.

    A supervisor's organisations are read one by one, each walking its own (organisation,
    created_at) index: one ORDER BY over `organisation_id IN (...)` would sort every case of
    all of them. The merged statement is built once per shape and reused with new values."""
    if user.role != "supervisor":
        query = visible_cases(user).with_only_columns(Case.id.label("id"),
                                                      Case.created_at.label("at"))
        if status:
            query = query.where(Case.status == status)
        return db.session.execute(query.order_by(Case.created_at.desc()).limit(wanted)).all()
    orgs = sorted(organisation_scope(user))
    rows: list[Row] = []
    for chunk in in_slices(orgs, ORGS_PER_STATEMENT):
        values = {f"org_{i}": org for i, org in enumerate(chunk)}
        statement = _newest_in_organisations(len(chunk), bool(status))
        rows += db.session.execute(statement, {**values, "status": status, "wanted": wanted})
    return rows


@lru_cache(maxsize=64)
def _newest_in_organisations(count: int, by_status: bool) -> Select:
    """The newest (id, at) of each of `count` organisations (bound as org_0 ...), merged."""
    parts = []
    for i in range(count):
        part = select(Case.id.label("id"), Case.created_at.label("at")).where(
            Case.organisation_id == bindparam(f"org_{i}"))
        if by_status:
            part = part.where(Case.status == bindparam("status"))
        parts.append(part.order_by(Case.created_at.desc()).limit(bindparam("wanted")).subquery())
    merged = union_all(*(part.select() for part in parts)).subquery()
    return select(merged.c.id, merged.c.at).order_by(merged.c.at.desc()).limit(bindparam("wanted"))


def load_listed_cases(ids: list) -> list[Case]:
    """The cases of a page of ids, in that order, with what a list shows of them."""
    found = db.session.scalars(select(Case).where(Case.id.in_(ids)).options(
        selectinload(Case.survivor),
        selectinload(Case.incidents).selectinload(Incident.categories))).all()
    by_id = {case.id: case for case in found}
    return [by_id[case_id] for case_id in ids if case_id in by_id]


def visible_cases(user: User) -> Select:
    """The cases this user may list: assigned ones, or the organisations overseen."""
    query = select(Case)
    if user.works_cases:
        assigned = exists().where(
            CaseAssignment.case_id == Case.id,
            CaseAssignment.user_id == user.id,
            CaseAssignment.ended_at.is_(None),
        )
        return query.where(Case.organisation_id == user.organisation_id, assigned)
    if user.role == "supervisor":
        return query.where(Case.organisation_id.in_(organisation_scope(user)))
    return query.where(False)
