"""A restore whose database part fails leaves no attachment file behind (nor anything else)."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from sqlalchemy import inspect

from casework.extensions import db
from tests.conftest import POSTGRES_URL


@pytest.fixture
def backup(runner, filled, tmp_path) -> Path:
    """A good backup of the filled instance (two attachment files)."""
    path = tmp_path / "good.tar.gz"
    assert runner.invoke(args=["backup", "create", str(path)]).exit_code == 0
    return path


def _with_database(source: Path, target: Path, change) -> Path:
    """Copy a backup with its database part changed, the manifest's checksum made to agree
    (as a backup damaged before it was written would be)."""
    with tarfile.open(source) as old:
        members = {m.name: old.extractfile(m).read() for m in old.getmembers()}
    manifest = json.loads(members.pop("manifest.json"))
    name = manifest["database"]["file"]
    members[name] = change(members[name])
    manifest["files"][name] = {"sha256": hashlib.sha256(members[name]).hexdigest(),
                               "size": len(members[name])}
    members["manifest.json"] = json.dumps(manifest).encode()
    with tarfile.open(target, "w:gz") as new:
        for member, data in members.items():
            info = tarfile.TarInfo(member)
            info.size = len(data)
            new.addfile(info, io.BytesIO(data))
    return target


def _nothing_written(fresh) -> bool:
    """No attachment file and no table in the fresh instance."""
    folder = Path(fresh.config["ATTACHMENTS_PATH"])
    with fresh.app_context():
        tables = inspect(db.engine).get_table_names()
        db.engine.dispose()
    return not tables and (not folder.exists() or not list(folder.iterdir()))


def _restore(fresh, path: Path):
    return fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])


def test_unreadable_database_part_is_refused_first(fresh, backup, tmp_path):
    """A database part that is not a database is refused before any file is written."""
    bad = _with_database(backup, tmp_path / "bad.tar.gz", lambda data: b"\x00garbage" * 4096)
    result = _restore(fresh, bad)
    assert result.exit_code != 0
    assert ("pg_restore failed" if POSTGRES_URL else "integrity check") in result.output
    assert _nothing_written(fresh)


def test_sqlite_page_damage_is_refused_first(fresh, backup, tmp_path):
    """A SQLite file with a damaged page fails its integrity check; nothing is written."""
    if POSTGRES_URL:
        pytest.skip("damages a SQLite file")

    def damage(data: bytes) -> bytes:
        page = 4096 * 3  # a page of table data, past the schema
        return data[:page] + b"\xff" * 4096 + data[page + 4096:]

    result = _restore(fresh, _with_database(backup, tmp_path / "bad.tar.gz", damage))
    assert result.exit_code != 0 and "integrity check" in result.output
    assert _nothing_written(fresh)


def test_database_step_failing_late_removes_the_files(fresh, backup, tmp_path):
    """The database fails only while it is put in place: the files written for it are gone."""
    if POSTGRES_URL:
        # The dump's table of contents (at its start) reads fine; its last data block is cut,
        # so pg_restore fails midway and rolls its single transaction back.
        bad = _with_database(backup, tmp_path / "cut.tar.gz", lambda data: data[:-100])
    else:
        # A disk problem where the restored file is put beside the live one.
        bad = backup
        target = Path(fresh.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///"))
        target.with_name(target.name + ".restoring").mkdir(parents=True)
    result = _restore(fresh, bad)
    assert result.exit_code != 0
    assert ("pg_restore failed" if POSTGRES_URL else "could not be put in place") in result.output
    assert _nothing_written(fresh)
