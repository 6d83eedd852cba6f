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


class Staff:
    """A member of staff for audit tests: id, user name, display name and organisation."""

    def __init__(self, user) -> None:
        self.id, self.username = user.id, user.username
        self.display_name, self.organisation_id = user.display_name, user.organisation_id


@pytest.fixture
def make_staff(app: Flask, make_user) -> Callable[..., object]:
    """Factory: a user with a display name (what the log shows beside the user name)."""

    def make(role: str, org, display_name: str):
        from casework.accounts.models import User

        user = make_user(role, org)
        with app.app_context():
            stored = db.session.get(User, user.id)
            stored.display_name = display_name
            db.session.commit()
            user.display_name = display_name
        return user

    return make


@pytest.fixture
def two_ngos(make_org, make_staff, make_case) -> dict:
    """Two NGOs, each with a centre, a paralegal holding one case, and a supervisor."""
    world = {}
    for key, name in (("a", "Dewi Lestari"), ("b", "Rina Wati")):
        ngo = make_org("ngo")
        centre = make_org("community_centre", parent=ngo)
        paralegal = make_staff("paralegal", centre, name)
        world[key] = {
            "ngo": ngo, "centre": centre, "paralegal": paralegal,
            "supervisor": make_staff("supervisor", ngo, f"Supervisor {key.upper()}"),
            "case": make_case(paralegal),
        }
    return world
