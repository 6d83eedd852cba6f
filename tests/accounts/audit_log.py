"""Reading the access log around one call, for the tests of what logins and refusals write."""

from __future__ import annotations

from sqlalchemy import func, select

from casework.audit.models import AuditEntry
from casework.extensions import db


def log_head(app) -> int:
    """The newest sequence number of the log."""
    with app.app_context():
        return db.session.scalar(select(func.coalesce(func.max(AuditEntry.seq), 0)))


def entries_since(app, seq: int) -> list[AuditEntry]:
    """The entries written after that sequence number, in order."""
    with app.app_context():
        found = list(db.session.scalars(
            select(AuditEntry).where(AuditEntry.seq > seq).order_by(AuditEntry.seq)))
        db.session.expunge_all()
        return found
