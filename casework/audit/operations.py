"""Appending to the access log, in the same transaction as the change it records."""

from __future__ import annotations

import hashlib
import hmac
import os
import pwd
import socket
import uuid
from typing import TYPE_CHECKING

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import event, select, text
from sqlalchemy.orm import Session, SessionTransaction

from casework.audit.models import AuditEntry
from casework.crypto.keyring import current_keyring
from casework.database import start_writing, utcnow
from casework.extensions import db

if TYPE_CHECKING:
    from casework.accounts.models import User

GENESIS_MAC = "0" * 64
# Any constant works: it names the one lock that serialises appends on PostgreSQL.
AUDIT_LOCK_ID = 727_001
FLAGS_LENGTH = 64
# Where a session keeps the entries of its open transaction until they are chained.
PENDING = "casework_audit_pending"


def entry_mac(audit_key: bytes, previous_mac: str, entry: AuditEntry) -> str:
    """HMAC over the previous entry's MAC and this entry's canonical form."""
    message = previous_mac.encode("ascii") + b"\x1e" + entry.canonical()
    return hmac.new(audit_key, message, hashlib.sha256).hexdigest()


def _lock_chain_head(session: Session) -> None:
    """Serialise appends so the chain has one head: PostgreSQL's advisory lock, or SQLite's
    write lock (a reading request takes it only now, before the head is read)."""
    connection = session.connection()
    if connection.dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})
    else:
        start_writing(connection)


def _chain_head(session: Session) -> tuple[int, str]:
    """The last sequence number and MAC, or the genesis values."""
    row = session.execute(
        select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.mac) if row else (0, GENESIS_MAC)


def actor_of(user: User | None) -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """An entry's actor given outright (a login attempt, a change to one's own second factor
    before the login is done, a refused cookie): the user and her organisation, or nobody."""
    return (user.id, user.organisation_id) if user is not None else (None, None)


def _actor() -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The logged-in user and organisation, if any."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.organisation_id
    return None, None


def os_actor() -> str:
    """The operating-system user and host running this command: the actor of what a command
    writes (an operator at the server, not a staff account); sudo's caller is named too."""
    try:
        user = pwd.getpwuid(os.geteuid()).pw_name
    except KeyError:  # a uid without a passwd entry (a container): the number says who
        user = str(os.geteuid())
    label = f"{user}@{socket.gethostname()}"
    caller = os.environ.get("SUDO_USER")
    if caller and caller != user:
        label += f" (sudo {caller})"
    return label[:128]


def _merged_flags(flags: str) -> str:
    """The caller's flags plus any the request set (e.g. a supervisor's break-glass opening)."""
    extra = g.get("audit_flags") if has_request_context() else None
    if isinstance(extra, str):
        extra = extra.split(",")
    names = [name.strip() for name in [*(flags or "").split(","), *(extra or ())]
             if name and name.strip()]
    kept: list[str] = []
    for name in dict.fromkeys(names):  # whole names only, as many as the column holds
        if len(",".join([*kept, name])) <= FLAGS_LENGTH:
            kept.append(name)
    return ",".join(kept)


def record(
    action: str,
    *,
    object_type: str | None = None,
    object_id: uuid.UUID | None = None,
    case_ref: str | None = None,
    outcome: str = "ok",
    flags: str = "",
    actor: tuple[uuid.UUID | None, uuid.UUID | None] | None = None,
) -> AuditEntry:
    """Add one entry to this transaction; it joins the chain when the transaction commits."""
    actor_id, actor_org_id = actor if actor is not None else _actor()
    entry = AuditEntry(
        actor_id=actor_id,
        actor_org_id=actor_org_id,
        action=action,
        object_type=object_type,
        object_id=object_id,
        case_ref=case_ref,
        outcome=outcome,
        flags=_merged_flags(flags),
        request_id=g.get("request_id") if has_request_context() else None,
        ip=request.remote_addr if has_request_context() else None,
        os_actor=None if has_request_context() else os_actor(),
    )
    db.session.info.setdefault(PENDING, []).append(entry)
    return entry


def append_pending(session: Session) -> None:
    """Chain and insert the transaction's entries, just before it commits.

    Everything else is flushed first, so the chain's lock is taken last and held only for
    these inserts and the commit: no request waits on it while it renders a page, and no
    transaction holding the lock ever waits for a row another one holds (no deadlock)."""
    pending = session.info.pop(PENDING, None)
    if not pending:
        return
    session.flush()
    _lock_chain_head(session)
    seq, mac = _chain_head(session)
    key, now = current_keyring().audit_key, utcnow()
    for entry in pending:
        seq += 1
        entry.seq, entry.created_at = seq, now
        entry.mac = mac = entry_mac(key, mac, entry)
    session.add_all(pending)
    session.flush()


def drop_pending(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back transaction takes its entries with it, as it takes its changes."""
    if not previous_transaction.nested:
        session.info.pop(PENDING, None)


event.listen(Session, "before_commit", append_pending)
event.listen(Session, "after_soft_rollback", drop_pending)
