"""Who may see and change which case; every view loads its case through load_case."""

from __future__ import annotations

from typing import Literal, NoReturn

from flask import abort, g, redirect, request, url_for
from sqlalchemy import Select, exists, select
from sqlalchemy.orm import selectinload

from casework.accounts.access import current_staff, organisation_scope
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import Case, CaseAssignment, Incident
from casework.extensions import db

# "manage": a supervisor's action on the case's handling (assigning, approving a closure) that
# shows no survivor data, so it needs no break-glass reason.
Need = Literal["view", "edit", "manage"]


def may_access_case(user: User, case: Case, need: Need) -> bool:
    """The case rule: paralegals their assigned cases, supervisors their organisations'."""
    if user.role == "paralegal":
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


def visible_case_branches(user: User, *conditions) -> list[Select]:
    """visible_cases as selects of (id, at=created_at), one per organisation a supervisor
    oversees, for pagination.paginate_newest."""
    columns = (Case.id.label("id"), Case.created_at.label("at"))
    if user.role != "supervisor":
        return [visible_cases(user).with_only_columns(*columns).where(*conditions)]
    return [select(*columns).where(Case.organisation_id == org, *conditions)
            for org in sorted(organisation_scope(user))]


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
    if user.role == "paralegal":
        assigned = exists().where(
            CaseAssignment.case_id == Case.id,
            CaseAssignment.user_id == user.id,
            CaseAssignment.ended_at.is_(None),
        )
        return query.where(Case.organisation_id == user.organisation_id, assigned)
    if user.role == "supervisor":
        return query.where(Case.organisation_id.in_(organisation_scope(user)))
    return query.where(False)
