"""Fixtures: the app (SQLite, or PostgreSQL when CASEWORK_TEST_DATABASE_URL is set), a client,
a CLI runner, factories for organisations, users and cases, and logging in."""

from __future__ import annotations

import logging
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_migrate import upgrade
from sqlalchemy import create_engine, delete, select, text

from casework import create_app
from casework.accounts.models import Organisation, User
from casework.accounts.operations import create_organisation, create_user
from casework.accounts.sessions import start_session
from casework.cases.models import Case
from casework.cases.operations import register_case
from casework.crypto.keyring import Keyring, install_keyring
from casework.crypto.models import KeyCanary, write_canary
from casework.extensions import db

PASSWORD = "tujuh ekor kucing belang"
# SECURITY.md 2: the identifying values of the survivors nearly every test registers
# (case_data below); no log line of the whole run and no access-log entry may hold them.
SURVIVOR_VALUES = ("Siti Aminah", "3204054507900001", "+6281234567890", "081234567890",
                   "Kejadian di rumah.")
POSTGRES_URL = os.environ.get("CASEWORK_TEST_DATABASE_URL", "")
SECRET = "test-secret-key-that-is-long-enough-0123456789"


def _worker_postgres_url(worker: str) -> str:
    """A database of this xdist worker's own on the test server, created once."""
    base, _, name = POSTGRES_URL.rpartition("/")
    worker_name = f"{name}_{worker}"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname=:n"), {"n": worker_name})
        if exists.first() is None:
            conn.execute(text(f'CREATE DATABASE "{worker_name}"'))
    admin.dispose()
    return f"{base}/{worker_name}"


class _LogRecorder(logging.Handler):
    """Keeps every message the app and its server log during the run."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        """Keep the formatted message (and the traceback, if any)."""
        self.messages.append(record.getMessage() + (str(record.exc_info) if record.exc_info
                                                    else ""))


@pytest.fixture(scope="session", autouse=True)
def log_names_no_survivor() -> Iterator[None]:
    """SECURITY.md 2: after the whole run, no message anything logged names a survivor."""
    recorder = _LogRecorder()
    watched = [logging.getLogger(name) for name in ("casework", "werkzeug", "flask_wtf",
                                                    "sqlalchemy", "alembic", "gunicorn")]
    for logger in watched:
        logger.addHandler(recorder)
    logging.getLogger("casework").setLevel(logging.DEBUG)
    yield
    for logger in watched:
        logger.removeHandler(recorder)
    leaks = [m for m in recorder.messages if any(value in m for value in SURVIVOR_VALUES)]
    assert not leaks, f"log messages naming a survivor: {leaks[:3]}"


def _audit_names_no_survivor(app: Flask) -> None:
    """SECURITY.md 2: the test's access log holds no survivor's value, in any column."""
    from casework.audit.models import AuditEntry

    with app.app_context():
        rows = repr(db.session.execute(select(AuditEntry.__table__)).all())
    assert not [value for value in SURVIVOR_VALUES if value in rows]


@pytest.fixture(scope="session")
def keyring() -> Keyring:
    """One keyring for the test session."""
    return Keyring.generate()


@pytest.fixture(scope="session")
def database_template(tmp_path_factory, worker_id: str, keyring: Keyring) -> str:
    """An empty schema made by the migrations (as `casework init` makes it): a SQLite file to
    copy, or a PostgreSQL URL. Every test thus runs on the schema operators get."""
    if POSTGRES_URL:
        url = _worker_postgres_url(worker_id)
        _drop_everything(url)
        app = _make_app(url, tmp_path_factory.mktemp("pg"), keyring)
        with app.app_context():
            upgrade()
            db.engine.dispose()
        return url
    folder = tmp_path_factory.mktemp("template")
    path = folder / "template.db"
    app = _make_app(f"sqlite:///{path}", folder, keyring)
    with app.app_context():
        upgrade()
        db.engine.dispose()
    return str(path)


def _drop_everything(url: str) -> None:
    """Empty a reused PostgreSQL test database before an app (and its canary check) meets it."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _make_app(url: str, folder: Path, keyring: Keyring, **extra: Any) -> Flask:
    """An app on the given database, with the session keyring written to a file."""
    keys = folder / "keys.json"
    if not keys.exists():
        keyring.save(keys)
    config = {
        "TESTING": True,
        "SECRET_KEY": SECRET,
        "SQLALCHEMY_DATABASE_URI": url,
        "KEYS_FILE": str(keys),
        "WTF_CSRF_ENABLED": False,
        "PASSWORD_HASH_MEMORY_KIB": 1024,
        "PASSWORD_HASH_TIME_COST": 1,
        "ATTACHMENTS_PATH": str(folder / "attachments"),
        "CASEWORK_ENV": "test",
        # Most tests log paralegals in with the password alone; tests/accounts/
        # test_mfa_for_every_role.py turns the default (every role) back on.
        "MFA_FOR_CASE_ROLES": False,
    }
    config.update(extra)
    return create_app(config)


