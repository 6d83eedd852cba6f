"""Keeping report_case_fact in step with the cases, from the ORM's flushes or all at once."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from itertools import chain

from sqlalchemy import Connection, delete, event, insert, select
from sqlalchemy.orm import Session

from casework.cases.models import (
    Case,
    Consent,
    Incident,
    IncidentCategory,
    ServiceRecord,
    Survivor,
)
from casework.cases.staffing import lock_case_rows
from casework.database import in_slices
from casework.extensions import db
from casework.perpetrators.models import Perpetrator
from casework.reports.models import CaseFact, ServiceFact

SURVIVOR_COLUMNS = ("sex", "age_band", "disability", "education", "occupation",
                    "marital_status", "province_code", "regency_code", "district_code")
INCIDENT_COLUMNS = ("gbv_type", "place")
SERVICE_CASE_COLUMNS = ("organisation_id", "province_code", "regency_code", "district_code")


def _case_rows(conn: Connection, ids: list[uuid.UUID]) -> dict[uuid.UUID, dict]:
    """Each case's own and its survivor's plain columns."""
    columns = [getattr(Survivor, name) for name in SURVIVOR_COLUMNS]
    query = (
        select(Case.id, Case.organisation_id, Case.created_at, Case.status,
               Case.intake_channel, *columns)
        .outerjoin(Survivor, Survivor.case_id == Case.id)
        .where(Case.id.in_(ids), Case.status != "duplicate")
    )
    rows = {}
    for row in conn.execute(query):
        values = dict(row._mapping)
        case_id = values.pop("id")
        rows[case_id] = {"case_id": case_id, **values, "forms": ",", "tpks_crimes": ",",
                         "statistics_consent": False, "perpetrator_relationship": None,
                         **dict.fromkeys(INCIDENT_COLUMNS)}
    return rows


def _add_first_incident(conn: Connection, rows: dict[uuid.UUID, dict]) -> None:
    """The intake incident's single-choice categories."""
    columns = [getattr(Incident, name) for name in INCIDENT_COLUMNS]
    query = (
        select(Incident.case_id, *columns).where(Incident.case_id.in_(list(rows)))
        .order_by(Incident.created_at.desc(), Incident.id.desc())
    )
    for row in conn.execute(query):  # newest first, so the oldest is written last
        rows[row.case_id].update({name: getattr(row, name) for name in INCIDENT_COLUMNS})


def _add_first_perpetrator(conn: Connection, rows: dict[uuid.UUID, dict]) -> None:
    """The relationship of the case's first recorded perpetrator (the primary one)."""
    query = (
        select(Perpetrator.case_id, Perpetrator.relationship)
        .where(Perpetrator.case_id.in_(list(rows)))
        .order_by(Perpetrator.created_at.desc(), Perpetrator.id.desc())
    )
    for case_id, relationship in conn.execute(query):  # newest first: the first is written last
        rows[case_id]["perpetrator_relationship"] = relationship


def _add_codes(conn: Connection, rows: dict[uuid.UUID, dict]) -> None:
    """Every incident's multi-select codes, as ',a,b,' strings."""
    query = (
        select(Incident.case_id, IncidentCategory.kind, IncidentCategory.code)
        .join(Incident, Incident.id == IncidentCategory.incident_id)
        .where(Incident.case_id.in_(list(rows)))
    )
    field = {"form": "forms", "tpks": "tpks_crimes"}
    found: dict[tuple[uuid.UUID, str], set[str]] = {}
    for case_id, kind, code in conn.execute(query):
        if kind in field:
            found.setdefault((case_id, field[kind]), set()).add(code)
    for (case_id, name), codes in found.items():
        rows[case_id][name] = "," + "".join(f"{code}," for code in sorted(codes))


def _add_consent(conn: Connection, rows: dict[uuid.UUID, dict]) -> None:
    """Whether the survivor's consent to be counted in statistics stands."""
    query = select(Consent.case_id).where(
        Consent.case_id.in_(list(rows)), Consent.purpose == "statistics",
        Consent.granted.is_(True), Consent.withdrawn_at.is_(None),
    )
    for (case_id,) in conn.execute(query):
        rows[case_id]["statistics_consent"] = True


def _write_services(conn: Connection, rows: dict[uuid.UUID, dict]) -> None:
    """The services of these cases, each with its case's organisation and region."""
    query = select(ServiceRecord.id, ServiceRecord.case_id, ServiceRecord.delivered_on,
                   ServiceRecord.service_type, ServiceRecord.outcome
                   ).where(ServiceRecord.case_id.in_(list(rows)))
    services = [
        {"service_id": service_id, "case_id": case_id, "delivered_on": delivered_on,
         "service_type": service_type, "outcome": outcome,
         **{name: rows[case_id][name] for name in SERVICE_CASE_COLUMNS}}
        for service_id, case_id, delivered_on, service_type, outcome in conn.execute(query)
    ]
    if services:
        conn.execute(insert(ServiceFact), services)


def refresh_facts(conn: Connection, case_ids: Iterable[uuid.UUID]) -> None:
    """Rewrite the statistics rows of these cases (and their services) from the case tables."""
    for ids in in_slices(sorted(set(case_ids))):
        lock_case_rows(conn, ids)
        conn.execute(delete(CaseFact).where(CaseFact.case_id.in_(ids)))
        conn.execute(delete(ServiceFact).where(ServiceFact.case_id.in_(ids)))
        rows = _case_rows(conn, ids)
        if not rows:
            continue
        _add_first_incident(conn, rows)
        _add_first_perpetrator(conn, rows)
        _add_codes(conn, rows)
        _add_consent(conn, rows)
        conn.execute(insert(CaseFact), list(rows.values()))
        _write_services(conn, rows)


def rebuild_all() -> int:
    """Rewrite every case's statistics row (after a bulk import or a restore); how many."""
    conn = db.session.connection()
    conn.execute(delete(CaseFact))
    conn.execute(delete(ServiceFact))
    case_ids = list(conn.execute(select(Case.id)).scalars())
    refresh_facts(conn, case_ids)
    return len(case_ids)


def _touched_case_ids(session: Session) -> set[uuid.UUID]:
    """The cases whose statistics a flush may have changed."""
    found: set[uuid.UUID] = set()
    incident_ids: set[uuid.UUID] = set()
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Case):
            found.add(obj.id)
        elif isinstance(obj, Survivor | Incident | Consent | ServiceRecord | Perpetrator):
            found.add(obj.case_id)
        elif isinstance(obj, IncidentCategory):
            incident_ids.add(obj.incident_id)
    if incident_ids - {None}:
        query = select(Incident.case_id).where(Incident.id.in_(incident_ids - {None}))
        found |= set(session.connection().execute(query).scalars())
    return found - {None}


def keep_facts_in_step(session: Session, _context: object) -> None:
    """After each flush, rewrite the rows of the cases it touched, in the same transaction."""
    touched = _touched_case_ids(session)
    if touched:
        refresh_facts(session.connection(), touched)


event.listen(Session, "after_flush", keep_facts_in_step)
