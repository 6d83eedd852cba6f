"""Audit fixtures: entries written through the app, and raw SQL as an attacker with database access."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import select, text

from casework.audit.models import AuditEntry, append_only_statements
from casework.audit.operations import record
from casework.extensions import db


@pytest.fixture
def write_entries(app: Flask) -> Callable[[int], None]:
    """Append n entries as requests would, each in its own request and transaction."""

    def write(count: int, action: str = "view") -> None:
        for number in range(count):
            with app.test_request_context(f"/cases/X{number}"):
                record(action, object_type="case", case_ref=f"REF{number:04d}")
                db.session.commit()
                db.session.remove()

    return write


def _sqlite_tamper(statements: list[str]) -> None:
    """Drop the append-only triggers, run the attack, put the triggers back."""
    for name in ("audit_entry_no_update", "audit_entry_no_delete"):
        db.session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    for statement in statements:
        db.session.execute(text(statement))
    for statement in append_only_statements("sqlite"):
        db.session.execute(text(statement))


def _postgres_tamper(statements: list[str]) -> None:
    """As a superuser would: switch triggers off for this session, run the attack."""
    db.session.execute(text("SET session_replication_role = replica"))
    for statement in statements:
        db.session.execute(text(statement))
    db.session.execute(text("SET session_replication_role = DEFAULT"))


@pytest.fixture
def tamper(app: Flask) -> Callable[..., None]:
    """Run raw SQL against the log with its triggers out of the way, and commit it."""

    def run(*statements: str) -> None:
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                _postgres_tamper(list(statements))
            else:
                _sqlite_tamper(list(statements))
            db.session.commit()

    return run


@pytest.fixture
def log_rows(app: Flask) -> Callable[[], list[AuditEntry]]:
    """Every entry of the log, in order, detached."""

    def rows() -> list[AuditEntry]:
        with app.app_context():
            found = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.seq)))
            db.session.expunge_all()
            return found

    return rows
