"""The command line: init, org create, user create, demo seeding."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from casework.accounts.models import User
from casework.extensions import db
from tests.conftest import POSTGRES_URL


def test_org_and_user_create(app, runner):
    """Organisations and users are made from the command line, password from stdin."""
    assert runner.invoke(args=["org", "create", "sapa", "--name", "Sapa", "--kind", "ngo"]).exit_code == 0
    result = runner.invoke(args=["org", "create", "bale", "--name", "Bale Istri", "--kind",
                                 "community_centre", "--parent", "sapa", "--region", "320405"])
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["user", "create", "Siti", "--role", "paralegal", "--org", "bale",
                                 "--password-stdin"], input="sebuah kalimat rahasia panjang\n")
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User))
        assert user.username == "siti" and user.password_hash.startswith("$argon2id$")


@pytest.mark.parametrize("args,message", [
    (["user", "create", "xena", "--role", "paralegal", "--org", "nowhere", "--password-stdin"],
     "No organisation"),
    (["org", "create", "a", "--name", "A", "--kind", "bank"], "Invalid value"),
])
def test_cli_refusals_are_clear(runner, args, message):
    """Wrong input gets a message, not a traceback."""
    result = runner.invoke(args=args, input="sebuah kalimat rahasia panjang\n")
    assert result.exit_code != 0 and message in result.output


def test_short_password_refused(runner):
    """The password policy applies on the command line too."""
    runner.invoke(args=["org", "create", "o", "--name", "O", "--kind", "ngo"])
    result = runner.invoke(args=["user", "create", "usr", "--role", "admin", "--org", "o",
                                 "--password-stdin"], input="short\n")
    assert result.exit_code != 0 and "12" in result.output


@pytest.mark.skipif(bool(POSTGRES_URL), reason="init makes the SQLite instance database")
def test_init_is_idempotent_and_keys_are_private(tmp_path: Path):
    """`casework init` twice: same keys, mode 0600, database migrated; then demo seeds."""
    env = {**os.environ, "CASEWORK_INSTANCE_PATH": str(tmp_path / "instance")}
    env.pop("CASEWORK_DATABASE_URL", None)
    command = [sys.executable, "-m", "casework.cli"]
    first = subprocess.run([*command, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    keys = tmp_path / "instance" / "keys.json"
    before = keys.read_text()
    assert stat.S_IMODE(keys.stat().st_mode) == 0o600
    second = subprocess.run([*command, "init"], env=env, capture_output=True, text=True, timeout=120)
    assert second.returncode == 0, second.stderr
    assert keys.read_text() == before
    demo = subprocess.run([*command, "demo", "--no-serve"], env=env, capture_output=True,
                          text=True, timeout=120)
    assert demo.returncode == 0, demo.stderr
    assert "paralegal" in demo.stdout and "supervisor" in demo.stdout
