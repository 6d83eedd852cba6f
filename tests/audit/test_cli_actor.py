"""Issue 16, item 8: what a command writes to the access log names the operating-system user
and host that ran it (a command had no actor); the chain still verifies, and the log page
shows who it was."""

from __future__ import annotations

import os
import pwd
import socket

from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.audit.review import LogLine
from casework.extensions import db


def _who() -> str:
    return f"{pwd.getpwuid(os.geteuid()).pw_name}@{socket.gethostname()}"


def test_a_commands_entries_name_the_os_user_and_host(app, runner, monkeypatch):
    monkeypatch.delenv("SUDO_USER", raising=False)
    result = runner.invoke(args=["org", "create", "sapa", "--name", "Sapa", "--kind", "ngo"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "create"))
    assert entry.os_actor == _who() and entry.actor_id is None
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    with app.test_request_context():
        line = LogLine(db.session.merge(entry))
        assert line.actor_name == f"Baris perintah: {_who()}"


def test_sudo_names_the_person_behind_it(app, runner, monkeypatch):
    monkeypatch.setenv("SUDO_USER", "rina-admin")
    runner.invoke(args=["org", "create", "sapa", "--name", "Sapa", "--kind", "ngo"])
    with app.app_context():
        actor = db.session.scalar(select(AuditEntry.os_actor).where(AuditEntry.action == "create"))
    assert actor.endswith("(sudo rina-admin)")


def test_requests_carry_no_os_actor(app, client, login, make_user):
    login(client, make_user("paralegal"))
    client.get("/cases/")
    with app.app_context():
        actors = set(db.session.scalars(select(AuditEntry.os_actor).where(
            AuditEntry.request_id.is_not(None))))
    assert actors == {None}
