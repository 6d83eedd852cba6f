"""A supervisor's purge destroys a closed case's identity, keeps categories and the log (SECURITY 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import Uuid, bindparam, func, select, text

from casework.attachments.models import Attachment
from casework.audit.models import AuditEntry
from casework.cases.models import Case, Incident, IncidentCategory, Survivor
from casework.extensions import db
from tests.retention.conftest import close

POSTGRES = bool(os.environ.get("CASEWORK_TEST_DATABASE_URL"))


def _purge(client, login, user, case, reason="survivor_request", confirm=None):
    login(client, user)
    return client.post(f"/cases/{case.reference}/purge", follow_redirects=True,
                       data={"reason": reason, "confirm": confirm or case.reference.lower()})


def _owner_sql(table, column: str) -> str | None:
    """SQL counting a column's values that belong to the case (:case), or None if none can."""
    if table.name == Case.__tablename__:
        return f'SELECT count("{column}") FROM "{table.name}" WHERE id = :case'
    if "case_id" in table.c:
        return f'SELECT count("{column}") FROM "{table.name}" WHERE case_id = :case'
    for fk in table.foreign_keys:  # one step away: an assessment's needs, a referral's history
        parent = fk.column.table
        if "case_id" in parent.c:
            return (f'SELECT count(t."{column}") FROM "{table.name}" t JOIN "{parent.name}" p '
                    f'ON t."{fk.parent.name}" = p.id WHERE p.case_id = :case')
    return None


def _values_of(case_id) -> dict[str, int]:
    """Stored encrypted values and blind-index entries of the case, per `table.column`,
    found from the schema itself: every `*_enc` column of every table that holds case data."""
    found = {}
    for table in db.metadata.sorted_tables:
        for column in (c.name for c in table.columns if c.name.endswith("_enc")):
            sql = _owner_sql(table, column)
            if sql is not None:
                query = text(sql).bindparams(bindparam("case", type_=Uuid))
                found[f"{table.name}.{column}"] = db.session.scalar(query, {"case": case_id})
    query = text("SELECT count(*) FROM survivor_index WHERE case_id = :case")
    found["survivor_index"] = db.session.scalar(query.bindparams(bindparam("case", type_=Uuid)),
                                                {"case": case_id})
    return {name: n for name, n in found.items() if n}


FILLED = {
    "survivor.name_enc", "survivor.nik_enc", "incident.narrative_enc", "case_note.body_enc",
    "attachment.filename_enc", "break_glass_grant.reason_enc", "referral.reason_enc",
    "referral.closing_note_enc", "referral_transition.reason_enc",
    "plan_assessment.summary_enc", "plan_assessment_need.note_enc",
    "plan_safety_plan.safe_places_enc", "plan_safety_review.note_enc", "plan_goal.description_enc",
    "plan_action.description_enc", "plan_followup.note_enc", "service_record.note_enc",
    "case_closure.note_enc", "case_closure_request.note_enc",
    "case_closure_request.decision_note_enc", "case_reopening.reason_enc",
    "case_file.closing_note_enc", "survivor_index",
}


def _encrypted_values_of(case_id) -> int:
    """How many encrypted values and index entries still belong to the case."""
    return sum(_values_of(case_id).values())


def test_purge_leaves_no_value_of_the_case_in_any_table(app, client, login, everything):
    """Table by table: nothing of the purged case remains; the other case keeps all of its."""
    case, other = everything["case"], everything["other"]
    with app.app_context():
        before = _values_of(case.id)
        other_before = _values_of(other.id)
    assert FILLED <= set(before), FILLED - set(before)
    assert FILLED - {"case_closure.note_enc", "case_closure_request.note_enc",
                     "case_closure_request.decision_note_enc", "case_reopening.reason_enc",
                     "case_file.closing_note_enc", "attachment.filename_enc"} <= set(other_before)
    page = _purge(client, login, everything["supervisor"], case)
    assert b"The case was purged" in page.data
    with app.app_context():
        assert _values_of(case.id) == {}
        assert _values_of(other.id) == other_before


