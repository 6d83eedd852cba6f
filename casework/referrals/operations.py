"""What changes a referral: sending, accepting, declining, services, completing, withdrawing.

Every function flushes and never commits; the request commits, audit entries included.
`open_referral_count(case)` is for the cases domain (closing a case with open referrals).
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm.exc import StaleDataError

from casework.accounts.models import Organisation, User
from casework.audit.operations import record
from casework.cases.categories import CIVIL_DOCUMENTS, SERVICE_OUTCOMES, SERVICES
from casework.cases.models import Case, Consent, ServiceRecord
from casework.cases.operations import lock_case
from casework.cases.rules import (
    child_consent_problem,
    diversion_forbidden,
    mediation_forbidden,
)
from casework.database import utcnow
from casework.extensions import db
from casework.i18n import local_today
from casework.notifications import operations as notifications
from casework.referrals import errors
from casework.referrals.directory import offered_services
from casework.referrals.models import (
    ENDED_STATUSES,
    OPEN_STATUSES,
    SHARED_GROUPS,
    URGENCIES,
    Referral,
    ReferralService,
    ReferralTransition,
)

# Which statuses each status may be reached from (DOMAIN.md, "Statuses").
ALLOWED_FROM = {
    "accepted": ("sent",),
    "declined": ("sent",),
    "completed": ("accepted",),
    "withdrawn": ("sent", "accepted"),
}
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_referral_reference() -> str:
    """A random reference like RJ-7QX2-M9PK, unused so far (it goes on the printed letter)."""
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"RJ-{raw[:4]}-{raw[4:]}"
        if db.session.scalar(select(Referral.id).where(Referral.reference == reference)) is None:
            return reference


def open_referral_count(case: Case) -> int:
    """How many of the case's referrals are still open (sent or accepted)."""
    return db.session.scalar(
        select(func.count(Referral.id)).where(
            Referral.case_id == case.id, Referral.status.in_(OPEN_STATUSES)
        )
    ) or 0


def _check_unit_and_services(case: Case, unit: Organisation, services: list[str]) -> None:
    """The unit must be an active service unit other than the holder, offering the services."""
    if not unit.is_service_unit or not unit.active:
        raise errors.NotAServiceUnit()
    if unit.id == case.organisation_id:
        raise errors.OwnOrganisation()
    if not services or not set(services) <= set(offered_services(unit)):
        raise errors.ServiceNotOffered()
    if "mediation" in services and mediation_forbidden(case):
        raise errors.MediationForbidden()
    if "diversion" in services and diversion_forbidden(case):
        raise errors.DiversionForbidden()


def _check_consent(case: Case, unit: Organisation, consent: dict[str, Any]) -> None:
    """Her consent is recorded, a child's with a guardian, and the NIK goes where she agreed."""
    if not consent.get("given"):
        raise errors.ConsentMissing()
    problem = child_consent_problem(case, consent, assent_needed=True)
    if problem:
        raise errors.ChildConsent(problem)
    groups = consent.get("groups") or []
    if set(groups) - set(SHARED_GROUPS):
        raise errors.ConsentMissing()
    if "nik" in groups and unit.kind != "dukcapil" and not consent.get("nik_agreed"):
        raise errors.NikNotAgreed()


def _check_not_duplicate(case: Case, unit: Organisation) -> None:
    """One open referral per case and unit: a second would split the unit's work."""
    lock_case(case)  # two people referring at once: the second sees the first's referral
    existing = db.session.scalar(
        select(Referral.id).where(
            Referral.case_id == case.id, Referral.to_org_id == unit.id,
            Referral.status.in_(OPEN_STATUSES),
        )
    )
    if existing is not None:
        raise errors.AlreadyReferred()


def _referral_consent(case: Case, consent: dict[str, Any], author: User) -> Consent:
    """The Consent row for this referral: purpose 'referral', scope = the shared groups."""
    groups = [g for g in SHARED_GROUPS if g in (consent.get("groups") or [])]
    row = Consent(
        case_id=case.id, purpose="referral", granted=True,
        given_by=consent.get("given_by") or "survivor", scope=",".join(groups),
        recorded_by_id=author.id,
    )
    row.guardian_note = consent.get("guardian_note") or None
    row.child_assent = consent.get("child_assent") or None
    return row


def make_referral(case: Case, unit: Organisation, services: list[str], urgency: str,
                  reason: str, consent: dict[str, Any], author: User) -> Referral:
    """Refer the case to a unit with the survivor's consent; refused with a typed error."""
    if case.is_closed:
        raise errors.CaseNotOpen()
    _check_unit_and_services(case, unit, services)
    _check_consent(case, unit, consent)
    _check_not_duplicate(case, unit)
    consent_row = _referral_consent(case, consent, author)
    referral = Referral(
        reference=new_referral_reference(), case_id=case.id, from_org_id=case.organisation_id,
        to_org_id=unit.id, consent=consent_row, status="sent",
        urgency=urgency if urgency in URGENCIES else "routine", sent_by_id=author.id,
        sent_at=utcnow(), status_changed_at=utcnow(),
    )
    referral.reason = reason
    consent_row.referral_id = referral.id
    referral.services = [ReferralService(service_type=s) for s in dict.fromkeys(services)]
    referral.transitions.append(_transition_row(None, "sent", author))
    db.session.add_all([consent_row, referral])
    db.session.flush()
    record("refer", object_type="referral", object_id=referral.id, case_ref=case.reference)
    notifications.notify_organisation(unit.id, "new_referral")
    return referral


