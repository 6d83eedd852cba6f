"""The database itself refuses UPDATE and DELETE on the access log (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DatabaseError

from casework.audit.models import AuditEntry
from casework.extensions import db


@pytest.mark.parametrize("statement", [
    "UPDATE audit_entry SET action = 'list' WHERE seq = 1",
    "UPDATE audit_entry SET mac = 'x'",
    "DELETE FROM audit_entry WHERE seq = 2",
    "DELETE FROM audit_entry",
])
def test_the_database_refuses_changes(app, write_entries, statement):
    """Raw UPDATE or DELETE fails with the trigger's message, and nothing changes."""
    write_entries(3)
    with app.app_context():
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 3
        assert set(db.session.scalars(select(AuditEntry.action))) == {"view"}


def test_postgres_refuses_truncate(app, write_entries):
    """TRUNCATE goes around row triggers on PostgreSQL, so a statement trigger stops it too."""
    write_entries(1)
    with app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("TRUNCATE is PostgreSQL's")
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text("TRUNCATE audit_entry"))
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(AuditEntry)) == 1


def test_the_orm_cannot_edit_an_entry_either(app, write_entries):
    """A change made through the ORM is refused at flush in the same way."""
    write_entries(1)
    with app.app_context():
        entry = db.session.scalar(select(AuditEntry))
        entry.outcome = "denied"
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.flush()
        db.session.rollback()
