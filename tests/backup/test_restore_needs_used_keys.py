"""A restore needs the keys the backup's values were written with, not every key ever held."""

from __future__ import annotations

import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.attachments.models import Attachment
from casework.attachments.operations import read_attachment
from casework.cases.models import Survivor
from casework.crypto.keyring import Keyring, install_keyring
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes, png_bytes
from tests.conftest import _make_app


@pytest.fixture
def data(ring, filled):
    """The filled instance, written under the test's own keyring."""
    return filled


def _keys(runner, *args: str) -> None:
    result = runner.invoke(args=["keys", *args])
    assert result.exit_code == 0, result.output


def _backup(runner, tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "b.tar.gz"
    made = runner.invoke(args=["backup", "create", str(path)])
    assert made.exit_code == 0, made.output
    with tarfile.open(path) as archive:
        return path, json.loads(archive.extractfile("manifest.json").read())


def _only_current_keys(ring: Keyring) -> Keyring:
    """The keys file as the operator has it after retiring and destroying the old keys."""
    current = Keyring.from_json(ring.to_json())
    current.data_keys = {current.primary: current.primary_key}
    current.index_keys = {current.index_primary: current.index_key}
    return current


def _restore_with(fresh, keys: Keyring, path: Path):
    keys.save(fresh.config["KEYS_FILE"])
    install_keyring(fresh, keys)
    return fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])


def _restored_instance_works(fresh, keys: Keyring) -> None:
    """A new start on the restored database opens it; values and files decrypt."""
    restarted = _make_app(fresh.config["SQLALCHEMY_DATABASE_URI"],
                          Path(fresh.config["KEYS_FILE"]).parent, keys)
    with restarted.app_context():
        names = sorted(s.name for s in db.session.scalars(select(Survivor)))
        assert names == ["Ratna 0", "Ratna 1", "Ratna 2"]
        bodies = {read_attachment(a) for a in db.session.scalars(select(Attachment))}
        assert bodies == {pdf_bytes(), png_bytes()}
        db.session.remove()
        db.engine.dispose()
    assert fresh.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0


def test_backup_after_retire_restores_with_only_the_new_keys(runner, ring, data, fresh, tmp_path):
    """rotate, reencrypt, retire, back up: the new keys alone restore it."""
    old = ring.primary
    _keys(runner, "rotate")
    _keys(runner, "reencrypt")
    _keys(runner, "retire", old)
    path, manifest = _backup(runner, tmp_path)
    assert manifest["key_ids"]["data"] == [ring.primary]
    result = _restore_with(fresh, _only_current_keys(ring), path)
    assert result.exit_code == 0, result.output
    _restored_instance_works(fresh, _only_current_keys(ring))


def test_backup_before_retire_still_needs_the_old_key(runner, ring, data, fresh, tmp_path):
    """Backed up after reencrypt but before retire: the old key's canary is in it, so it is needed."""
    old = ring.primary
    _keys(runner, "rotate")
    _keys(runner, "reencrypt")
    path, manifest = _backup(runner, tmp_path)
    assert manifest["key_ids"]["data"] == sorted([old, ring.primary])
    assert manifest["key_usage"]["values"] == {ring.primary: manifest["key_usage"]["values"][
        ring.primary]}
    result = _restore_with(fresh, _only_current_keys(ring), path)
    assert result.exit_code != 0
    assert f"data key {old} (its key canary" in result.output
    assert "encrypted values" not in result.output
    assert not list(Path(fresh.config["ATTACHMENTS_PATH"]).glob("*"))


def test_values_under_an_old_key_need_it(runner, ring, data, fresh, tmp_path):
    """Backed up before reencrypt: refused without the old key, naming it and what uses it."""
    old = ring.primary
    _keys(runner, "rotate")
    path, manifest = _backup(runner, tmp_path)
    assert old in manifest["key_ids"]["data"]
    result = _restore_with(fresh, _only_current_keys(ring), path)
    assert result.exit_code != 0
    assert "does not hold the keys this backup needs" in result.output
    assert f"data key {old} (" in result.output and "encrypted values" in result.output
    assert "2 attachment files" in result.output and ring.primary not in result.output
    assert not list(Path(fresh.config["ATTACHMENTS_PATH"]).glob("*"))


def test_index_entries_under_an_old_index_key_need_it(runner, ring, data, fresh, tmp_path):
    """A new search key without reindexing: the backup still needs the old one, and says so."""
    old_index = ring.index_primary
    _keys(runner, "rotate", "--no-data", "--index")
    path, manifest = _backup(runner, tmp_path)
    assert manifest["key_ids"]["index"] == [old_index]
    result = _restore_with(fresh, _only_current_keys(ring), path)
    assert result.exit_code != 0
    assert f"index key {old_index} (" in result.output and "search-index entries" in result.output
