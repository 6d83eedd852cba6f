"""The canary test of the new identifying fields: a guardian's name and contact, who was at a
child's interview and its note, the text of an "other" accommodation. None is stored or
logged in the clear, and each is bound to its row: copied to another row, it fails."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text

from casework.accommodation.models import SurvivorNeed
from casework.accommodation.operations import save_needs
from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.cases.models import Case
from casework.children.models import ChildInterview, Guardian
from casework.children.operations import add_interview, save_guardian
from casework.crypto.errors import DecryptionError
from casework.extensions import db
from casework.i18n import local_today

CANARIES = {
    ("guardian", "name_enc"): "Kanari Wali Zqxw",
    ("guardian", "contact_enc"): "+6281399117755",
    ("child_interview", "present_enc"): "Kanari Hadir Zqxw",
    ("child_interview", "note_enc"): "Kanari Catatan Zqxw",
    ("survivor_need", "detail_enc"): "Kanari Akomodasi Zqxw",
}
MODELS = {"guardian": Guardian, "child_interview": ChildInterview, "survivor_need": SurvivorNeed}


def _record(app, case_id, author_id, suffix: str = "") -> None:
    """Every new encrypted field of one child's case, through the operations."""
    with app.test_request_context("/"):
        case, author = db.session.get(Case, case_id), db.session.get(User, author_id)
        save_guardian(case, {"name": CANARIES[("guardian", "name_enc")] + suffix,
                             "relationship": "mother", "perpetrator_link": "none",
                             "safe_to_contact": True,
                             "contact": CANARIES[("guardian", "contact_enc")]}, author)
        add_interview(case, {"interviewed_on": local_today(), "adaptations": ["drawing_play"],
                             "present": CANARIES[("child_interview", "present_enc")],
                             "note": CANARIES[("child_interview", "note_enc")]}, author)
        save_needs(case, {"disability_types": ["visual"], "accommodations": ["other"],
                          "accommodation_other": CANARIES[("survivor_need", "detail_enc")]})
        db.session.commit()


@pytest.fixture
def recorded(app, kids):
    """The girl's case with every new encrypted field filled in."""
    _record(app, kids.child.id, kids.paralegal.id)
    return kids


def test_values_are_not_stored_or_logged_in_the_clear(app, recorded):
    with app.app_context():
        for (table, column), value in CANARIES.items():
            blobs = db.session.execute(text(
                f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")).scalars().all()
            assert blobs, (table, column)
            assert all(value.encode() not in bytes(b) for b in blobs), (table, column)
        log = " ".join(repr(e.canonical()) for e in db.session.scalars(select(AuditEntry)))
    assert all(value not in log for value in CANARIES.values())


@pytest.mark.parametrize(("table", "column"), list(CANARIES))
def test_a_value_copied_to_another_row_fails(app, recorded, make_case, table, column):
    other = make_case(recorded.paralegal, age_band="6-12", consent_given_by="guardian",
                      guardian_note="Nenek")
    _record(app, other.id, recorded.paralegal.id, suffix=" kedua")
    model = MODELS[table]
    with app.app_context():
        rows = {row.case_id: row for row in db.session.scalars(select(model))
                if getattr(row, column.removesuffix("_enc")) is not None}
        source, target = rows[recorded.child.id], rows[other.id]
        blob = db.session.execute(text(f"SELECT {column} FROM {table} WHERE id = :i"),
                                  {"i": _id(source.id)}).scalar_one()
        db.session.execute(text(f"UPDATE {table} SET {column} = :v WHERE id = :i"),
                           {"v": blob, "i": _id(target.id)})
        db.session.commit()
        db.session.expire_all()
        with pytest.raises(DecryptionError):
            getattr(db.session.get(model, target.id), column.removesuffix("_enc"))


def _id(value):
    """A UUID as the database's driver expects it in raw SQL."""
    return value.hex if db.engine.dialect.name == "sqlite" else value
