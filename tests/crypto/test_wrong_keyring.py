"""SECURITY.md 5: another deployment's keyring is refused by init, demo and keys rotate, and
the canary check asks every key the keyring holds (the primary's above all) to open its own."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import FlaskGroup
from sqlalchemy import delete, func, select

from casework import create_app
from casework.crypto.errors import KeyringError
from casework.crypto.keyring import Keyring, install_keyring
from casework.crypto.models import KeyCanary, write_canary
from casework.extensions import db
from tests.conftest import SECRET


def _config(app, keys_file) -> dict:
    """The test app's database and settings, read with another keys file."""
    return {"SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "KEYS_FILE": str(keys_file), "TESTING": True, "SECRET_KEY": SECRET,
            "CASEWORK_ENV": "test"}


@pytest.fixture(autouse=True)
def only_the_sessions_canary(app, keyring):
    """Leave one canary, the session keyring's: a PostgreSQL database is reused by the next test."""
    yield
    with app.app_context():
        db.session.execute(delete(KeyCanary).where(KeyCanary.key_id != keyring.primary))
        db.session.commit()


@pytest.fixture
def command(app, tmp_path, monkeypatch):
    """Run a `casework` command on the test database with the given keys file."""
    monkeypatch.setenv("CASEWORK_INSTANCE_PATH", str(tmp_path / "instance"))

    def run(keys_file, *args: str):
        group = FlaskGroup(create_app=lambda: create_app(_config(app, keys_file)),
                           load_dotenv=False)
        return CliRunner().invoke(group, list(args))

    return run


def _other_keyring(tmp_path: Path) -> Path:
    """Another deployment's keys file."""
    path = tmp_path / "other-keys.json"
    Keyring.generate().save(path)
    return path


def _canary_count(app) -> int:
    """How many canaries the database holds."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(KeyCanary))


@pytest.mark.parametrize("args", [["init"], ["demo", "--no-serve"]])
def test_init_and_demo_refuse_another_keyring(app, tmp_path, command, args):
    """Run with another deployment's keys file, nothing is written and the app still refuses it."""
    other = _other_keyring(tmp_path)
    result = command(other, *args)
    assert result.exit_code != 0
    assert "another deployment" in result.output and "not changed" in result.output
    assert _canary_count(app) == 1
    with pytest.raises(KeyringError, match="does not match"):
        create_app(_config(app, other))


def test_init_without_keys_file_does_not_make_one_for_a_used_database(app, tmp_path, command):
    """A lost keys file is not replaced by a new keyring that would then be trusted."""
    missing = tmp_path / "lost" / "keys.json"
    result = command(missing, "init")
    assert result.exit_code != 0 and "put that keyring" in result.output
    assert not missing.exists()
    assert _canary_count(app) == 1


def test_init_with_the_right_keyring_still_works(app, command):
    """The database's own keyring passes, and init stays idempotent."""
    result = command(app.config["KEYS_FILE"], "init")
    assert result.exit_code == 0, result.output
    assert _canary_count(app) == 1


def _primary_with_a_foreign_canary(app, keyring, tmp_path: Path) -> Path:
    """A keys file holding the right old key, but a primary whose canary another key wrote."""
    genuine = Keyring.from_json(keyring.to_json())
    primary = genuine.rotate_data_key()
    with app.app_context():
        install_keyring(app, genuine)
        write_canary(primary)
        db.session.commit()
        install_keyring(app, keyring)
    forged = Keyring.from_json(genuine.to_json())
    forged.data_keys[primary] = Keyring.generate().primary_key
    path = tmp_path / "forged.json"
    forged.save(path)
    return path


def test_the_primary_keys_canary_must_open(app, keyring, tmp_path):
    """An older key opening its canary does not vouch for a primary that opens none."""
    forged = _primary_with_a_foreign_canary(app, keyring, tmp_path)
    with pytest.raises(KeyringError, match="does not match"):
        create_app(_config(app, forged))


def test_a_keyring_lacking_a_used_key_is_refused(app, keyring, tmp_path):
    """An old keys file (before a rotation) is refused while the newer key's canary is there."""
    _primary_with_a_foreign_canary(app, keyring, tmp_path)
    with pytest.raises(KeyringError, match="lacks key"):
        create_app(_config(app, app.config["KEYS_FILE"]))


def test_primary_without_canary_yet_is_accepted(app, keyring, tmp_path):
    """A rotation whose canary was not committed: the older key's canary still vouches."""
    rotated = Keyring.from_json(keyring.to_json())
    rotated.rotate_data_key()
    path = tmp_path / "rotated.json"
    rotated.save(path)
    create_app(_config(app, path))


def test_keys_rotate_refuses_another_keyring(app, tmp_path, command):
    """Rotating another deployment's keyring would write a canary that vouches for it."""
    other = _other_keyring(tmp_path)
    result = command(other, "keys", "rotate")
    assert result.exit_code != 0 and "does not match" in result.output
    assert _canary_count(app) == 1
    with pytest.raises(KeyringError):
        create_app(_config(app, other))