def _empty_postgres() -> None:
    """Remove every row between tests, the append-only log included (its triggers and the
    foreign keys sleep in replica mode). DELETE, not TRUNCATE: a test leaves a handful of rows,
    and TRUNCATE makes new files for all fifty tables, ten times slower (171 ms against 17)."""
    db.session.execute(text("SET session_replication_role = replica"))
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(text(f'DELETE FROM "{table.name}"'))
    db.session.execute(text("SET session_replication_role = DEFAULT"))
    db.session.commit()


@pytest.fixture
def app_config() -> dict[str, Any]:
    """Extra settings a test module may override."""
    return {}


@pytest.fixture
def app(database_template: str, tmp_path: Path, keyring: Keyring, app_config) -> Iterator[Flask]:
    """The app on a fresh, empty database with the keyring's canary written."""
    if POSTGRES_URL:
        url = database_template
    else:
        path = tmp_path / "casework.db"
        shutil.copy(database_template, path)
        url = f"sqlite:///{path}"
    app = _make_app(url, tmp_path, keyring, **app_config)
    with app.app_context():
        if POSTGRES_URL:
            _empty_postgres()
        write_canary(keyring.primary)
        db.session.commit()
    yield app
    _audit_names_no_survivor(app)
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def ring(app: Flask, keyring: Keyring) -> Iterator[Keyring]:
    """A keyring of this test's own (rotation changes it), in the app's keys file; the
    session's keyring and its canary are put back after, for the tests that follow."""
    own = Keyring.from_json(keyring.to_json())
    own.save(app.config["KEYS_FILE"])
    install_keyring(app, own)
    yield own
    keyring.save(app.config["KEYS_FILE"])
    install_keyring(app, keyring)
    with app.app_context():
        db.session.execute(delete(KeyCanary))
        write_canary(keyring.primary)
        db.session.commit()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A browser-like test client."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's CLI commands."""
    return app.test_cli_runner()


@pytest.fixture
def make_org(app: Flask) -> Callable[..., Organisation]:
    """Factory: an organisation of a kind, optionally under a parent."""

    def make(kind: str = "community_centre", parent: Organisation | None = None,
             region: str = "320405", code: str | None = None) -> Organisation:
        with app.app_context():
            org = create_organisation(
                code or f"{kind}-{uuid.uuid4().hex[:6]}", f"Org {kind}", kind, parent, region
            )
            db.session.commit()
            db.session.refresh(org)
            db.session.expunge(org)
            return org

    return make


@pytest.fixture
def make_user(app: Flask, make_org) -> Callable[..., User]:
    """Factory: a user of a role in an organisation (a new one of a kind the role fits: a
    UPTD PPA for service staff, a centre for the others, unless given)."""

    def make(role: str = "paralegal", org: Organisation | None = None,
             username: str | None = None, password: str = PASSWORD) -> User:
        org = org or make_org("uptd_ppa" if role == "service_staff" else "community_centre")
        with app.app_context():
            user = create_user(username or f"{role}-{uuid.uuid4().hex[:6]}", role, org, password)
            db.session.commit()
            db.session.refresh(user)
            db.session.expunge(user)
            return user

    return make


def case_data(**overrides: Any) -> dict[str, Any]:
    """Valid intake data for register_case and the new-case form."""
    data = {
        "consent_record": True, "consent_given_by": "survivor", "consent_contact": True,
        "consent_statistics": True, "name": "Siti Aminah", "sex": "female", "age_band": "25-44",
        "forms": ["physical"], "gbv_type": "physical_assault", "place": "household",
        "perpetrator_relationship": "spouse", "narrative": "Kejadian di rumah.",
        "intake_channel": "walk_in",
        "nik": "3204054507900001", "phone": "+6281234567890",
    }
    data.update(overrides)
    return data


@pytest.fixture
def make_case(app: Flask) -> Callable[..., Case]:
    """Factory: a case registered by a paralegal, who is then assigned to it."""

    def make(author: User, **overrides: Any) -> Case:
        with app.app_context():
            author = db.session.get(User, author.id)
            case = register_case(case_data(**overrides), author.organisation_id, author)
            db.session.commit()
            db.session.refresh(case)
            reference, case_id = case.reference, case.id
            db.session.expunge_all()
            return _CaseHandle(reference=reference, id=case_id)

    return make


class _CaseHandle:
    """What tests need of a case outside the app context: its reference and id."""

    def __init__(self, reference: str, id: uuid.UUID) -> None:
        self.reference = reference
        self.id = id


@pytest.fixture
def login(app: Flask) -> Callable[[FlaskClient, User], FlaskClient]:
    """Log a client in as a user through a real server-side session (second factor done)."""

    def do_login(client: FlaskClient, user: User) -> FlaskClient:
        with app.app_context():
            token = start_session(db.session.get(User, user.id), mfa_verified=True)
            db.session.commit()
        client.set_cookie(app.config["AUTH_COOKIE_NAME"], token)
        return client

    return do_login
