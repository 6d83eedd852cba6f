"""A supervisor's purge destroys a closed case's identity, keeps categories and the log (SECURITY 8)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from casework.attachments.models import Attachment
from casework.audit.models import AuditEntry
from casework.cases.models import Case, Incident, IncidentCategory, Survivor, SurvivorIndex
from casework.crypto.rotation import encrypted_columns
from casework.extensions import db
from tests.retention.conftest import close

POSTGRES = bool(os.environ.get("CASEWORK_TEST_DATABASE_URL"))


def _purge(client, login, user, case, reason="survivor_request", confirm=None):
    login(client, user)
    return client.post(f"/cases/{case.reference}/purge", follow_redirects=True,
                       data={"reason": reason, "confirm": confirm or case.reference.lower()})


def _encrypted_values_of(case_id) -> int:
    """How many encrypted values in any table still belong to the case."""
    from casework.retention.operations import _rows_of_case

    case = db.session.get(Case, case_id)
    total = 0
    for column in encrypted_columns():
        where = _rows_of_case(column.table, case)
        if where is not None:
            col = column.table.c[column.column]
            total += db.session.scalar(select(func.count(col)).where(where)) or 0
    return total


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
        assert not db.session.scalar(select(func.count()).select_from(SurvivorIndex)
                                     .where(SurvivorIndex.case_id == centre["case"].id))
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
