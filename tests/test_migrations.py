"""SECURITY.md 31: the migrations make the models' schema, upgrade a database that already
holds encrypted data, and downgrade, on SQLite and on PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, select, text

from casework.accounts.models import User
from casework.accounts.operations import create_organisation, create_user
from casework.accounts.sessions import start_session
from casework.cases.models import Case, Survivor
from casework.cases.operations import register_case
from casework.crypto.models import write_canary
from casework.extensions import db
from casework.reports.models import CaseFact
from tests.conftest import PASSWORD, POSTGRES_URL, _make_app, case_data

FIRST = "0956201ba08d"
NAME = "Migrasi Wulandari"


def test_migrated_schema_matches_the_models(app):
    """Alembic finds nothing to add: every model, column and index has its migration."""
    with app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        assert compare_metadata(context, db.metadata) == []


@pytest.fixture
def blank_app(tmp_path: Path, keyring, worker_id: str) -> Iterator[Flask]:
    """An app on a database that no migration has touched yet."""
    url = _blank_database(tmp_path, worker_id)
    app = _make_app(url, tmp_path, keyring)
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _blank_database(tmp_path: Path, worker_id: str) -> str:
    """A new SQLite file, or a new, empty PostgreSQL database beside the test database."""
    if not POSTGRES_URL:
        return f"sqlite:///{tmp_path / 'blank.db'}"
    base, _, name = POSTGRES_URL.rpartition("/")
    blank = f"{name}_{worker_id}_mig"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{blank}"'))
        conn.execute(text(f'CREATE DATABASE "{blank}"'))
    admin.dispose()
    return f"{base}/{blank}"


def _register(app: Flask) -> tuple[str, uuid.UUID]:
    """A centre, a paralegal and one case with encrypted identity, through the app's code."""
    with app.app_context():
        write_canary(app.extensions["casework_keyring"].primary)
        centre = create_organisation("bale-migrasi", "Bale Migrasi", "community_centre", None, "320405")
        author = create_user("paralegal-migrasi", "paralegal", centre, PASSWORD)
        case = register_case(case_data(name=NAME), centre.id, author)
        db.session.commit()
        return case.reference, case.id


def _tables(app: Flask) -> set[str]:
    """The tables the database holds now."""
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def _logged_in(app: Flask, user_id: uuid.UUID):
    """A client of the app with a full session of the user."""
    client = app.test_client()
    with app.app_context():
        token = start_session(db.session.get(User, user_id), mfa_verified=True)
        db.session.commit()
    client.set_cookie(app.config["AUTH_COOKIE_NAME"], token)
    return client


def test_upgrade_and_downgrade_keep_encrypted_cases(blank_app):
    """Head, a case, down to the first migration, up again: the case still decrypts and shows."""
    with blank_app.app_context():
        upgrade()
    reference, case_id = _register(blank_app)
    with blank_app.app_context():
        downgrade(revision=FIRST)
    assert "referral" not in _tables(blank_app)
    assert "survivor" in _tables(blank_app)
    with blank_app.app_context():
        upgrade()
        survivor = db.session.scalar(select(Survivor).where(Survivor.case_id == case_id))
        assert survivor.name == NAME
        assert db.session.get(Case, case_id).staffed, "the upgrade derives the staffed flag"
        assert db.session.get(CaseFact, case_id) is None
    result = blank_app.test_cli_runner().invoke(args=["reports", "rebuild"])
    assert result.exit_code == 0, result.output
    with blank_app.app_context():
        assert db.session.get(CaseFact, case_id) is not None
        author = db.session.scalar(select(User).where(User.username == "paralegal-migrasi"))
        assert author.password_must_change is False
        author_id = author.id
    page = _logged_in(blank_app, author_id).get(f"/cases/{reference}")
    assert page.status_code == 200
    assert NAME in page.get_data(as_text=True)


def test_downgrade_to_nothing_and_back(blank_app):
    """Every migration's downgrade runs: down to an empty database, then up to head again."""
    with blank_app.app_context():
        upgrade()
        downgrade(revision="base")
    assert _tables(blank_app) <= {"alembic_version"}
    with blank_app.app_context():
        upgrade()
    assert {"case_file", "referral", "plan_goal", "report_case_fact"} <= _tables(blank_app)
    with blank_app.app_context():
        assert db.session.scalar(select(Case).limit(1)) is None
