"""The second factor: TOTP codes (pyotp), refused on reuse, and single-use recovery codes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, or_, update

from casework.accounts.errors import SecondFactorRejected
from casework.accounts.models import RecoveryCode, User
from casework.accounts.sessions import end_all_sessions
from casework.audit.operations import actor_of, record
from casework.database import utcnow
from casework.extensions import db

# One step either side forgives a phone clock that is up to 30 seconds off.
CLOCK_DRIFT_STEPS = 1
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 16  # about 78 bits: a fast hash is enough, nothing to guess offline


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    issuer = current_app.config["MFA_ISSUER"]
    return pyotp.TOTP(secret).provisioning_uri(name=user.username, issuer_name=issuer)


def qr_data_uri(uri: str) -> str:
    """The QR code of the address as an SVG data: URI (allowed by the CSP's img-src)."""
    return segno.make(uri, error="m").svg_data_uri(scale=5, border=2)


def start_enrolment(user: User) -> str:
    """Keep a new secret pending until the user proves the authenticator with a code."""
    if user.totp_pending_secret is None:
        user.totp_pending_secret = pyotp.random_base32()
    return user.totp_pending_secret


def matching_counter(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is (within the allowed drift), or None."""
    code = "".join(code.split())
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or utcnow())
    for counter in range(current - CLOCK_DRIFT_STEPS, current + CLOCK_DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(counter), code):
            return counter
    return None


def _claim_counter(user: User, counter: int) -> bool:
    """Record the step as used, atomically: the same code cannot pass twice, on any process."""
    result = db.session.execute(
        update(User)
        .where(User.id == user.id)
        .where(or_(User.totp_last_counter.is_(None), User.totp_last_counter < counter))
        .values(totp_last_counter=counter)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    user.totp_last_counter = counter
    return True


def verify_code(user: User, code: str) -> bool:
    """Whether this is a fresh, right code of the user's authenticator."""
    if user.totp_secret is None:
        return False
    counter = matching_counter(user.totp_secret, code)
    return counter is not None and _claim_counter(user, counter)


def recovery_hash(code: str) -> str:
    """The stored form of a recovery code (spaces, dashes and case ignored)."""
    plain = "".join(ch for ch in code.lower() if ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


def _new_recovery_code() -> str:
    """A random code, shown once, in groups of four."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, RECOVERY_LENGTH, 4))


def new_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes; the plain codes are returned to show once."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_new_recovery_code() for _ in range(current_app.config["RECOVERY_CODE_COUNT"])]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=recovery_hash(c)) for c in codes)
    db.session.flush()
    record("recovery_codes", object_type="user", object_id=user.id, actor=actor_of(user))
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    """Spend one unused recovery code, atomically; False when wrong or already spent."""
    result = db.session.execute(
        update(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.code_hash == recovery_hash(code))
        .where(RecoveryCode.used_at.is_(None))
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def confirm_enrolment(user: User, code: str) -> list[str]:
    """Turn the pending secret on once a code from it is right; return new recovery codes."""
    secret = user.totp_pending_secret
    counter = matching_counter(secret, code) if secret else None
    if counter is None:
        raise SecondFactorRejected()
    user.totp_secret, user.totp_pending_secret = secret, None
    user.totp_last_counter = counter
    record("mfa_enrol", object_type="user", object_id=user.id, actor=actor_of(user))
    return new_recovery_codes(user)


def remove_second_factor(user: User, reason: str) -> None:
    """Forget the authenticator and recovery codes, ending every session (reset or opt-out)."""
    user.totp_secret = None
    user.totp_pending_secret = None
    user.totp_last_counter = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    end_all_sessions(user, reason)
    record(reason, object_type="user", object_id=user.id)


def unused_recovery_codes(user: User) -> int:
    """How many recovery codes the user has left."""
    from sqlalchemy import func, select

    return db.session.scalar(
        select(func.count()).where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    ) or 0
