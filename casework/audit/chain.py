"""Checking the access log's chain, and signed checkpoints of its head kept outside the system."""

from __future__ import annotations

import base64
import hmac
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from sqlalchemy import select

from casework.audit.models import AuditEntry
from casework.audit.operations import GENESIS_MAC, entry_mac
from casework.crypto.keyring import current_keyring
from casework.database import utcnow
from casework.extensions import db

BATCH_SIZE = 2000
CHECKPOINT_PREFIX = "casework-audit-checkpoint v1"
CHECKPOINT_PATTERN = re.compile(
    r"casework-audit-checkpoint v1 seq=(?P<seq>\d{1,18}) mac=(?P<mac>[0-9a-f]{64}) "
    r"time=(?P<time>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) key=(?P<key>[0-9a-f]{64}) "
    r"sig=(?P<sig>[A-Za-z0-9+/=]{86,90})"
)


@dataclass(frozen=True)
class BrokenRange:
    """Consecutive entries that are missing or do not match the chain, first to last."""

    first: int
    last: int
    missing: int  # how many of its sequence numbers have no entry at all
    macs: tuple[str, ...] = ()  # the stored MACs of the entries it holds, in order
    acknowledged: bool = False

    def describe(self) -> str:
        """One line for the operator."""
        if self.first == self.last:
            span, verb = f"entry {self.first}", "does"
        else:
            span, verb = f"entries {self.first} to {self.last}", "do"
        if self.missing == self.last - self.first + 1:
            return f"{span}: missing"
        gone = f" ({self.missing} of them missing)" if self.missing else ""
        return f"{span}: {verb} not match the chain (edited, inserted or moved){gone}"


