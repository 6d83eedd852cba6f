"""The migration moves each incident's perpetrator columns into a perpetrator row, sealing the
name and details again bound to the new row; its downgrade moves them back."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import Uuid, column, select, table

from casework.accounts.operations import create_organisation, create_user
from casework.cases.operations import register_case
from casework.crypto.fields import decrypt_value
from casework.crypto.keyring import current_keyring
from casework.crypto.models import write_canary
from casework.extensions import db
from casework.perpetrators.models import Perpetrator
from tests.conftest import PASSWORD, _make_app, case_data
from tests.test_migrations import _blank_database

BEFORE = "e5b7c2a9d140"  # the head before the perpetrators' migration


@pytest.fixture
def blank_app(tmp_path: Path, keyring, worker_id: str) -> Iterator[Flask]:
    """An app on a database that no migration has touched yet."""
    app = _make_app(_blank_database(tmp_path, worker_id), tmp_path, keyring)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


# The incident's columns as they were before the migration (the model no longer has them).
OLD_INCIDENT = table("incident", column("id", Uuid()), column("perpetrator_relationship"),
                     column("perpetrator_is_child"), column("perpetrator_name_enc"))


def test_incident_columns_become_a_perpetrator_row_and_back(blank_app):
    """Down: the name sits in the incident, bound to it. Up: a perpetrator row, bound to it."""
    with blank_app.app_context():
        upgrade()
    with blank_app.app_context():
        write_canary(current_keyring().primary)
        centre = create_organisation("bale-pelaku", "Bale Pelaku", "community_centre", None,
                                     "320405")
        author = create_user("paralegal-pelaku", "paralegal", centre, PASSWORD)
        case = register_case(case_data(perpetrator_name="Bambang", perpetrator_is_child=True,
                                       perpetrator_details="Kakak ipar."), centre.id, author)
        db.session.commit()
        case_id = case.id
    with blank_app.app_context():
        downgrade(revision=BEFORE)
    with blank_app.app_context():
        row = db.session.execute(select(OLD_INCIDENT)).one()
        assert (row.perpetrator_relationship, bool(row.perpetrator_is_child)) == ("spouse", True)
        assert decrypt_value(current_keyring(), "incident", "perpetrator_name", row.id,
                             bytes(row.perpetrator_name_enc)) == b"Bambang"
    with blank_app.app_context():
        upgrade()
    with blank_app.app_context():
        (moved,) = db.session.scalars(select(Perpetrator)).all()
        assert (moved.case_id, moved.relationship, moved.is_child) == (case_id, "spouse", True)
        assert (moved.name, moved.details) == ("Bambang", "Kakak ipar.")
