"""What changes a case: registration, edits, notes, closing. Each flushes; the request commits."""

from __future__ import annotations

import secrets
from typing import Any

from sqlalchemy import Select, delete, func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from casework.accommodation.operations import save_needs
from casework.accounts.models import User
from casework.audit.operations import record
from casework.cases.errors import CaseClosed, StaleEdit
from casework.cases.models import (
    INCIDENT_FIELDS,
    SURVIVOR_FIELDS,
    Case,
    CaseAssignment,
    CaseNote,
    Consent,
    Incident,
    IncidentCategory,
    Survivor,
    SurvivorIndex,
)
from casework.cases.staffing import lock_case_rows
from casework.crypto.blind_index import blind_index, survivor_index_values
from casework.crypto.keyring import current_keyring
from casework.database import utcnow
from casework.extensions import db
from casework.perpetrators.records import create_perpetrator, intake_perpetrator

# No 0/O, 1/I/L: a reference read aloud over a bad phone line must not be misheard.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_reference() -> str:
    """A random reference like K7QX-2M9P, unused so far."""
    while True:
        raw = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        reference = f"{raw[:4]}-{raw[4:]}"
        if db.session.scalar(select(Case.id).where(Case.reference == reference)) is None:
            return reference


def _apply(target: Any, fields: tuple[str, ...] | list[str], data: dict[str, Any]) -> None:
    """Copy the named fields from the form data onto a record ('' becomes None)."""
    for name in fields:
        if name in data:
            value = data[name]
            setattr(target, name, None if value == "" else value)


def _set_categories(incident: Incident, data: dict[str, Any]) -> None:
    """Replace the incident's multi-select codes with those in the form data."""
    wanted = [("form", code) for code in data.get("forms") or []]
    wanted += [("tpks", code) for code in data.get("tpks_crimes") or []]
    incident.categories = [IncidentCategory(kind=k, code=c) for k, c in wanted]


def index_survivor(survivor: Survivor) -> None:
    """Rewrite the survivor's blind-index buckets from her current NIK, phones and names."""
    ring = current_keyring()
    db.session.execute(delete(SurvivorIndex).where(SurvivorIndex.survivor_id == survivor.id))
    for field, value in survivor_index_values(survivor):
        db.session.add(SurvivorIndex(
            survivor_id=survivor.id, case_id=survivor.case_id, field=field,
            key_id=ring.index_primary, bucket=blind_index(ring, field, value)))


def register_case(data: dict[str, Any], organisation_id: Any, author: User) -> Case:
    """Create a case with its survivor, incident and intake consents; the author is assigned."""
    case = Case(
        reference=new_reference(),
        organisation_id=organisation_id,
        status="open",
        created_by_id=author.id,
        intake_channel=data.get("intake_channel") or None,
    )
    db.session.add(case)
    db.session.flush()
    survivor = Survivor(case_id=case.id)
    _apply(survivor, SURVIVOR_FIELDS, data)
    incident = Incident(case_id=case.id, district_code=data.get("district_code") or None)
    _apply(incident, INCIDENT_FIELDS, data)
    _set_categories(incident, data)
    db.session.add_all([survivor, incident, CaseAssignment(case_id=case.id, user_id=author.id)])
    record_intake_consents(case, data, author)
    db.session.flush()
    first_perpetrator = intake_perpetrator(data)
    if first_perpetrator:
        create_perpetrator(case, incident, first_perpetrator, author)
    save_needs(case, data)
    index_survivor(survivor)
    record("create", object_type="case", object_id=case.id, case_ref=case.reference)
    return case


def record_intake_consents(case: Case, data: dict[str, Any], author: User) -> None:
    """The consents asked at intake: to record, to be contacted, to be counted."""
    given_by = data.get("consent_given_by") or "survivor"
    for purpose, key in (
        ("record", "consent_record"),
        ("contact", "consent_contact"),
        ("statistics", "consent_statistics"),
    ):
        consent = Consent(
            case_id=case.id,
            purpose=purpose,
            granted=bool(data.get(key)),
            given_by=given_by,
            recorded_by_id=author.id,
        )
        consent.guardian_note = data.get("guardian_note") or None
        db.session.add(consent)


def check_version(case: Case, version: Any) -> None:
    """Refuse an edit made on a copy of the case older than the saved one."""
    if str(version) != str(case.version):
        raise StaleEdit()


def lock_case(case: Case) -> None:
    """Hold the case's row until the transaction ends, so a check made next sees every
    change committed before it and none can slip in between the check and the write."""
    lock_case_rows(db.session.connection(), [case.id])


def flush_case_change() -> None:
    """Flush; a case someone else saved in the same moment turns into a stale-edit refusal
    (check_version catches the earlier saves, the version column the simultaneous ones)."""
    try:
        db.session.flush()
    except StaleDataError as exc:
        raise StaleEdit() from exc


def update_case(case: Case, data: dict[str, Any], version: Any) -> None:
    """Save an edit of the survivor and incident; refused if stale or closed."""
    if case.is_closed:
        raise CaseClosed()
    check_version(case, version)
    case.intake_channel = data.get("intake_channel") or None
    _apply(case.survivor, SURVIVOR_FIELDS, data)
    incident = case.incident
    _apply(incident, INCIDENT_FIELDS, data)
    _set_categories(incident, data)
    save_needs(case, data)
    case.updated_at = utcnow()
    flush_case_change()  # before index_survivor's statements would flush it unguarded
    index_survivor(case.survivor)
    db.session.flush()
    record("update", object_type="case", object_id=case.id, case_ref=case.reference)


def case_notes(case: Case) -> Select:
    """The case's notes, newest first."""
    return (select(CaseNote).where(CaseNote.case_id == case.id)
            .options(selectinload(CaseNote.author))
            .order_by(CaseNote.created_at.desc(), CaseNote.id))


def count_notes(case: Case) -> int:
    """How many notes the case has."""
    return db.session.scalar(select(func.count()).where(CaseNote.case_id == case.id)) or 0


def add_note(case: Case, body: str, author: User) -> CaseNote:
    """Add a note to an open case."""
    if case.is_closed:
        raise CaseClosed()
    note = CaseNote(case_id=case.id, author_id=author.id)
    note.body = body
    db.session.add(note)
    db.session.flush()
    record("create", object_type="note", object_id=note.id, case_ref=case.reference)
    return note
