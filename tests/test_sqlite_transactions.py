"""On SQLite a reading request does not hold the one write lock while it reads, and its access
log entries still join the chain safely after others wrote; a changing request holds the lock
from its start, so nothing it checked can change under it."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import func, select

from casework.audit.chain import verify_chain
from casework.audit.models import AuditEntry
from casework.audit.operations import record
from casework.cases.models import Case
from casework.extensions import db
from tests.conftest import POSTGRES_URL

pytestmark = pytest.mark.skipif(bool(POSTGRES_URL), reason="SQLite's locking")


def _other_writer(app) -> sqlite3.Connection:
    """A second connection to the same file that gives up at once when the lock is held."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    return sqlite3.connect(path, timeout=0, isolation_level=None)


def _can_write(other: sqlite3.Connection) -> bool:
    """Whether the other connection gets the write lock now."""
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return False
    other.execute("ROLLBACK")
    return True


@pytest.mark.parametrize(("method", "others_may_write"), [("GET", True), ("POST", False)])
def test_who_holds_the_write_lock_while_reading(app, method, others_may_write):
    """A GET reads in a plain transaction; a POST takes the write lock with its first query."""
    other = _other_writer(app)
    with app.test_request_context("/cases/", method=method):
        db.session.scalar(select(func.count()).select_from(Case))
        assert _can_write(other) is others_may_write
        db.session.rollback()
    other.close()


def test_a_read_then_anothers_write_then_the_entry(app, make_user, make_case):
    """Someone else commits a write while a GET reads; the GET's entry still chains on it."""
    make_case(make_user("paralegal"))
    other = _other_writer(app)
    with app.test_request_context("/cases/", method="GET"):
        db.session.scalar(select(func.count()).select_from(Case))
        with app.app_context():
            record("view", object_type="case")
            db.session.commit()
        record("list", object_type="case")
        db.session.commit()
        assert _can_write(other)
    with app.app_context():
        actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.seq)).all()
        assert actions[-2:] == ["view", "list"]
        assert verify_chain().ok
    other.close()
