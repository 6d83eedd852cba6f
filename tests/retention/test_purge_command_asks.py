"""Issue 16, item 8: `casework purge` asks why and asks to confirm; a script gives --reason
and --yes; --yes alone is refused. The purge's log entry names who ran it."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from casework.accounts.models import User
from casework.audit.models import AuditEntry
from casework.extensions import db
from casework.retention.models import CasePurge
from tests.retention.conftest import close


@pytest.fixture
def old_case(app, centre):
    """A case closed eleven years ago."""
    close(app, centre["case"], years_ago=11)
    return centre["case"]


def _purges(app) -> list[str]:
    with app.app_context():
        return list(db.session.scalars(select(CasePurge.reason)))


def test_asks_a_reason_then_confirmation(app, runner, old_case):
    result = runner.invoke(args=["purge"], input="survivor_request\ny\n")
    assert result.exit_code == 0, result.output
    assert "Why are these cases purged?" in result.output
    assert "The survivor asked for her data to be deleted" in result.output
    assert "destroyed for good" in result.output and "Purged 1 case(s)." in result.output
    assert _purges(app) == ["survivor_request"]


def test_answering_no_purges_nothing(app, runner, old_case):
    result = runner.invoke(args=["purge"], input="retention_reached\nn\n")
    assert "Nothing was purged." in result.output
    assert _purges(app) == []


def test_no_answer_purges_nothing(app, runner, old_case):
    """Run from a script without --reason and --yes: stdin is empty, nothing happens."""
    result = runner.invoke(args=["purge"], input="")
    assert result.exit_code != 0
    assert _purges(app) == []


def test_an_unknown_reason_is_asked_again(app, runner, old_case):
    result = runner.invoke(args=["purge"], input="bosan\nretention_reached\ny\n")
    assert result.exit_code == 0 and _purges(app) == ["retention_reached"]


def test_yes_without_a_reason_is_refused(app, runner, old_case):
    result = runner.invoke(args=["purge", "--yes"])
    assert result.exit_code != 0 and "--yes needs --reason" in result.output
    assert _purges(app) == []


def test_script_form_and_who_ran_it(app, runner, client, login, old_case, centre):
    result = runner.invoke(args=["purge", "--reason", "retention_reached", "--yes"])
    assert result.exit_code == 0 and _purges(app) == ["retention_reached"]
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "purge"))
        who = entry.os_actor
        assert who and entry.case_ref == old_case.reference
        db.session.execute(update(User).values(locale="id"))
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(CasePurge)) == 1
    login(client, centre["supervisor"])
    page = client.get(f"/audit/?case={old_case.reference}").get_data(as_text=True)
    assert f"Baris perintah: {who}" in page
