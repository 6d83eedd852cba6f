"""What must hold in the database after any storm: the chain, and every change with its entry."""

from __future__ import annotations

from collections import Counter

from flask import Flask
from sqlalchemy import func, select

from casework.audit.chain import verify_chain
from casework.audit.models import AuditEntry
from casework.cases.models import Case, CaseAssignment, CaseNote, Consent, Incident, Survivor
from casework.extensions import db


def chain_problem(app: Flask) -> str:
    """Empty when the access log verifies from the first entry with no gap; else what broke."""
    with app.app_context():
        report = verify_chain()
        seqs = list(db.session.scalars(select(AuditEntry.seq).order_by(AuditEntry.seq)))
        db.session.rollback()
    if not report.ok:
        return report.problem
    if seqs != list(range(1, len(seqs) + 1)):
        return "the sequence has gaps"
    return "" if report.checked == len(seqs) else "not every entry was checked"


def _count_by(column, *where) -> Counter:
    """Rows per value of a column."""
    rows = db.session.execute(select(column, func.count()).where(*where).group_by(column))
    return Counter(dict(rows.all()))


def half_written_cases(app: Flask) -> list[str]:
    """References of cases lacking any part a registration writes, or its audit entry."""
    with app.app_context():
        cases = db.session.execute(select(Case.id, Case.reference)).all()
        survivors = _count_by(Survivor.case_id)
        incidents = _count_by(Incident.case_id)
        consents = _count_by(Consent.case_id, Consent.referral_id.is_(None))
        assigned = _count_by(CaseAssignment.case_id)
        created = _count_by(AuditEntry.object_id, AuditEntry.action == "create",
                            AuditEntry.object_type == "case")
        db.session.rollback()
    return [ref for case_id, ref in cases
            if not (survivors[case_id] == 1 and incidents[case_id] >= 1 and consents[case_id] >= 3
                    and assigned[case_id] >= 1 and created[case_id] == 1)]


def unaudited_changes(app: Flask) -> list[str]:
    """Saved changes with no audit entry: edits beyond the logged updates, notes without one."""
    problems = []
    with app.app_context():
        updates = _count_by(AuditEntry.object_id, AuditEntry.action == "update",
                            AuditEntry.object_type == "case")
        for case_id, reference, version in db.session.execute(
                select(Case.id, Case.reference, Case.version)):
            if version - 1 != updates[case_id]:
                problems.append(f"case {reference}: version {version}, {updates[case_id]} updates logged")
        logged_notes = set(db.session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "create", AuditEntry.object_type == "note")))
        for note_id in db.session.scalars(select(CaseNote.id)):
            if note_id not in logged_notes:
                problems.append(f"note {note_id} has no audit entry")
        db.session.rollback()
    return problems


def referrals_per_case(app: Flask) -> dict[str, int]:
    """Open referrals per case reference, each with its `refer` entry (else counted twice)."""
    from casework.referrals.models import Referral

    with app.app_context():
        rows = db.session.execute(select(Case.reference, Referral.id).join(
            Referral, Referral.case_id == Case.id)).all()
        logged = set(db.session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "refer")))
        db.session.rollback()
    counts: Counter = Counter()
    for reference, referral_id in rows:
        counts[reference] += 1 if referral_id in logged else 2
    return dict(counts)
