"""backup create, then restore into a fresh instance: every case, file and audit entry (SECURITY 30)."""

from __future__ import annotations

import json
import tarfile

from sqlalchemy import func, select

from casework.attachments.models import Attachment
from casework.attachments.operations import read_attachment
from casework.audit.models import AuditEntry
from casework.cases.models import Case, Survivor
from casework.extensions import db
from tests.attachments.conftest import pdf_bytes, png_bytes


def _counts(instance) -> tuple[int, int, int]:
    with instance.app_context():
        return tuple(db.session.scalar(select(func.count()).select_from(m))
                     for m in (Case, Attachment, AuditEntry))


def test_restore_gives_everything_back(app, runner, filled, fresh, tmp_path):
    """Cases decrypt, files download, and the audit chain verifies on the restored copy."""
    path = tmp_path / "casework-backup.tar.gz"
    made = runner.invoke(args=["backup", "create", str(path)])
    assert made.exit_code == 0, made.output
    assert "3 cases, 2 attachments" in made.output
    cases, _files, entries = _counts(app)
    restored = fresh.test_cli_runner().invoke(args=["backup", "restore", str(path)])
    assert restored.exit_code == 0, restored.output
    with fresh.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == cases
        names = sorted(s.name for s in db.session.scalars(select(Survivor)))
        assert names == ["Ratna 0", "Ratna 1", "Ratna 2"]
        bodies = {read_attachment(a) for a in db.session.scalars(select(Attachment))}
        assert bodies == {pdf_bytes(), png_bytes()}
        restored_entries = db.session.scalar(select(func.count()).select_from(AuditEntry))
        assert restored_entries >= entries  # plus the restore's own entry
    verified = fresh.test_cli_runner().invoke(args=["audit", "verify"])
    assert verified.exit_code == 0, verified.output


def test_manifest_lists_checksums_and_key_ids_never_keys(app, runner, filled, keyring, tmp_path):
    """A manifest with a SHA-256 per member and the key ids; no key material anywhere."""
    import base64

    path = tmp_path / "b.tar.gz"
    runner.invoke(args=["backup", "create", str(path)])
    with tarfile.open(path) as archive:
        names = archive.getnames()
        manifest = json.loads(archive.extractfile("manifest.json").read())
        blobs = [archive.extractfile(m).read() for m in archive.getmembers()]
    assert names[-1] == "manifest.json"
    assert set(manifest["files"]) == set(names) - {"manifest.json"}
    assert all(len(f["sha256"]) == 64 for f in manifest["files"].values())
    assert manifest["key_ids"]["data"] == sorted(keyring.data_keys)
    secrets = [*keyring.data_keys.values(), *keyring.index_keys.values(), keyring.audit_key,
               keyring.signing_key]
    for secret in secrets:
        for blob in blobs:
            assert secret not in blob and base64.b64encode(secret) not in blob
    assert path.stat().st_mode & 0o077 == 0


def test_existing_file_is_not_overwritten(runner, filled, tmp_path):
    """A backup never replaces a file already there."""
    path = tmp_path / "b.tar.gz"
    path.write_bytes(b"older backup")
    result = runner.invoke(args=["backup", "create", str(path)])
    assert result.exit_code != 0 and "already exists" in result.output
    assert path.read_bytes() == b"older backup"
