"""What changes a transfer: proposing, accepting (the case changes hands), declining,
withdrawing. Every function flushes and never commits; the request commits, audit included.

Each of propose_transfer, accept_transfer and decline_transfer returns the transfer once it is
saved: the one place where a notification of that step belongs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from casework.accounts.models import Organisation, User
from casework.accounts.roles import CASE_HOLDING_KINDS, CASEWORKER_ROLES
from casework.audit.operations import record
from casework.cases.closure import pending_request
from casework.cases.models import Case, CaseAssignment, Consent
from casework.cases.operations import lock_case
from casework.cases.rules import child_consent_problem
from casework.database import utcnow
from casework.extensions import db
from casework.notifications.operations import notify_organisation
from casework.referrals.errors import ReferralError
from casework.referrals.models import OPEN_STATUSES, URGENCIES, Referral, ReferralIntake
from casework.referrals.operations import withdraw_referral
from casework.transfers import errors
from casework.transfers.models import OPEN_STATUS, TRANSFER_REASONS, CaseTransfer


def receiving_organisations(case: Case) -> list[Organisation]:
    """Active organisations that hold cases, other than the case's own, by name."""
    return list(db.session.scalars(
        select(Organisation).where(Organisation.kind.in_(CASE_HOLDING_KINDS),
                                   Organisation.active.is_(True),
                                   Organisation.id != case.organisation_id)
        .order_by(Organisation.name, Organisation.code)))


def case_workers_of(organisation: Organisation) -> list[User]:
    """The active staff of an organisation who work cases (accounts.roles.works_cases)."""
    if not organisation.holds_cases:
        return []
    return list(db.session.scalars(
        select(User).where(User.organisation_id == organisation.id, User.active.is_(True),
                           User.role.in_(CASEWORKER_ROLES))
        .order_by(User.display_name, User.username)))


def open_transfer(case: Case) -> CaseTransfer | None:
    """The case's transfer proposal waiting for an answer, if any."""
    return db.session.scalar(select(CaseTransfer).where(
        CaseTransfer.case_id == case.id, CaseTransfer.status == OPEN_STATUS))


def _check_consent(case: Case, consent: dict[str, Any]) -> None:
    """Her consent is recorded; a child's with her guardian, or a supervisor's reason."""
    if not consent.get("given"):
        raise errors.ConsentMissing()
    problem = child_consent_problem(case, consent)
    if problem:
        raise errors.ChildConsent(problem)


def _check_receiver(case: Case, receiver: Organisation | None) -> Organisation:
    """The receiver holds cases, is active, and is not the case's own organisation."""
    if receiver is None or not receiver.active or not receiver.holds_cases:
        raise errors.NotCaseHolding()
    if receiver.id == case.organisation_id:
        raise errors.OwnOrganisation()
    return receiver


def propose_transfer(case: Case, receiver: Organisation | None, reason: str, urgency: str,
                     note: str | None, consent: dict[str, Any], author: User) -> CaseTransfer:
    """Propose handing the case to another organisation, under her recorded consent."""
    if case.is_closed:
        raise errors.CaseNotOpen()
    receiver = _check_receiver(case, receiver)
    _check_consent(case, consent)
    lock_case(case)  # two proposals at once: the second sees the first
    if open_transfer(case) is not None:
        raise errors.AlreadyProposed()
    consent_row = Consent(case_id=case.id, purpose="transfer", granted=True,
                          given_by=consent.get("given_by") or "survivor", scope="",
                          recorded_by_id=author.id)
    consent_row.guardian_note = consent.get("guardian_note") or None
    transfer = CaseTransfer(
        case_id=case.id, from_org_id=case.organisation_id, to_org_id=receiver.id,
        consent=consent_row, status=OPEN_STATUS, proposed_by_id=author.id, proposed_at=utcnow(),
        reason=reason if reason in TRANSFER_REASONS else "other",
        urgency=urgency if urgency in URGENCIES else "routine",
    )
    transfer.note = (note or "").strip() or None
    db.session.add_all([consent_row, transfer])
    db.session.flush()
    record("propose_transfer", object_type="transfer", object_id=transfer.id,
           case_ref=case.reference)
    notify_organisation(receiver.id, "transfer_proposed")
    return transfer


def _decide(transfer: CaseTransfer, to_status: str, actor: User) -> None:
    """Move an open transfer to its answer; one answered meanwhile is refused."""
    if not transfer.is_open:
        raise errors.NotOpen(transfer.status)
    transfer.status, transfer.decided_by_id, transfer.decided_at = to_status, actor.id, utcnow()


