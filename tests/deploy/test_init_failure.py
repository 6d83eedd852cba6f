"""`casework init` that fails leaves no half-made instance: no keys file, no SECRET_KEY in
config.py, no database file; so the next try starts clean."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

import casework.cli
from casework import create_app
from tests.conftest import SECRET


def _fresh_app(tmp_path: Path):
    """An app on a SQLite file and keys file that do not exist yet, made as `casework init`
    makes it (a command that prepares an instance may start without keys)."""
    with click.Context(casework.cli.init_command):
        return create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'casework.db'}",
                           "KEYS_FILE": str(tmp_path / "keys.json"), "TESTING": True,
                           "CASEWORK_ENV": "test", "SECRET_KEY": SECRET})


def _nothing_written(tmp_path: Path) -> None:
    """Neither keys, nor config.py, nor a database file are left."""
    assert not (tmp_path / "keys.json").exists()
    assert not (tmp_path / "casework.db").exists()
    assert not list(tmp_path.glob("**/config.py"))


def test_failed_migration_removes_new_keys_and_database(tmp_path: Path, monkeypatch):
    """The migrations fail (Flask-Migrate exits): the new keys and database are removed."""
    app = _fresh_app(tmp_path)
    app.instance_path = str(tmp_path / "instance")

    def failing_upgrade() -> None:
        raise SystemExit(1)

    monkeypatch.setattr(casework.cli, "upgrade", failing_upgrade)
    with app.app_context(), pytest.raises(SystemExit):
        casework.cli.initialise(app)
    _nothing_written(tmp_path)


def test_missing_migrations_refused_before_anything_is_written(tmp_path: Path):
    """An installation without its migrations: refused with the reason, nothing written."""
    app = _fresh_app(tmp_path)
    app.instance_path = str(tmp_path / "instance")
    app.extensions["migrate"].directory = str(tmp_path / "no-migrations")
    with app.app_context(), pytest.raises(click.ClickException, match="no database migrations"):
        casework.cli.initialise(app)
    _nothing_written(tmp_path)
    assert not (tmp_path / "instance").exists()
