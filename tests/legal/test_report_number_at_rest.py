"""SECURITY.md 1, 3 and 4 for the legal steps: the report number and the other free text are
nowhere in the database files, a dump or the access log, and each is bound to its row."""

from __future__ import annotations

from sqlalchemy import select, text

from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.legal.models import LegalStep
from tests.conftest import POSTGRES_URL
from tests.crypto.test_data_at_rest import _database_files
from tests.crypto.test_pg_dump import _dump
from tests.legal.conftest import days

CANARIES = {
    "report_number": "LP/B/Kanari-Zyx-9071/XI/2026",
    "police_unit": "Unit PPA Kanari Qwzx",
    "accompanied_by": "Pendamping Kanari Zzyzx",
}


def _canary_steps(centre, add_step) -> None:
    """A police report and a verdict and an order carrying canaries in every text field."""
    add_step(centre.case, centre.paralegal, "police_report", days(-9), **CANARIES)
    add_step(centre.case, centre.paralegal, "verdict", days(-2), sentence="Hukuman Kanari Qqx")
    add_step(centre.case, centre.paralegal, "protection_order_granted", days(-1),
             ordered_by="court", starts_on=days(-1), ends_on=days(9),
             restrictions="Larangan Kanari Xxq")


def test_canaries_absent_from_the_database(app, centre, add_step):
    """The raw SQLite files (or a pg_dump) hold none of the steps' text."""
    _canary_steps(centre, add_step)
    if POSTGRES_URL:
        raw = _dump(app.config["SQLALCHEMY_DATABASE_URI"])
        assert centre.case.reference.encode() in raw, "the dump should hold the case"
    else:
        raw = b"".join(p.read_bytes() for p in _database_files(app))
    for value in (*CANARIES.values(), "Hukuman Kanari", "Larangan Kanari"):
        assert value.encode() not in raw
        assert value.encode().hex().encode() not in raw
    assert b"Kanari" not in raw


def test_canaries_absent_from_audit_entries(app, centre, add_step):
    """The access log records the steps without any of their text."""
    _canary_steps(centre, add_step)
    with app.app_context():
        rows = db.session.scalars(
            select(AuditEntry).where(AuditEntry.object_type == "legal_step")).all()
        assert len(rows) == 3
        dump = " ".join(repr(r.canonical()) for r in rows)
    assert "Kanari" not in dump


def test_report_number_moved_to_another_row_fails(app, client, login, centre, add_step):
    """A report number's ciphertext copied onto another step's row does not decrypt there."""
    add_step(centre.case, centre.paralegal, "police_report", days(-9),
             report_number="LP/Pertama-Rahasia")
    add_step(centre.case, centre.paralegal, "police_report", days(-8), report_number="LP/Kedua")
    with app.app_context():
        first, second = db.session.scalars(select(LegalStep).order_by(LegalStep.step_on)).all()
        db.session.execute(text("UPDATE legal_step SET report_number_enc = :v WHERE id = :i"),
                           {"v": first.report_number_enc,
                            "i": second.id if POSTGRES_URL else second.id.hex})
        db.session.commit()
    login(client, centre.paralegal)
    response = client.get(f"/cases/{centre.case.reference}")
    assert response.status_code == 500
    assert b"LP/Pertama-Rahasia" not in response.data