@dataclass(frozen=True)
class ChainReport:
    """What verification found: how far the chain holds, every broken range, and the first
    one not acknowledged."""

    checked: int
    head_seq: int
    head_mac: str
    bad_seq: int | None = None
    problem: str = ""
    broken: tuple[BrokenRange, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether every entry checked is where and what the chain says, or acknowledged."""
        return self.bad_seq is None


@dataclass(frozen=True)
class Checkpoint:
    """A signed statement of the chain's head at a moment."""

    seq: int
    mac: str
    time: str
    key: str
    signature: str

    def message(self) -> bytes:
        """The bytes the signature covers."""
        return f"{CHECKPOINT_PREFIX}|{self.seq}|{self.mac}|{self.time}".encode("ascii")

    def text(self) -> str:
        """The one line an operator keeps outside the system."""
        return (f"{CHECKPOINT_PREFIX} seq={self.seq} mac={self.mac} time={self.time} "
                f"key={self.key} sig={self.signature}")


class CheckpointError(ValueError):
    """A checkpoint that cannot be read, or whose signature is not ours."""


class StoredEntry:
    """A row of the log as read for checking: plain attributes, no ORM bookkeeping (fast)."""

    canonical = AuditEntry.canonical

    def __init__(self, mapping) -> None:
        self.__dict__.update(mapping)


def _entry_batches(batch_size: int) -> Iterator[list[StoredEntry]]:
    """The log in sequence order, a batch at a time, each batch read in its own transaction."""
    last = 0
    table = AuditEntry.__table__
    while True:
        rows = db.session.execute(
            select(table).where(table.c.seq > last).order_by(table.c.seq).limit(batch_size)
        ).all()
        db.session.rollback()  # read-only: end the transaction so writers are never held up
        if not rows:
            return
        yield [StoredEntry(row._mapping) for row in rows]
        last = rows[-1].seq


class _RangeCollector:
    """Gathers consecutive bad sequence numbers into ranges while the chain is walked."""

    def __init__(self) -> None:
        self.ranges: list[BrokenRange] = []
        self.first: int | None = None
        self.last, self.missing, self.macs = 0, 0, []

    def add(self, seq: int, mac: str | None = None) -> None:
        """One more bad entry (or, without a MAC, a missing one) right after the last."""
        if self.first is None:
            self.first = seq
        self.last = seq
        if mac is None:
            self.missing += 1
        else:
            self.macs.append(mac)

    def close(self) -> None:
        """A good entry ends the open range."""
        if self.first is not None:
            self.ranges.append(BrokenRange(self.first, self.last, self.missing, tuple(self.macs)))
        self.first, self.missing, self.macs = None, 0, []


def verify_chain(batch_size: int = BATCH_SIZE,
                 acknowledged: Callable[[BrokenRange], bool] | None = None) -> ChainReport:
    """Walk the whole chain, noting every range of entries missing, moved, edited or inserted
    and going on past it: each entry is checked against the one stored before it, so the
    entries after a forged one are still checked. `acknowledged` says which ranges a
    supervisor has acknowledged (casework.audit.acknowledgement); the others fail the report."""
    key = current_keyring().audit_key
    expected, previous_mac, checked = 1, GENESIS_MAC, 0
    bad = _RangeCollector()
    for batch in _entry_batches(batch_size):
        for entry in batch:
            for seq in range(expected, entry.seq):
                bad.add(seq)
            if hmac.compare_digest(entry_mac(key, previous_mac, entry), entry.mac or ""):
                bad.close()
                checked += 1
            else:
                bad.add(entry.seq, entry.mac or "")
            previous_mac, expected = entry.mac or "", entry.seq + 1
    bad.close()
    ranges = tuple(replace(r, acknowledged=bool(acknowledged and acknowledged(r)))
                   for r in bad.ranges)
    first = next((r for r in ranges if not r.acknowledged), None)
    if first is None:
        return ChainReport(checked, expected - 1, previous_mac, broken=ranges)
    return ChainReport(checked, expected - 1, previous_mac, first.first, first.describe(), ranges)


def _signing_key() -> Ed25519PrivateKey:
    """The keyring's Ed25519 key for checkpoints."""
    return Ed25519PrivateKey.from_private_bytes(current_keyring().signing_key)


def public_key_hex() -> str:
    """The checkpoint key's public half, to recognise our checkpoints."""
    raw = _signing_key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return raw.hex()


def sign_message(message: bytes) -> str:
    """A base64 Ed25519 signature of the keyring's checkpoint key (acknowledgements use it)."""
    return base64.b64encode(_signing_key().sign(message)).decode("ascii")


def signature_valid(message: bytes, signature: str) -> bool:
    """Whether the checkpoint key of this keyring signed the message."""
    try:
        _signing_key().public_key().verify(base64.b64decode(signature), message)
    except (InvalidSignature, ValueError):
        return False
    return True


def make_checkpoint(report: ChainReport, now: datetime | None = None) -> Checkpoint:
    """Sign the head of a verified chain."""
    moment = (now or utcnow()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    unsigned = Checkpoint(report.head_seq, report.head_mac, moment, public_key_hex(), "")
    signature = base64.b64encode(_signing_key().sign(unsigned.message())).decode("ascii")
    return Checkpoint(unsigned.seq, unsigned.mac, unsigned.time, unsigned.key, signature)


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint line and check its signature against our key."""
    match = CHECKPOINT_PATTERN.search(text or "")
    if match is None:
        raise CheckpointError("This is not a Casework audit checkpoint line.")
    found = Checkpoint(int(match["seq"]), match["mac"], match["time"], match["key"], match["sig"])
    if not hmac.compare_digest(found.key, public_key_hex()):
        raise CheckpointError("The checkpoint was signed with another key than this keyring's.")
    try:
        public = Ed25519PublicKey.from_public_bytes(bytes.fromhex(found.key))
        public.verify(base64.b64decode(found.signature), found.message())
    except (InvalidSignature, ValueError):
        raise CheckpointError("The checkpoint's signature is not valid: it was altered.")
    return found


def entry_mac_at(seq: int) -> str | None:
    """The stored MAC of one entry, or None when there is no such entry."""
    mac = db.session.scalar(select(AuditEntry.mac).where(AuditEntry.seq == seq))
    db.session.rollback()
    return mac


def compare_with_checkpoint(report: ChainReport, checkpoint: Checkpoint) -> ChainReport:
    """A verified chain must still hold the checkpoint's head, with the same MAC."""
    if not report.ok:
        return report
    if report.head_seq < checkpoint.seq:
        return ChainReport(report.checked, report.head_seq, report.head_mac, report.head_seq + 1,
                           f"the log ends at entry {report.head_seq} but the checkpoint of "
                           f"{checkpoint.time} saw entry {checkpoint.seq}: the tail was cut off",
                           report.broken)
    if checkpoint.seq and entry_mac_at(checkpoint.seq) != checkpoint.mac:
        return ChainReport(report.checked, report.head_seq, report.head_mac, checkpoint.seq,
                           f"entry {checkpoint.seq} differs from the checkpoint of "
                           f"{checkpoint.time}: the log was rewritten", report.broken)
    return report