def test_purge_destroys_identity_keeps_categories(app, client, login, centre):
    """Values, index entries and files gone; sex, age band and forms of violence stay."""
    close(app, centre["case"])
    with app.app_context():
        assert _encrypted_values_of(centre["case"].id) > 5
        other_before = _encrypted_values_of(centre["other"].id)
    page = _purge(client, login, centre["supervisor"], centre["case"])
    assert b"The case was purged" in page.data
    assert b"Purnama Sari" not in page.data
    with app.app_context():
        assert _encrypted_values_of(centre["case"].id) == 0
        assert _encrypted_values_of(centre["other"].id) == other_before
        assert not db.session.scalar(select(func.count()).select_from(Attachment))
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == centre["case"].id))
        assert (survivor.sex, survivor.age_band, survivor.name) == ("female", "25-44", None)
        incident = db.session.scalar(select(Incident).where(Incident.case_id == centre["case"].id))
        assert incident.gbv_type == "physical_assault"
        assert db.session.scalar(select(IncidentCategory.code)
                                 .where(IncidentCategory.incident_id == incident.id)) == "physical"
    assert list(Path(app.config["ATTACHMENTS_PATH"]).iterdir()) == []


def test_log_keeps_only_the_reference(app, client, login, centre):
    """The purge is logged with the case's id and reference; earlier entries stay."""
    close(app, centre["case"])
    _purge(client, login, centre["supervisor"], centre["case"])
    with app.app_context():
        entry = db.session.scalars(select(AuditEntry).where(AuditEntry.action == "purge")).one()
        assert (entry.case_ref, entry.object_id) == (centre["case"].reference, centre["case"].id)
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.case_ref == centre["case"].reference)) > 2


def test_purged_case_is_no_longer_found(app, client, login, centre):
    """Neither its NIK nor its name finds it; the other case still is found."""
    close(app, centre["case"])
    _purge(client, login, centre["supervisor"], centre["case"])
    by_nik = client.post("/search", data={"q": "3204054507900077"}).data
    assert centre["case"].reference.encode() not in by_nik
    by_name = client.post("/search", data={"q": "purnama"}).data
    assert centre["other"].reference.encode() in by_name
    assert centre["case"].reference.encode() not in by_name


@pytest.mark.skipif(POSTGRES, reason="inspects the SQLite file")
def test_ciphertext_is_gone_from_the_database_file(app, client, login, centre):
    """secure_delete and a checkpoint: the old ciphertext is in neither the file nor the WAL."""
    close(app, centre["case"])
    with app.app_context():
        blob = db.session.scalar(select(Survivor.name_enc).where(
            Survivor.case_id == centre["case"].id))
        path = Path(db.engine.url.database)
    _purge(client, login, centre["supervisor"], centre["case"])
    for suffix in ("", "-wal"):
        file = Path(f"{path}{suffix}")
        if file.exists():
            assert blob not in file.read_bytes()


def test_open_case_is_not_purged(app, client, login, centre):
    """Only a closed case can be purged."""
    page = _purge(client, login, centre["supervisor"], centre["case"])
    assert b"Only a closed case can be purged" in page.data
    with app.app_context():
        assert _encrypted_values_of(centre["case"].id) > 5


def test_wrong_confirmation_and_missing_reason(app, client, login, centre):
    """The reference must be typed again and a reason chosen; otherwise nothing happens."""
    close(app, centre["case"])
    page = _purge(client, login, centre["supervisor"], centre["case"], confirm="XXXX-XXXX")
    assert page.status_code == 422 and b"This is not the reference" in page.data
    page = _purge(client, login, centre["supervisor"], centre["case"], reason="")
    assert page.status_code == 422 and b"Choose a reason." in page.data
    with app.app_context():
        assert _encrypted_values_of(centre["case"].id) > 5


def test_paralegal_cannot_purge(app, client, login, centre):
    """Purging is a supervisor's act."""
    close(app, centre["case"])
    login(client, centre["paralegal"])
    response = client.post(f"/cases/{centre['case'].reference}/purge",
                           data={"reason": "survivor_request", "confirm": centre["case"].reference})
    assert response.status_code in (403, 404)
    with app.app_context():
        assert _encrypted_values_of(centre["case"].id) > 5