def _flush() -> None:
    """Flush; a transfer or case someone saved in the same moment becomes a clear refusal."""
    try:
        db.session.flush()
    except StaleDataError:
        raise errors.ConcurrentChange() from None


def _hand_over_referrals(case: Case, receiver: Organisation, actor: User) -> None:
    """The case's referrals go with it: open ones stay open, now followed up by the receiver,
    and ended ones move too, so the sender keeps no list line of the case (its reference, the
    services asked for) beyond the transfer itself. One still open to the receiver itself is
    withdrawn: the receiver now holds the whole case."""
    for referral in db.session.scalars(select(Referral).where(Referral.case_id == case.id)):
        if referral.status in OPEN_STATUSES and referral.to_org_id == receiver.id:
            try:
                withdraw_referral(referral, actor, None)
            except ReferralError:
                # The referral changed meanwhile (answered, withdrawn): nothing is half-saved,
                # the view rolls back and says so.
                raise errors.ConcurrentChange() from None
        referral.from_org_id = receiver.id


def _receiver_holds_her_case(case: Case, receiver: Organisation) -> bool:
    """Whether the receiver already opened its own case from one of this case's referrals."""
    return db.session.scalar(
        select(ReferralIntake.id).join(Referral, Referral.id == ReferralIntake.referral_id)
        .where(Referral.case_id == case.id, ReferralIntake.organisation_id == receiver.id)
        .limit(1)) is not None


def accept_transfer(transfer: CaseTransfer, actor: User, assignee: User | None,
                    workers: list[User] | None = None) -> CaseTransfer:
    """The receiver takes the case: it changes hands, the sender's assignments end, and the
    chosen case worker of the receiver is assigned. workers is case_workers_of(the receiver)
    when the caller has it already (the acceptance form's choices)."""
    case = transfer.case
    if not transfer.is_open:
        raise errors.NotOpen(transfer.status)  # said first: the rest no longer matters
    lock_case(case)
    if workers is None:
        workers = case_workers_of(transfer.to_org)
    if assignee is None or assignee.id not in {u.id for u in workers}:
        raise errors.NotAssignable()
    if case.is_closed:
        raise errors.CaseNotOpen()
    if _receiver_holds_her_case(case, transfer.to_org):
        raise errors.ReceiverHoldsHerCase()
    # Read everything first: a read after the first change would flush it unguarded, and a
    # concurrent acceptance must surface in _flush as a clear refusal.
    waiting = pending_request(case)
    active = [a for a in case.assignments if a.ended_at is None]
    _decide(transfer, "accepted", actor)
    transfer.assigned_to_id = assignee.id
    now = utcnow()
    for assignment in active:
        assignment.ended_at, assignment.ended_by_id = now, actor.id
    if waiting is not None:
        # The sender's request to close is not the receiver's to approve: it decides afresh.
        waiting.status, waiting.decided_by_id, waiting.decided_at = "superseded", actor.id, now
    case.organisation_id = transfer.to_org_id
    case.updated_at = now
    db.session.add(CaseAssignment(case_id=case.id, user_id=assignee.id, assigned_by_id=actor.id,
                                  assigned_at=now))
    _flush()
    _hand_over_referrals(case, transfer.to_org, actor)
    _flush()
    db.session.expire(case, ["assignments"])
    record("accept_transfer", object_type="transfer", object_id=transfer.id,
           case_ref=case.reference)
    return transfer


def decline_transfer(transfer: CaseTransfer, actor: User, reason: str) -> CaseTransfer:
    """The receiver declines, with a reason the sender reads; the case stays where it is."""
    if not (reason or "").strip():
        raise errors.ReasonRequired()
    _decide(transfer, "declined", actor)
    transfer.decline_reason = reason.strip()
    _flush()
    # No case reference: the receiver's supervisors read this entry, and the reference
    # becomes theirs only by accepting.
    record("decline_transfer", object_type="transfer", object_id=transfer.id)
    return transfer


def withdraw_transfer(case: Case, actor: User) -> CaseTransfer:
    """The sender takes back the case's proposal not yet answered."""
    # Row-locked, as accepting locks it first too: an answer given meanwhile is seen (the
    # proposal is no longer open), never overwritten.
    transfer = db.session.scalar(
        select(CaseTransfer).where(CaseTransfer.case_id == case.id,
                                   CaseTransfer.status == OPEN_STATUS)
        .with_for_update().execution_options(populate_existing=True))
    if transfer is None:
        raise errors.NothingToWithdraw()
    _decide(transfer, "withdrawn", actor)
    _flush()
    record("withdraw_transfer", object_type="transfer", object_id=transfer.id,
           case_ref=transfer.case.reference)
    return transfer
