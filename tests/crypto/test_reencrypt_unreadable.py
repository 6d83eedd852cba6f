"""Issue 16, item 8: `keys reencrypt` that meets a value no key opens notes its place (table,
column, row id; never a value), goes on, and names every such value at the end with a
non-zero exit; everything else is re-encrypted."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select, update

from casework.attachments.models import Attachment
from casework.audit.models import AuditEntry
from casework.cases.models import Incident, Survivor
from casework.crypto import rotation
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes
from tests.conftest import SURVIVOR_VALUES


def _flip_last_byte(app, model, column: str, row_id) -> None:
    """Tamper with one stored value by raw SQL."""
    with app.app_context():
        blob = db.session.scalar(select(model.__table__.c[column]).where(model.id == row_id))
        db.session.execute(update(model.__table__).where(model.__table__.c.id == row_id)
                           .values({column: blob[:-1] + bytes([blob[-1] ^ 1])}))
        db.session.commit()


def _row_id(app, model, case_id):
    with app.app_context():
        return db.session.scalar(select(model.id).where(model.case_id == case_id))


def test_goes_on_past_unreadable_values_and_names_them(app, runner, ring, make_user,
                                                       make_case):
    user = make_user("paralegal")
    cases = [make_case(user, nik=f"32040545079000{n:02d}") for n in range(3)]
    runner.invoke(args=["keys", "rotate"])
    bad_name = _row_id(app, Survivor, cases[0].id)
    bad_story = _row_id(app, Incident, cases[2].id)
    _flip_last_byte(app, Survivor, "name_enc", bad_name)
    _flip_last_byte(app, Incident, "narrative_enc", bad_story)
    result = runner.invoke(args=["keys", "reencrypt", "--batch-size", "1"])
    assert result.exit_code != 0
    assert f"survivor.name row {bad_name}" in result.output
    assert f"incident.narrative row {bad_story}" in result.output
    assert "2 stored value(s) could not be opened" in result.output
    assert not [v for v in SURVIVOR_VALUES if v in result.output]
    with app.app_context():
        usage = rotation.column_usage(ring)
        old = next(k for k in ring.data_keys if k != ring.primary)
        assert usage["survivor.name_enc"].get(old) == 1
        assert usage["incident.narrative_enc"].get(old) == 1
        assert usage["survivor.nik_enc"] == {ring.primary: 3}  # the rest went on
        failed = set(db.session.scalars(select(AuditEntry.object_id).where(
            AuditEntry.action == "decrypt_failed")))
        assert failed == {bad_name, bad_story}
        outcome = db.session.scalar(select(AuditEntry.outcome).where(
            AuditEntry.action == "keys_reencrypt"))
        assert outcome == "error"


def test_a_missing_attachment_file_is_named_too(app, runner, ring, client, login, make_user,
                                               make_case):
    user = make_user("paralegal")
    case = make_case(user)
    login(client, user)
    for name in ("a.pdf", "b.pdf"):
        client.post(f"/cases/{case.reference}/attachments",
                    data={"file": (io.BytesIO(pdf_bytes()), name)},
                    content_type="multipart/form-data")
    runner.invoke(args=["keys", "rotate"])
    with app.app_context():
        lost_id, lost_name = db.session.execute(
            select(Attachment.id, Attachment.storage_name).order_by(Attachment.id)).first()
    (Path(app.config["ATTACHMENTS_PATH"]) / lost_name).unlink()
    result = runner.invoke(args=["keys", "reencrypt"])
    assert result.exit_code != 0 and f"attachment.content row {lost_id}" in result.output
    with app.app_context():
        keys = dict(db.session.execute(select(Attachment.id, Attachment.key_id)).all())
    assert keys.pop(lost_id) != ring.primary and set(keys.values()) == {ring.primary}


def test_index_rebuild_goes_on_past_an_unreadable_survivor(app, runner, ring, make_user,
                                                           make_case):
    user = make_user("paralegal")
    cases = [make_case(user, nik=f"32040545079000{n:02d}") for n in range(2)]
    runner.invoke(args=["keys", "rotate", "--no-data", "--index"])
    bad = _row_id(app, Survivor, cases[0].id)
    _flip_last_byte(app, Survivor, "nik_enc", bad)
    result = runner.invoke(args=["keys", "reencrypt"])
    assert result.exit_code != 0 and f"survivor.nik row {bad}" in result.output
    with app.app_context():
        assert rotation.index_key_usage().get(ring.index_primary)  # the other one was redone


def test_a_clean_run_still_says_done(runner, ring, make_user, make_case):
    make_case(make_user("paralegal"))
    runner.invoke(args=["keys", "rotate"])
    result = runner.invoke(args=["keys", "reencrypt"])
    assert result.exit_code == 0 and "Done" in result.output
