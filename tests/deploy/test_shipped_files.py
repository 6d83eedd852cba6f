"""`casework deploy show` prints the shipped files filled in for this machine, and the
settings file is read as systemd reads it."""

from __future__ import annotations

import os
import pwd
import re

import pytest

from casework.deploy.envfile import EnvFileError, parse_env_file
from casework.deploy.files import NAMES


def test_show_lists_and_fills_in_every_file(runner):
    """Every shipped file, with the user, venv and settings file given, no @PLACEHOLDER@."""
    listed = runner.invoke(args=["deploy", "show"])
    assert listed.exit_code == 0 and listed.output.split() == list(NAMES)
    user = pwd.getpwuid(os.getuid()).pw_name
    for name in NAMES:
        shown = runner.invoke(args=["deploy", "show", name, "--user", user, "--venv", "/opt/cw",
                                    "--env-file", "/etc/cw/cw.env"])
        assert shown.exit_code == 0, shown.output
        assert not re.search(r"@[A-Z_]+@", shown.output)
        if name.endswith(".service"):
            assert "EnvironmentFile=/etc/cw/cw.env" in shown.output
            assert f"User={user}" in shown.output and "/opt/cw/bin/" in shown.output


def test_backup_unit_backs_up_into_the_backup_folder(runner):
    """The nightly unit writes a dated file into --backup-dir and keeps --keep-days of them."""
    user = pwd.getpwuid(os.getuid()).pw_name
    shown = runner.invoke(args=["deploy", "show", "casework-backup.service", "--user", user,
                                "--backup-dir", "/srv/backups", "--keep-days", "14"]).output
    assert "bin/casework backup create /srv/backups\n" in shown
    assert "-mtime +14 -delete" in shown


def test_unknown_user_is_refused(runner):
    """A service user that does not exist yet: told how to make it."""
    shown = runner.invoke(args=["deploy", "show", "casework.service", "--user", "no-such-cw"])
    assert shown.exit_code != 0 and "useradd" in shown.output


def test_settings_file_reads_like_systemd():
    """Comments, blank lines, quotes; no expansion of $ (a password may hold one)."""
    text = ("# Casework\n\n; also a comment\nCASEWORK_INSTANCE_PATH=/srv/cw\n"
            'CASEWORK_DATABASE_URL="postgresql+psycopg://cw:pa$$word@db/cw"\n')
    assert parse_env_file(text) == {
        "CASEWORK_INSTANCE_PATH": "/srv/cw",
        "CASEWORK_DATABASE_URL": "postgresql+psycopg://cw:pa$$word@db/cw"}


@pytest.mark.parametrize("line", ["export CASEWORK_X=1", "no equals sign", "=value"])
def test_settings_file_bad_line_is_refused(line):
    """A line that is not NAME=value names its line number."""
    with pytest.raises(EnvFileError, match="line 2"):
        parse_env_file(f"# ok\n{line}\n")
