"""The access log: one append-only table, each entry chained to the one before by an HMAC."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, Integer, String, Uuid, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.crypto.fields import Encrypted
from casework.database import UTCDateTime, created_at, uuid_pk
from casework.extensions import db

if TYPE_CHECKING:
    from casework.accounts.models import User


class AuditEntry(db.Model):
    """Who did what to which object, when, from where, with what outcome; never a value."""

    __tablename__ = "audit_entry"
    __table_args__ = (
        Index("ix_audit_entry_actor_time", "actor_id", "created_at"),
        Index("ix_audit_entry_org_time", "actor_org_id", "created_at"),
        Index("ix_audit_entry_case_time", "case_ref", "created_at"),
        Index("ix_audit_entry_action_time", "action", "created_at"),
    )

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    actor_org_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str | None] = mapped_column(String(32))
    object_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    case_ref: Mapped[str | None] = mapped_column(String(16))
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    flags: Mapped[str] = mapped_column(String(64), default="")
    request_id: Mapped[str | None] = mapped_column(String(32))
    ip: Mapped[str | None] = mapped_column(String(45))
    # Who ran the command that wrote an entry outside any request: "user@host".
    os_actor: Mapped[str | None] = mapped_column(String(128))
    mac: Mapped[str] = mapped_column(String(64))

    def canonical(self) -> bytes:
        """The entry's fields in one fixed order and form, as the MAC covers them."""
        parts = [
            str(self.seq),
            self.created_at.strftime("%Y-%m-%dT%H:%M:%S.%f"),
            str(self.actor_id or ""),
            str(self.actor_org_id or ""),
            self.action,
            self.object_type or "",
            str(self.object_id or ""),
            self.case_ref or "",
            self.outcome,
            self.flags or "",
            self.request_id or "",
            self.ip or "",
        ]
        if self.os_actor:  # only entries that carry one: older entries verify as they did
            parts.append("os:" + self.os_actor)
        return "\x1f".join(parts).encode("utf-8")


class AuditAcknowledgement(db.Model):
    """A supervisor's acknowledgement of one broken range of the log, signed with the keyring's
    checkpoint key: `audit checkpoint` signs past the range again, and a row forged or changed
    in the database (without the key) acknowledges nothing."""

    __tablename__ = "audit_acknowledgement"

    id: Mapped[uuid.UUID] = uuid_pk()
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    # SHA-256 over the range's stored MACs and missing count: the range exactly as it was seen.
    entries_digest: Mapped[str] = mapped_column(String(64))
    acknowledged_by: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = created_at()
    signature: Mapped[str] = mapped_column(String(100))
    reason = Encrypted(str)

    acknowledger: Mapped[User] = relationship("User")


SQLITE_APPEND_ONLY = (
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_update BEFORE UPDATE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
    "CREATE TRIGGER IF NOT EXISTS audit_entry_no_delete BEFORE DELETE ON audit_entry "
    "BEGIN SELECT RAISE(ABORT, 'audit_entry is append-only'); END",
)
POSTGRES_APPEND_ONLY = (
    "CREATE OR REPLACE FUNCTION audit_entry_append_only() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'audit_entry is append-only'; END; $$",
    "DROP TRIGGER IF EXISTS audit_entry_no_change ON audit_entry",
    "CREATE TRIGGER audit_entry_no_change BEFORE UPDATE OR DELETE ON audit_entry "
    "FOR EACH ROW EXECUTE FUNCTION audit_entry_append_only()",
    "DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry",
    "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entry_append_only()",
)


def append_only_statements(dialect_name: str) -> tuple[str, ...]:
    """The statements that make the database refuse UPDATE and DELETE on the log."""
    return POSTGRES_APPEND_ONLY if dialect_name == "postgresql" else SQLITE_APPEND_ONLY


def _install_append_only(target, connection, **_kw) -> None:
    """After create_all makes the table, make it append-only too."""
    for statement in append_only_statements(connection.dialect.name):
        connection.exec_driver_sql(statement)


event.listen(AuditEntry.__table__, "after_create", _install_append_only)
