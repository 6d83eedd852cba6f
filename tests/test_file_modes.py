"""Issue 16.2: the app refuses to serve with a keys file or instance folder others may read,
naming the chmod that fixes it; a keys file of mode 0666 put in at run time is not taken up;
SQLite's database files are 0600."""

from __future__ import annotations

import os
import stat

import pytest
from sqlalchemy import create_engine, text

from casework import create_app
from casework.config import StartupRefused
from casework.crypto.keyring import Keyring, current_keyring
from tests.conftest import POSTGRES_URL, SECRET


def _serving_config(app) -> dict:
    """The test app's database and keys, with the settings production checks."""
    return {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "KEYS_FILE": app.config["KEYS_FILE"], "SECRET_KEY": SECRET, "TESTING": False,
            "CASEWORK_ENV": "production"}


@pytest.fixture
def private_instance(tmp_path, monkeypatch):
    """An instance folder only its owner may enter."""
    folder = tmp_path / "instance"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("CASEWORK_INSTANCE_PATH", str(folder))
    return folder


def test_a_keys_file_open_to_others_is_refused_at_start(app, private_instance):
    """keys.json of mode 0666: refused, with `chmod 600 <file>` in the message."""
    os.chmod(app.config["KEYS_FILE"], 0o666)  # noqa: S103 (the mistake under test)
    with pytest.raises(StartupRefused, match=r"\(mode 0666\): run `chmod 600 .*keys.json`"):
        create_app(_serving_config(app))


def test_an_instance_folder_open_to_others_is_refused_at_start(app, private_instance):
    """An instance folder of mode 0755: refused, with `chmod 700 <folder>`."""
    os.chmod(private_instance, 0o755)  # noqa: S103 (the mistake under test)
    with pytest.raises(StartupRefused, match=r"\(mode 0755\): run `chmod 700 .*instance`"):
        create_app(_serving_config(app))


def test_private_files_start(app, private_instance):
    """The same settings with a 0600 keys file and a 0700 folder serve."""
    served = create_app(_serving_config(app))
    assert served.test_client().get("/healthz").status_code == 200


def test_a_keys_file_open_to_others_is_not_taken_up_at_run_time(app, client, ring):
    """The right keys, but in a file of mode 0666: the app keeps the keys it has."""
    other = Keyring.from_json(ring.to_json())
    other.rotate_data_key()
    path = app.config["KEYS_FILE"]
    other.save(path)
    os.chmod(path, 0o666)  # noqa: S103 (the mistake under test)
    stamp = os.stat(path)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns + 1_000_000_000))
    assert client.get("/healthz").status_code == 200
    with app.app_context():
        assert current_keyring().primary == ring.primary


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's own files")
def test_sqlite_files_are_created_0600(tmp_path):
    """A new database and its WAL and shared-memory files: owner only."""
    path = tmp_path / "new.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE t (x INTEGER)"))
        conn.execute(text("INSERT INTO t VALUES (1)"))
        for suffix in ("", "-wal", "-shm"):
            assert stat.S_IMODE(os.stat(f"{path}{suffix}").st_mode) == 0o600, suffix
    engine.dispose()


@pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's own files")
def test_an_existing_world_readable_database_is_narrowed(app):
    """A database file left 0644 by an older version is 0600 once the app opens it."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    os.chmod(path, 0o644)
    served = create_app(_serving_config(app) | {"TESTING": True})
    served.test_client().get("/healthz")
    with served.app_context():
        from casework.extensions import db
        db.session.execute(text("SELECT 1"))
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
