"""A referral taken into case management: the receiving unit opens its own case from it.

Only the field groups she agreed to share with the unit are copied, written afresh through the
models so that every value is encrypted under the new case's own rows (a blob copied from the
referring case's row would not decrypt there). Decided: the plain categories follow their group
too (sex, age band and the other demographics with "identity", forms of violence and the
incident's codes with "incident"): in a village, an age band and a district can point to one
woman, so what she did not agree to share stays behind; the unit records what it learns itself.
Attachments ("documents") are not copied: files stay with the sender and the unit reads them
through the referral while it holds it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from casework.accommodation.operations import copy_needs
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.models import (
    Case,
    CaseAssignment,
    CaseNote,
    Incident,
    IncidentCategory,
    Survivor,
)
from casework.cases.operations import index_survivor, new_reference, record_intake_consents
from casework.cases.rules import child_consent_problem
from casework.extensions import db
from casework.perpetrators.records import copy_perpetrators
from casework.referrals import errors
from casework.referrals.access import is_recipient
from casework.referrals.models import Referral, ReferralIntake

# Which survivor fields each shared group carries (every survivor field is in exactly one).
SURVIVOR_GROUPS = {
    "identity": ("name", "alias", "date_of_birth", "sex", "age_band", "education", "occupation",
                 "marital_status", "province_code", "regency_code", "district_code",
                 "village_code"),
    "contact": ("phone", "address"),
    "safe_contact": ("safe_phone", "safe_time", "may_leave_message", "code_word"),
    "nik": ("nik",),
    # Disability is health data: it goes with her accommodation needs, never with identity.
    "accommodation": ("disability",),
}
# The incident's perpetrators go with it (casework.perpetrators.records.copy_perpetrators).
INCIDENT_COPIED = ("incident_date", "gbv_type", "place", "district_code", "narrative")


def may_take_in(user: User, referral: Referral) -> bool:
    """The receiving unit's own staff who read the referral (referrals.access.is_recipient), or
    its supervisor, at a unit that holds cases."""
    unit_staff = is_recipient(user, referral) or (
        user.role == "supervisor" and referral.to_org_id == user.organisation_id)
    return unit_staff and referral.to_org.holds_cases


def intake_of(referral: Referral) -> ReferralIntake | None:
    """The take-in of this referral, if the unit made its case from it."""
    return db.session.scalar(select(ReferralIntake).where(
        ReferralIntake.referral_id == referral.id))


def intakes_of(referrals: list[Referral]) -> dict[Any, ReferralIntake]:
    """The take-ins of these referrals by referral id, with their units, in one query (the
    case panel's list)."""
    ids = [r.id for r in referrals]
    if not ids:
        return {}
    return {i.referral_id: i for i in db.session.scalars(
        select(ReferralIntake).where(ReferralIntake.referral_id.in_(ids))
        .options(selectinload(ReferralIntake.organisation)))}


def intake_for_case(case: Case) -> ReferralIntake | None:
    """The take-in a unit's case was made from, if it came in that way."""
    return db.session.scalar(select(ReferralIntake).where(ReferralIntake.case_id == case.id))


def _check(referral: Referral, consent: dict[str, Any]) -> None:
    """Accepted, her referral consent standing, not taken in before, her consent to record."""
    if referral.status != "accepted" or not referral.consent_active:
        raise errors.NotTakeable()
    if intake_of(referral) is not None:
        raise errors.AlreadyTakenIn()
    if not consent.get("record"):
        raise errors.RecordConsentMissing()
    # Whatever groups were shared: a child does not consent alone to a case of her own, even
    # when the unit was not told her age (the refusal names the rule, not her age).
    problem = child_consent_problem(referral.case, consent)
    if problem:
        raise errors.ChildConsent(problem)


def _copy_survivor(source: Survivor | None, case: Case, groups: list[str]) -> Survivor:
    """Her survivor record with the shared groups' fields only, encrypted for the new row."""
    survivor = Survivor(case_id=case.id)
    for group in groups:
        for name in SURVIVOR_GROUPS.get(group, ()):
            setattr(survivor, name, getattr(source, name) if source else None)
    return survivor


def _copy_incidents(source: Case, case: Case, groups: list[str]
                    ) -> list[tuple[Incident | None, Incident]]:
    """Her incidents (each beside its original) with their codes when "incident" is shared,
    else one empty incident (every case has one, the case pages and edits expect it)."""
    if "incident" not in groups or not source.incidents:
        return [(None, Incident(case_id=case.id))]
    copies = []
    for old in source.incidents:
        new = Incident(case_id=case.id)
        for name in INCIDENT_COPIED:
            setattr(new, name, getattr(old, name))
        new.categories = [IncidentCategory(kind=c.kind, code=c.code) for c in old.categories]
        copies.append((old, new))
    return copies


def _copy_notes(source: Case, case: Case, groups: list[str]) -> list[CaseNote]:
    """The case notes when "notes" is shared, dated as written (authors are the sender's
    staff, who are not named in the unit's case)."""
    if "notes" not in groups:
        return []
    copies = []
    for old in source.notes:
        note = CaseNote(case_id=case.id, created_at=old.created_at)
        note.body = old.body
        copies.append(note)
    return copies


def take_in(referral: Referral, author: User, consent: dict[str, Any]) -> Case:
    """Open the unit's own case from an accepted referral: held by the unit, registered by and
    assigned to the author, linked to the referral; refused with a typed error."""
    _check(referral, consent)
    groups = referral.shared_groups
    source = referral.case
    case = Case(reference=new_reference(), organisation_id=referral.to_org_id, status="open",
                created_by_id=author.id, intake_channel="referral")
    db.session.add(case)
    db.session.flush()
    survivor = _copy_survivor(source.survivor, case, groups)
    incidents = _copy_incidents(source, case, groups)
    db.session.add_all([survivor, *(new for _old, new in incidents),
                        *_copy_notes(source, case, groups),
                        CaseAssignment(case_id=case.id, user_id=author.id)])
    record_intake_consents(case, {f"consent_{purpose}": consent.get(purpose)
                                  for purpose in ("record", "contact", "statistics")}
                           | {"consent_given_by": consent.get("given_by"),
                              "guardian_note": consent.get("guardian_note")}, author)
    db.session.add(ReferralIntake(referral_id=referral.id, case_id=case.id,
                                  organisation_id=referral.to_org_id, taken_by_id=author.id))
    try:
        db.session.flush()
    except IntegrityError:
        # Sent twice at the same moment: the unique referral_id keeps one; the view rolls back.
        raise errors.AlreadyTakenIn() from None
    for old, new in incidents:
        if old is not None:
            copy_perpetrators(old, new, case, author)
    if "accommodation" in groups:
        copy_needs(source, case)
    index_survivor(survivor)
    db.session.flush()
    record("create", object_type="case", object_id=case.id, case_ref=case.reference)
    record("take_in", object_type="referral", object_id=referral.id,
           case_ref=source.reference)
    return case
