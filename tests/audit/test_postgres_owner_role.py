"""Issue 16.5: on PostgreSQL, after docs/audit-owner.sql, the application's own role (which made
the tables, as `casework init` does) may only INSERT and SELECT on the access log: UPDATE,
DELETE, TRUNCATE, ALTER TABLE ... DISABLE TRIGGER and DROP all fail, and the app still logs."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from casework.audit.chain import verify_chain
from casework.audit.operations import record
from casework.extensions import db
from tests.conftest import POSTGRES_URL, _make_app

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="PostgreSQL roles")
SCRIPT = Path(__file__).resolve().parents[2] / "docs" / "audit-owner.sql"


@pytest.fixture
def app_role_database(worker_id, tmp_path, keyring):
    """A database the app's own login role owns and migrated, as production has it."""
    base = make_url(POSTGRES_URL)
    name = f"{base.database}_{worker_id}_roles"
    role = f"{base.database}_{worker_id}_app"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f"DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = "
                          f"'{role}') THEN CREATE ROLE \"{role}\" LOGIN; END IF; END $$"))
        conn.execute(text(f'CREATE DATABASE "{name}" OWNER "{role}"'))
    url = base.set(database=name, username=role).render_as_string(hide_password=False)
    app = _make_app(url, tmp_path, keyring)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    yield app, role, base.set(database=name).render_as_string(hide_password=False)
    with app.app_context():
        db.engine.dispose()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _run_script(superuser_url: str, role: str) -> None:
    """The documented step: psql as the superuser with the app's role name."""
    libpq = make_url(superuser_url).set(drivername="postgresql").render_as_string(hide_password=False)
    done = subprocess.run(["psql", "-q", "-v", f"app_role={role}", "-f", str(SCRIPT), libpq],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr


ATTACKS = (
    "UPDATE audit_entry SET action = 'list'",
    "DELETE FROM audit_entry",
    "TRUNCATE audit_entry",
    "ALTER TABLE audit_entry DISABLE TRIGGER ALL",
    "ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_no_change",
    "DROP TRIGGER audit_entry_no_change ON audit_entry",
    "DROP TABLE audit_entry",
)


def test_the_app_role_may_only_insert_and_select(app_role_database):
    """Before the script the app's role disables the triggers; after it, every attack fails."""
    app, role, superuser_url = app_role_database
    with app.app_context():
        with db.engine.connect() as conn:  # the hole the issue found: the owner may do this
            conn.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER ALL"))
            conn.rollback()
    _run_script(superuser_url, role)
    _run_script(superuser_url, role)  # and again, after a later `db upgrade`
    with app.app_context():
        with app.test_request_context("/"):
            record("login", object_type="user")
            db.session.commit()
        assert verify_chain().ok and verify_chain().checked == 1
        for attack in ATTACKS:
            with db.engine.connect() as conn, pytest.raises(DBAPIError):
                conn.execute(text(attack))
        assert verify_chain().checked == 1
