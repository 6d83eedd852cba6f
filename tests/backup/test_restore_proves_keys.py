"""Issue 16.6: a restore proves the keys file reads what it restores before it writes anything.
A keys file whose ids match the backup's but whose bytes differ is refused with a clear message:
the instance restored into keeps its data and its access log's chain, and no entry is signed."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask_migrate import upgrade
from sqlalchemy import func, select

from casework.audit.chain import verify_chain
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.cases.models import Case
from casework.crypto.keyring import KEY_BYTES, Keyring, install_keyring
from casework.crypto.models import write_canary
from casework.extensions import db


def _backup(runner, tmp_path: Path) -> Path:
    """A backup of the filled test instance."""
    path = tmp_path / "b.tar.gz"
    made = runner.invoke(args=["backup", "create", str(path)])
    assert made.exit_code == 0, made.output
    return path


def _with_new_bytes(ring: Keyring, *, data: bool = True, audit: bool = True) -> Keyring:
    """The same key ids with other bytes (a second `casework init`'s file, say)."""
    other = Keyring.from_json(ring.to_json())
    if data:
        other.data_keys = {k: secrets.token_bytes(KEY_BYTES) for k in other.data_keys}
        other.index_keys = {k: secrets.token_bytes(KEY_BYTES) for k in other.index_keys}
    if audit:
        other.audit_key = secrets.token_bytes(KEY_BYTES)
    return other


def _live_instance(fresh, keys: Keyring) -> int:
    """The instance restored into, running on these keys with a log of its own: its entries."""
    keys.save(fresh.config["KEYS_FILE"])
    install_keyring(fresh, keys)
    with fresh.app_context():
        upgrade()
        write_canary(keys.primary)
        record("login", object_type="user")
        db.session.commit()
        return db.session.scalar(select(func.count()).select_from(AuditEntry))


def _untouched(fresh, entries: int) -> None:
    """No case came in, no entry was added, and the chain still verifies."""
    with fresh.app_context():
        assert db.session.scalar(select(func.count()).select_from(Case)) == 0
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == entries
        assert verify_chain().ok
    assert not list(Path(fresh.config["ATTACHMENTS_PATH"]).glob("*"))


def test_same_ids_other_bytes_is_refused_and_changes_nothing(filled, runner, fresh, keyring,
                                                             tmp_path):
    """Every id the backup needs is in the file, but no key is the same: refused before writing."""
    path = _backup(runner, tmp_path)
    entries = _live_instance(fresh, _with_new_bytes(keyring))
    result = fresh.test_cli_runner().invoke(args=["backup", "restore", "--force", str(path)])
    assert result.exit_code != 0
    assert "holds the key ids this backup uses, but not the same keys" in result.output
    assert "Nothing was restored" in result.output
    _untouched(fresh, entries)


def test_another_audit_key_is_refused_before_it_signs(filled, runner, fresh, keyring, tmp_path):
    """The data keys fit but the audit key does not: the restore's entry would break the chain."""
    path = _backup(runner, tmp_path)
    entries = _live_instance(fresh, _with_new_bytes(keyring, data=False))
    result = fresh.test_cli_runner().invoke(args=["backup", "restore", "--force", str(path)])
    assert result.exit_code != 0
    assert "audit key does not match" in result.output
    _untouched(fresh, entries)
