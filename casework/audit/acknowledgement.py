"""Acknowledging a broken range of the access log: a supervisor records that she knows of it and
why, signed with the keyring's checkpoint key, so `audit checkpoint` signs the log again past it.

The range stays reported by `audit verify` (marked acknowledged) and the acknowledgement is
itself an access-log entry. It names the range exactly as it was seen (its first and last
sequence numbers and a digest of its stored MACs): a range that grows or changes afterwards is
broken again, and an acknowledgement row forged in the database, without the key, counts for
nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from sqlalchemy import select

from casework.accounts.models import User
from casework.audit.chain import BrokenRange, sign_message, signature_valid, verify_chain
from casework.audit.models import AuditAcknowledgement
from casework.audit.operations import record
from casework.crypto.errors import DecryptionError, KeyringError
from casework.database import utcnow
from casework.extensions import db

PREFIX = "casework-audit-acknowledgement v1"


class AcknowledgementRefused(ValueError):
    """No such broken range to acknowledge (or it is acknowledged already)."""


def range_digest(broken: BrokenRange) -> str:
    """SHA-256 over what the range holds: its bounds, missing count and stored MACs."""
    text = f"{broken.first}|{broken.last}|{broken.missing}|{','.join(broken.macs)}"
    return hashlib.sha256(text.encode("ascii", "replace")).hexdigest()


def _message(ack: AuditAcknowledgement, reason: str) -> bytes:
    """The bytes the signature covers: range, digest, who, when, and the reason's hash."""
    reason_hash = hashlib.sha256(reason.encode("utf-8")).hexdigest()
    moment = ack.created_at.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return (f"{PREFIX}|{ack.id}|{ack.first_seq}|{ack.last_seq}|{ack.entries_digest}|"
            f"{ack.acknowledged_by}|{moment}|{reason_hash}").encode("ascii")


def signature_holds(ack: AuditAcknowledgement) -> bool:
    """Whether the row is as this keyring's checkpoint key signed it."""
    try:
        reason = ack.reason or ""
    except (DecryptionError, KeyringError):
        return False  # a reason no key of ours opens was not written by us
    return signature_valid(_message(ack, reason), ack.signature or "")


def acknowledged_predicate() -> Callable[[BrokenRange], bool]:
    """For verify_chain: whether a range has a validly signed acknowledgement of exactly it."""
    valid = {(a.first_seq, a.last_seq, a.entries_digest)
             for a in db.session.scalars(select(AuditAcknowledgement)) if signature_holds(a)}
    db.session.rollback()  # read-only; verification reads the log in its own transactions
    return lambda broken: (broken.first, broken.last, range_digest(broken)) in valid


def acknowledge(first: int, last: int, reason: str, user: User) -> AuditAcknowledgement:
    """Record and sign a supervisor's acknowledgement of one broken range as verify reports
    it now; AcknowledgementRefused when the log has no such unacknowledged range."""
    report = verify_chain(acknowledged=acknowledged_predicate())
    found = next((r for r in report.broken if (r.first, r.last) == (first, last)), None)
    if found is None or found.acknowledged:
        raise AcknowledgementRefused(first, last)
    ack = AuditAcknowledgement(first_seq=first, last_seq=last, entries_digest=range_digest(found),
                               acknowledged_by=user.id, created_at=utcnow().replace(microsecond=0))
    ack.reason = reason
    ack.signature = sign_message(_message(ack, reason))
    db.session.add(ack)
    db.session.flush()
    record("audit_acknowledge", object_type="audit_range", object_id=ack.id)
    return ack


def acknowledgements() -> list[AuditAcknowledgement]:
    """Every acknowledgement, newest first, for the access log page."""
    return list(db.session.scalars(
        select(AuditAcknowledgement).order_by(AuditAcknowledgement.created_at.desc())))
