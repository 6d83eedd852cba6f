"""Issue 16.2: `casework keys rotate` run as root (as the docs show it) gives the keys file back
to the service's OS user with its mode; run as any other user who is not the owner it refuses,
naming the user to run it as, and changes nothing."""

from __future__ import annotations

import os
import stat

import pytest

from casework.crypto.keyring import Keyring

SERVICE_UID = 65534  # "nobody": stands for the service user the file belongs to

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="giving a file to another user needs root")


@needs_root
def test_rotate_as_root_gives_the_file_back_to_the_service_user(app, runner, ring):
    """Root rotates a file the service user owns: it still belongs to her, mode 0600."""
    path = app.config["KEYS_FILE"]
    os.chown(path, SERVICE_UID, SERVICE_UID)
    before = ring.primary
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code == 0, result.output
    after = os.stat(path)
    assert (after.st_uid, after.st_gid) == (SERVICE_UID, SERVICE_UID)
    assert stat.S_IMODE(after.st_mode) == 0o600
    assert Keyring.load(path).primary != before


def test_rotate_keeps_a_read_only_mode_and_drops_group_bits(app, runner, ring):
    """A file the operator made 0400 stays 0400; one left 0640 comes back 0600."""
    path = app.config["KEYS_FILE"]
    os.chmod(path, 0o400)
    assert runner.invoke(args=["keys", "rotate"]).exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o400
    os.chmod(path, 0o640)
    assert runner.invoke(args=["keys", "rotate"]).exit_code == 0
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_rotate_as_another_user_than_the_owner_is_refused(app, runner, ring, monkeypatch):
    """An administrator's own account (not root, not the owner) may not rewrite the file."""
    path = app.config["KEYS_FILE"]
    before = open(path, "rb").read()
    owner = os.stat(path).st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1000)
    result = runner.invoke(args=["keys", "rotate"])
    assert result.exit_code != 0
    assert "belongs to the OS user" in result.output and "sudo -u" in result.output
    assert "Nothing was changed" in result.output
    assert open(path, "rb").read() == before


@needs_root
def test_a_new_keys_file_written_by_root_belongs_to_the_folders_owner(tmp_path):
    """`sudo casework init` in the service user's instance folder: the keys are hers, 0600."""
    folder = tmp_path / "instance"
    folder.mkdir(mode=0o700)
    os.chown(folder, SERVICE_UID, SERVICE_UID)
    Keyring.generate().save(folder / "keys.json")
    made = os.stat(folder / "keys.json")
    assert (made.st_uid, stat.S_IMODE(made.st_mode)) == (SERVICE_UID, 0o600)
