"""SECURITY.md 5: the app refuses to start without the right keyring or with unsafe settings."""

from __future__ import annotations

import json

import pytest

from casework import create_app
from casework.config import StartupRefused
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring
from tests.conftest import SECRET


def _config(app, **extra):
    """The test app's settings with some changed."""
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "KEYS_FILE")}
    config.update(TESTING=True, SECRET_KEY=SECRET, CASEWORK_ENV="test")
    config.update(extra)
    return config


def test_missing_keyring_refused(app, tmp_path):
    """No keys file: the app does not start."""
    with pytest.raises(KeyringError, match="casework init"):
        create_app(_config(app, KEYS_FILE=str(tmp_path / "absent.json")))


def test_wrong_keyring_refused(app, tmp_path):
    """Another deployment's keyring cannot open this database's canary."""
    other = tmp_path / "other.json"
    Keyring.generate().save(other)
    with pytest.raises(KeyringError, match="does not match"):
        create_app(_config(app, KEYS_FILE=str(other)))


def test_corrupt_keyring_refused(app, tmp_path):
    """A damaged keys file is refused with a clear message."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"primary": "x"}))
    with pytest.raises(KeyringError, match="not valid"):
        create_app(_config(app, KEYS_FILE=str(bad)))


@pytest.mark.parametrize("extra", [
    {"SECRET_KEY": "dev", "TESTING": False, "CASEWORK_ENV": "production"},
    {"DEBUG": True, "TESTING": False, "CASEWORK_ENV": "production"},
])
def test_unsafe_production_settings_refused(app, extra):
    """A weak SECRET_KEY or DEBUG in production stops the start."""
    with pytest.raises(StartupRefused):
        create_app(_config(app, **extra))


def test_no_key_material_in_database(app):
    """No key of the keyring appears in the database."""
    import base64

    from casework.crypto.keyring import current_keyring

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        pytest.skip("file check on SQLite")
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    raw = open(path, "rb").read()
    with app.app_context():
        ring = current_keyring()
        keys = [*ring.data_keys.values(), ring.index_key, ring.audit_key, ring.signing_key]
    for key in keys:
        assert key not in raw and base64.b64encode(key) not in raw


def test_unmigrated_database_gets_a_clear_page(app, tmp_path, login):
    """A database with no tables gets a message saying what to run, not a traceback."""
    empty = create_app(_config(app, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'e.db'}"))
    client = empty.test_client()
    client.set_cookie("cw_session", "abc")
    response = client.get("/login")
    assert response.status_code == 503
    assert b"casework db upgrade" in response.data
    assert b"Traceback" not in response.data
