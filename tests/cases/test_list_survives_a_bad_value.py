"""One tampered name costs its own row of the case list, not the list: the other cases still
show, the bad one shows no initials, and the failure is in the access log."""

from __future__ import annotations

from sqlalchemy import select, text

from casework.audit.models import AuditEntry
from casework.cases.models import Survivor
from casework.extensions import db
from tests.conftest import POSTGRES_URL


def _flip_a_bit_of_the_name(app, case) -> None:
    """Damage the stored name of one survivor, as a raw edit of the database would."""
    with app.app_context():
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case.id))
        blob = bytearray(survivor.name_enc)
        blob[-1] ^= 0x01
        row_id = survivor.id if POSTGRES_URL else survivor.id.hex
        db.session.execute(text("UPDATE survivor SET name_enc = :v WHERE id = :i"),
                           {"v": bytes(blob), "i": row_id})
        db.session.commit()


def test_list_shows_the_other_cases(app, client, login, make_user, make_case):
    """A 200 with both references, the readable initials, and one decrypt_failed entry."""
    paralegal = make_user("paralegal")
    damaged = make_case(paralegal, name="Rusak Sekali")
    intact = make_case(paralegal, name="Utuh Selamat")
    _flip_a_bit_of_the_name(app, damaged)
    response = login(client, paralegal).get("/cases/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert damaged.reference in page and intact.reference in page
    assert "U.S." in page and "R.S." not in page
    with app.app_context():
        failures = db.session.scalars(select(AuditEntry.case_ref).where(
            AuditEntry.action == "decrypt_failed")).all()
    assert failures == [damaged.reference]


def test_search_results_show_the_other_cases(app, client, login, make_user, make_case):
    """A phone search finding a case whose name was damaged answers 200 with both cases, no
    initials for the damaged one, and the failure in the access log."""
    paralegal = make_user("paralegal")
    damaged = make_case(paralegal, name="Rusak Sekali", phone="+6281299990000")
    intact = make_case(paralegal, name="Utuh Selamat", phone="+6281299990000")
    _flip_a_bit_of_the_name(app, damaged)
    response = login(client, paralegal).post("/search", data={"q": "081299990000"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert damaged.reference in page and intact.reference in page
    assert "U.S." in page and "R.S." not in page
    with app.app_context():
        failures = db.session.scalars(select(AuditEntry.case_ref).where(
            AuditEntry.action == "decrypt_failed")).all()
    assert failures == [damaged.reference]
