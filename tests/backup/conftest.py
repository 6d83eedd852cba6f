"""Fixtures of the backup tests: an instance with data, and a fresh instance to restore into."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import create_engine, text

from casework.extensions import db
from tests.attachments.conftest import pdf_bytes, png_bytes
from tests.conftest import POSTGRES_URL, _make_app


@pytest.fixture
def filled(app, make_user, make_case, client, login):
    """Three cases, two attachments and their audit entries in the test instance."""
    user = make_user("paralegal")
    cases = [make_case(user, name=f"Ratna {n}", nik=f"32040545079002{n:02d}") for n in range(3)]
    login(client, user)
    for data, name in ((pdf_bytes(), "a.pdf"), (png_bytes(), "b.png")):
        client.post(f"/cases/{cases[0].reference}/attachments",
                    data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")
    client.get(f"/cases/{cases[1].reference}")
    return {"user": user, "cases": cases}


def _fresh_postgres_url(worker_id: str) -> str:
    """An empty PostgreSQL database of this worker's own for restoring into."""
    base, _, name = POSTGRES_URL.rpartition("/")
    target = f"{name}_{worker_id}_restore"
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{target}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{target}"'))
    admin.dispose()
    return f"{base}/{target}"


@pytest.fixture
def fresh(tmp_path_factory, keyring, worker_id):
    """A new instance with the same keys file and nothing else: no database, no files."""
    folder = tmp_path_factory.mktemp("fresh")
    url = _fresh_postgres_url(worker_id) if POSTGRES_URL else f"sqlite:///{folder / 'restored.db'}"
    instance = _make_app(url, folder, keyring)
    yield instance
    with instance.app_context():
        db.session.remove()
        db.engine.dispose()