def _transition_row(from_status: str | None, to_status: str, actor: User | None,
                    reason: str | None = None, cause: str | None = None) -> ReferralTransition:
    """One line of the referral's history."""
    row = ReferralTransition(
        from_status=from_status, to_status=to_status, cause=cause, at=utcnow(),
        actor_id=actor.id if actor else None,
        actor_org_id=actor.organisation_id if actor else None,
    )
    row.reason = reason or None
    return row


def _move(referral: Referral, to_status: str, actor: User, reason: str | None = None,
          cause: str | None = None) -> None:
    """Change the status if allowed from the current one; a concurrent change is refused."""
    if referral.status not in ALLOWED_FROM[to_status]:
        raise errors.WrongStatus(referral.status)
    now = utcnow()
    referral.transitions.append(_transition_row(referral.status, to_status, actor, reason, cause))
    referral.status = to_status
    referral.status_changed_at = now
    if to_status == "accepted":
        referral.accepted_at, referral.accepted_by_id = now, actor.id
    if to_status in ENDED_STATUSES:
        referral.ended_at = now
    try:
        db.session.flush()
    except StaleDataError:
        raise errors.ConcurrentChange() from None


def _audit(action: str, referral: Referral) -> None:
    """One audit entry for a referral step (never a value); the unit's answers are told to
    the sender and the case's staff."""
    record(action, object_type="referral", object_id=referral.id,
           case_ref=referral.case.reference)
    if action in ("accept", "decline", "complete"):
        notifications.referral_answered(referral.sent_by_id, referral.case_id, referral.status)


def accept_referral(referral: Referral, staff: User) -> None:
    """The unit takes responsibility for the referral."""
    _move(referral, "accepted", staff)
    _audit("accept", referral)


def decline_referral(referral: Referral, staff: User, reason: str) -> None:
    """The unit declines the referral, with a reason the sender will read."""
    if not (reason or "").strip():
        raise errors.InvalidInput(_reason_required())
    _move(referral, "declined", staff, reason)
    _audit("decline", referral)


def complete_referral(referral: Referral, staff: User, note: str) -> None:
    """The unit closes its work on the referral with a closing note."""
    if not (note or "").strip():
        raise errors.InvalidInput(_reason_required())
    _move(referral, "completed", staff)
    referral.closing_note = note
    db.session.flush()
    _audit("complete", referral)


def withdraw_referral(referral: Referral, sender: User, reason: str | None) -> None:
    """The sender takes the referral back while it is not completed."""
    _move(referral, "withdrawn", sender, reason)
    _audit("withdraw", referral)


def withdraw_consent(referral: Referral, sender: User, reason: str | None) -> None:
    """Record that the survivor withdrew her consent: the unit's access ends at once."""
    consent = referral.consent
    if consent.withdrawn_at is not None:
        raise errors.ConsentAlreadyWithdrawn()
    consent.withdrawn_at, consent.withdrawn_by_id = utcnow(), sender.id
    if referral.is_open:
        _move(referral, "withdrawn", sender, reason, cause="consent_withdrawn")
    else:
        db.session.flush()
    _audit("consent_withdrawn", referral)


def _reason_required() -> str:
    """The message for an empty reason or note."""
    from flask_babel import gettext as _

    return _("Write a short reason; it cannot be empty.")


def _check_service(referral: Referral, data: dict[str, Any]) -> None:
    """A service record fits the referral: offered, allowed, dated, and documents described."""
    from flask_babel import gettext as _

    service = data.get("service_type")
    allowed = set(offered_services(referral.to_org)) | set(referral.service_types)
    if service not in SERVICES or service not in allowed:
        raise errors.ServiceNotOffered()
    if service == "mediation" and mediation_forbidden(referral.case):
        raise errors.MediationForbidden()
    if service == "diversion" and diversion_forbidden(referral.case):
        raise errors.DiversionForbidden()
    if data.get("outcome") not in SERVICE_OUTCOMES:
        raise errors.InvalidInput(_("Choose the outcome of the service."))
    delivered = data.get("delivered_on")
    if not isinstance(delivered, date) or delivered > local_today() or (
        delivered < referral.sent_at.date()
    ):
        raise errors.InvalidInput(
            _("The date must be between the day of the referral and today."))
    if service == "civil_documents" and data.get("document_type") not in CIVIL_DOCUMENTS:
        raise errors.InvalidInput(_("Choose the document that was requested."))


def record_service(referral: Referral, staff: User, data: dict[str, Any]) -> ServiceRecord:
    """Record a service the unit gave under an accepted referral."""
    if referral.status != "accepted":
        raise errors.WrongStatus(referral.status)
    _check_service(referral, data)
    documents = data["service_type"] == "civil_documents"
    service = ServiceRecord(
        case_id=referral.case_id, referral_id=referral.id, provider_org_id=referral.to_org_id,
        service_type=data["service_type"], delivered_on=data["delivered_on"],
        outcome=data["outcome"], recorded_by_id=staff.id,
        document_type=data.get("document_type") if documents else None,
        document_issued=bool(data.get("document_issued")) if documents else None,
    )
    service.note = data.get("note") or None
    db.session.add(service)
    db.session.flush()
    record("create", object_type="service", object_id=service.id,
           case_ref=referral.case.reference)
    return service


def services_of(referral: Referral) -> list[ServiceRecord]:
    """The services the unit recorded under this referral, in date order."""
    return list(db.session.scalars(
        select(ServiceRecord).where(ServiceRecord.referral_id == referral.id)
        .order_by(ServiceRecord.delivered_on, ServiceRecord.recorded_at)
    ))


def mark_referrals_seen(user: User) -> None:
    """She has seen the units' answers so far: the navigation stops counting them."""
    user.referrals_seen_at = utcnow()
