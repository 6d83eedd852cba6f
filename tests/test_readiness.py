"""/readyz answers 503 with a short reason while the app cannot serve, 200 when it can;
/healthz stays liveness only. Both public, and neither writes an access-log entry."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, func, select, text

from casework.audit.models import AuditEntry
from casework.crypto.keyring import Keyring, install_keyring
from casework.crypto.models import write_canary
from casework.extensions import db
from tests.conftest import POSTGRES_URL, _make_app


def _dispose(app: Flask) -> None:
    """Close the app's connections."""
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def _blank_url(tmp_path: Path, worker_id: str) -> str:
    """A new SQLite file, or a new empty PostgreSQL database beside the test database."""
    if not POSTGRES_URL:
        return f"sqlite:///{tmp_path / 'ready.db'}"
    base, _, name = POSTGRES_URL.rpartition("/")
    blank = f"{name}_{worker_id}_ready"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{blank}"'))
        conn.execute(text(f'CREATE DATABASE "{blank}"'))
    admin.dispose()
    return f"{base}/{blank}"


@pytest.fixture
def unreachable_app(tmp_path: Path, keyring: Keyring) -> Iterator[tuple[Flask, Path | None]]:
    """An app whose database cannot be reached: PostgreSQL on a closed port, or a SQLite
    file that does not exist (and must not be created by asking)."""
    if POSTGRES_URL:
        url, missing = "postgresql+psycopg://postgres@127.0.0.1:9/casework", None
    else:
        missing = tmp_path / "nowhere" / "casework.db"
        url = f"sqlite:///{missing}"
    app = _make_app(url, tmp_path, keyring)
    yield app, missing
    _dispose(app)


def test_ready_when_database_schema_and_keys_are_right(client):
    """A migrated database and keys that open its canary: 200 "ready"."""
    response = client.get("/readyz")
    assert response.status_code == 200 and response.text == "ready"
    assert response.headers["Content-Type"].startswith("text/plain")


def test_not_ready_while_the_database_is_unreachable(unreachable_app):
    """Database down: /readyz 503 "database unreachable", /healthz still 200 (liveness)."""
    app, missing = unreachable_app
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503 and response.text == "database unreachable"
    assert "127.0.0.1" not in response.text and "casework.db" not in response.text
    assert client.get("/healthz").status_code == 200
    if missing is not None:
        assert not missing.exists()  # asking never creates an empty database


def test_not_ready_while_the_schema_is_behind(tmp_path: Path, keyring: Keyring, worker_id: str):
    """A database one migration behind the code: 503 naming the schema, no revision ids."""
    app = _make_app(_blank_url(tmp_path, worker_id), tmp_path, keyring)
    try:
        with app.app_context():
            upgrade()
            write_canary(keyring.primary)
            db.session.commit()
            db.session.remove()
        client = app.test_client()
        assert client.get("/readyz").status_code == 200
        with app.app_context():
            downgrade(revision="-1")
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.text == "database schema not at the code's migration head"
        with app.app_context():
            upgrade()
        assert client.get("/readyz").status_code == 200
    finally:
        _dispose(app)


def test_not_ready_when_the_keys_cannot_open_the_canary(app: Flask, client, keyring: Keyring):
    """Another deployment's keys (or none): 503 "keys cannot open the database"."""
    install_keyring(app, Keyring.generate())
    try:
        response = client.get("/readyz")
        assert response.status_code == 503 and response.text == "keys cannot open the database"
        install_keyring(app, None)
        assert client.get("/readyz").text == "keys cannot open the database"
    finally:
        install_keyring(app, keyring)
    assert client.get("/readyz").status_code == 200


def test_readiness_is_public_and_not_logged(app: Flask, client):
    """Anonymous monitors may ask as often as they like: no access-log entry per call."""
    with app.app_context():
        before = db.session.scalar(select(func.count()).select_from(AuditEntry))
    for _ in range(3):
        assert client.get("/readyz").status_code == 200
        assert client.get("/healthz").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == before
