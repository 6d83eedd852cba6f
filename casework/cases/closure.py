"""Closing a case (with a supervisor's approval where the risk calls for it) and reopening it."""

from __future__ import annotations

import uuid
from importlib import import_module
from typing import Any

from sqlalchemy import Select, select

from casework.accounts.access import organisation_scope
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.errors import (
    CaseClosed,
    ClosurePending,
    NotClosed,
    RequestDecided,
)
from casework.cases.models import Case, CaseClosure, CaseReopening, ClosureRequest
from casework.cases.operations import check_version, flush_case_change
from casework.database import utcnow
from casework.extensions import db
from casework.notifications import operations as notifications


def open_referral_count(case: Case) -> int:
    """Referrals of the case still under way (0 while the referrals domain has no operations)."""
    try:
        module = import_module("casework.referrals.operations")
    except ModuleNotFoundError as exc:
        if exc.name != "casework.referrals.operations":
            raise
        return 0
    counter = getattr(module, "open_referral_count", None)
    return counter(case) if counter else 0


def approval_grounds(case: Case) -> list[str]:
    """Why closing this case needs a supervisor: high risk, open referrals, or nothing."""
    grounds = []
    if case.risk_level == "high":
        grounds.append("high_risk")
    if open_referral_count(case) > 0:
        grounds.append("open_referrals")
    return grounds


def pending_request(case: Case) -> ClosureRequest | None:
    """The closure request of this case waiting for a supervisor, if any."""
    return db.session.scalar(
        select(ClosureRequest).where(
            ClosureRequest.case_id == case.id, ClosureRequest.status == "pending"
        )
    )


def close_case(case: Case, reason: str, note: str, version: Any, user: User) -> ClosureRequest | None:
    """Close the case, or, when approval is needed and she is no supervisor, ask for it."""
    if case.is_closed:
        raise CaseClosed()
    check_version(case, version)
    grounds = approval_grounds(case)
    if grounds and user.role != "supervisor":
        return _request_closure(case, reason, note, grounds, user)
    _close(case, reason, note, closed_by=user, approved_by=user if grounds else None)
    return None


def _request_closure(case: Case, reason: str, note: str, grounds: list[str],
                     user: User) -> ClosureRequest:
    """Record a paralegal's request to close; the case stays open until a supervisor decides."""
    if pending_request(case) is not None:
        raise ClosurePending()
    request = ClosureRequest(
        case_id=case.id, reason=reason, grounds=" ".join(grounds), requested_by_id=user.id
    )
    request.note = note
    db.session.add(request)
    db.session.flush()
    record("request_close", object_type="closure_request", object_id=request.id,
           case_ref=case.reference)
    notifications.closure_requested(case.organisation_id)
    return request


def _close(case: Case, reason: str, note: str, closed_by: User,
           approved_by: User | None) -> None:
    """Set the case closed and keep the closing in its history."""
    closure = CaseClosure(case_id=case.id, reason=reason, closed_by_id=closed_by.id,
                          approved_by_id=approved_by.id if approved_by else None)
    closure.note = note
    db.session.add(closure)
    _supersede_pending(case, closed_by)
    case.status = "closed"
    case.close_reason = reason
    case.closing_note = note
    case.closed_at = utcnow()
    flush_case_change()
    record("close", object_type="case", object_id=case.id, case_ref=case.reference)


def _supersede_pending(case: Case, closer: User) -> None:
    """A request still waiting when the case closes another way is answered by that closing."""
    waiting = pending_request(case)
    if waiting is not None:
        waiting.status, waiting.decided_by_id, waiting.decided_at = "superseded", closer.id, utcnow()


def decide_closure(request: ClosureRequest, approve: bool, note: str, supervisor: User) -> None:
    """A supervisor approves (the case closes) or refuses (it stays open) a closure request."""
    if request.status != "pending":
        raise RequestDecided()
    case = request.case
    if approve and case.is_closed:
        raise CaseClosed()
    request.status = "approved" if approve else "refused"
    request.decided_by_id = supervisor.id
    request.decided_at = utcnow()
    request.decision_note = note or None
    db.session.flush()
    record("approve_close" if approve else "refuse_close", object_type="closure_request",
           object_id=request.id, case_ref=case.reference)
    if approve:
        requester = db.session.get(User, request.requested_by_id) or supervisor
        _close(case, request.reason, request.note or "", closed_by=requester,
               approved_by=supervisor)


def reopen_case(case: Case, reason: str, version: Any, user: User) -> CaseReopening:
    """Open a closed case again; its earlier closing stays in the history."""
    if case.status != "closed":
        raise NotClosed()
    check_version(case, version)
    reopening = CaseReopening(case_id=case.id, reopened_by_id=user.id)
    reopening.reason = reason
    db.session.add(reopening)
    case.status = "reopened"
    case.close_reason = None
    case.closing_note = None
    case.closed_at = None
    flush_case_change()
    record("reopen", object_type="case", object_id=case.id, case_ref=case.reference)
    return reopening


def closure_history(case: Case) -> list[CaseClosure]:
    """Every closing of the case, oldest first."""
    return list(db.session.scalars(
        select(CaseClosure).where(CaseClosure.case_id == case.id).order_by(CaseClosure.closed_at)
    ))


def reopenings(case: Case) -> list[CaseReopening]:
    """Every reopening of the case, oldest first."""
    return list(db.session.scalars(
        select(CaseReopening).where(CaseReopening.case_id == case.id)
        .order_by(CaseReopening.reopened_at)
    ))


def closure_requests(case: Case) -> list[ClosureRequest]:
    """Every closure request of the case, newest first."""
    return list(db.session.scalars(
        select(ClosureRequest).where(ClosureRequest.case_id == case.id)
        .order_by(ClosureRequest.requested_at.desc())
    ))


def pending_requests(supervisor: User) -> Select:
    """Closure requests waiting for this supervisor (cases of her organisations), oldest first."""
    return (
        select(ClosureRequest).join(Case, Case.id == ClosureRequest.case_id)
        .where(ClosureRequest.status == "pending",
               Case.organisation_id.in_(organisation_scope(supervisor)))
        .order_by(ClosureRequest.requested_at, ClosureRequest.id)
    )


def request_of(case: Case, request_id: str) -> ClosureRequest | None:
    """The closure request of this case with this id (None for a malformed or foreign id)."""
    try:
        wanted = uuid.UUID(str(request_id))
    except ValueError:
        return None
    return db.session.scalar(
        select(ClosureRequest).where(ClosureRequest.id == wanted, ClosureRequest.case_id == case.id)
    )
