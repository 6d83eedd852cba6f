"""Appending to the access log, in the same transaction as the change it records."""

from __future__ import annotations

import hashlib
import hmac
import uuid

from flask import g, has_request_context, request
from flask_login import current_user
from sqlalchemy import select, text

from casework.audit.models import AuditEntry
from casework.crypto.keyring import current_keyring
from casework.database import utcnow
from casework.extensions import db

GENESIS_MAC = "0" * 64
# Any constant works: it names the one lock that serialises appends on PostgreSQL.
AUDIT_LOCK_ID = 727_001
FLAGS_LENGTH = 64


def entry_mac(audit_key: bytes, previous_mac: str, entry: AuditEntry) -> str:
    """HMAC over the previous entry's MAC and this entry's canonical form."""
    message = previous_mac.encode("ascii") + b"\x1e" + entry.canonical()
    return hmac.new(audit_key, message, hashlib.sha256).hexdigest()


def _lock_chain_head() -> None:
    """Serialise appends so the chain has one head (SQLite already holds its write lock)."""
    if db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": AUDIT_LOCK_ID})


def _chain_head() -> tuple[int, str]:
    """The last sequence number and MAC, or the genesis values."""
    row = db.session.execute(
        select(AuditEntry.seq, AuditEntry.mac).order_by(AuditEntry.seq.desc()).limit(1)
    ).first()
    return (row.seq, row.mac) if row else (0, GENESIS_MAC)


def _actor() -> tuple[uuid.UUID | None, uuid.UUID | None]:
    """The logged-in user and organisation, if any."""
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id, current_user.organisation_id
    return None, None


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
    """Append one entry to the chain; it commits with the rest of the request."""
    _lock_chain_head()
    seq, previous_mac = _chain_head()
    actor_id, actor_org_id = actor if actor is not None else _actor()
    entry = AuditEntry(
        seq=seq + 1,
        created_at=utcnow(),
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
    )
    entry.mac = entry_mac(current_keyring().audit_key, previous_mac, entry)
    db.session.add(entry)
    db.session.flush()
    return entry
