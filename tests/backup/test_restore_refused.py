"""Damaged, cut-short or mismatched backups are refused with a clear message; nothing is written."""

from __future__ import annotations

import gzip
import io
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import inspect

from casework.crypto.keyring import Keyring, install_keyring
from casework.extensions import db


@pytest.fixture
def backup(runner, filled, tmp_path) -> Path:
    """A good backup of the filled instance."""
    path = tmp_path / "good.tar.gz"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    return path


def _untouched(fresh) -> bool:
    """No attachment written and no table made in the fresh instance."""
    folder = Path(fresh.config["ATTACHMENTS_PATH"])
    with fresh.app_context():
        tables = inspect(db.engine).get_table_names()
    return not tables and (not folder.exists() or not list(folder.iterdir()))


def _restore(fresh, path):
    return fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy a backup, letting change(name, data) alter or drop (None) each member."""
    with tarfile.open(source) as old, tarfile.open(target, "w:gz") as new:
        for member in old.getmembers():
            data = change(member.name, old.extractfile(member).read())
            if data is not None:
                member.size = len(data)
                new.addfile(member, io.BytesIO(data))
    return target


def test_truncated(fresh, backup, tmp_path):
    """A file cut in half is refused as damaged or cut short."""
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(backup.read_bytes()[: backup.stat().st_size // 2])
    result = _restore(fresh, cut)
    assert result.exit_code != 0 and "cut short" in result.output
    assert _untouched(fresh)


def test_corrupted_byte(fresh, backup, tmp_path):
    """One flipped byte in the middle: refused."""
    raw = bytearray(backup.read_bytes())
    raw[len(raw) // 2] ^= 0xFF
    bad = tmp_path / "bad.tar.gz"
    bad.write_bytes(bytes(raw))
    result = _restore(fresh, bad)
    assert result.exit_code != 0 and "damaged" in result.output
    assert _untouched(fresh)


def test_member_changed_behind_the_manifest(fresh, backup, tmp_path):
    """A well-formed archive whose attachment differs from its checksum: refused."""
    def flip(name, data):
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("attachments/") else data

    result = _restore(fresh, _rewrite(backup, tmp_path / "x.tar.gz", flip))
    assert result.exit_code != 0 and "checksum does not match" in result.output
    assert _untouched(fresh)


def test_manifest_missing_or_member_missing(fresh, backup, tmp_path):
    """No manifest, or a member the manifest lists is gone: refused."""
    no_manifest = _rewrite(backup, tmp_path / "a.tar.gz",
                           lambda n, d: None if n == "manifest.json" else d)
    assert "no manifest" in _restore(fresh, no_manifest).output
    no_file = _rewrite(backup, tmp_path / "b.tar.gz",
                       lambda n, d: None if n.startswith("attachments/") else d)
    assert "do not match its manifest" in _restore(fresh, no_file).output
    assert _untouched(fresh)


def test_path_traversal_entry(fresh, backup, tmp_path):
    """An entry that would land outside the staging folder is refused."""
    evil = tmp_path / "e.tar.gz"
    with tarfile.open(backup) as old, tarfile.open(evil, "w:gz") as new:
        info = tarfile.TarInfo("../../etc/evil")
        info.size = 4
        new.addfile(info, io.BytesIO(b"evil"))
        for member in old.getmembers():
            new.addfile(member, old.extractfile(member))
    result = _restore(fresh, evil)
    assert result.exit_code != 0 and "unexpected entry" in result.output
    assert _untouched(fresh)


def test_not_a_backup(fresh, tmp_path):
    """Some other file, or a gzip of something else: refused."""
    other = tmp_path / "notes.tar.gz"
    other.write_bytes(gzip.compress(b"hello"))
    assert _restore(fresh, other).exit_code != 0
    assert "No backup file" in _restore(fresh, tmp_path / "missing.tar.gz").output


def test_wrong_keys_file(fresh, backup):
    """The fresh instance's keys file lacks the backup's keys: refused, naming the key ids."""
    install_keyring(fresh, Keyring.generate())
    result = _restore(fresh, backup)
    assert result.exit_code != 0 and "does not hold the keys" in result.output
    assert _untouched(fresh)


def test_instance_with_data_is_not_overwritten(app, runner, backup):
    """Restoring over a live instance needs --force."""
    result = runner.invoke(args=["backup", "restore", str(backup)])
    assert result.exit_code != 0 and "already holds" in result.output
