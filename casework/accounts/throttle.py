"""Slowing and locking repeated failed logins, per user name AND source address, in the
database.

Every user name, known or not, gets the same treatment so the answers never tell an
attacker which names exist. Failures are counted for the pair of name and address the
attempts come from: an outsider who knows a user name locks that name for her own address
only, and the real user goes on logging in from hers (issue 16). The state lives in the
database so that any number of app processes count the same attempts. Nothing sleeps: an
attempt made before its waiting time is over is refused at once without checking the
password (it costs nothing).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from flask import current_app, has_request_context, request
from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError

from casework.accounts.models import LoginThrottle
from casework.database import utcnow
from casework.extensions import db


def _keyed(text: str) -> str:
    """A keyed hash: tried names and addresses are not kept in clear."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def name_hash(username: str) -> str:
    """The keyed hash of the lower-cased name."""
    return _keyed(username.strip().casefold())


def source_hash() -> str:
    """The keyed hash of the address this request comes from (behind TRUSTED_PROXY_COUNT
    proxies, the client's own), or "" outside a request (a command)."""
    if not has_request_context():
        return ""
    return _keyed("address:" + (request.remote_addr or ""))


def throttle_for(username: str) -> LoginThrottle:
    """The throttle row of this name from this address, locked for update, created when
    first needed."""
    digest, source = name_hash(username), source_hash()
    query = (select(LoginThrottle)
             .where(LoginThrottle.name_hash == digest, LoginThrottle.source_hash == source)
             .with_for_update())
    row = db.session.scalar(query)
    if row is not None:
        return row
    try:
        with db.session.begin_nested():
            row = LoginThrottle(name_hash=digest, source_hash=source, failures=0)
            db.session.add(row)
    except IntegrityError:  # another process created it a moment ago
        row = db.session.scalar(query)
    return row


def refusal(row: LoginThrottle, now: datetime | None = None) -> str | None:
    """'locked' or 'slowed' while attempts for this name are refused, else None."""
    now = now or utcnow()
    if row.locked_until is not None and row.locked_until > now:
        return "locked"
    if row.next_attempt_at is not None and row.next_attempt_at > now:
        return "slowed"
    return None


def _delay(failures: int) -> timedelta:
    """Waiting time after a failure: doubling from one second, capped."""
    config = current_app.config
    over = failures - config["LOGIN_SLOW_AFTER"]
    if over < 0:
        return timedelta(0)
    return timedelta(seconds=min(2**over, config["LOGIN_MAX_DELAY_SECONDS"]))


def note_failure(row: LoginThrottle, now: datetime | None = None) -> str:
    """Count a failed attempt; return 'locked' or 'slowed' when it changes what comes next."""
    config = current_app.config
    now = now or utcnow()
    window = timedelta(minutes=config["LOGIN_WINDOW_MINUTES"])
    if row.window_started_at is None or now - row.window_started_at > window:
        row.failures, row.window_started_at = 0, now
    row.failures = (row.failures or 0) + 1
    if row.failures >= config["LOGIN_LOCK_THRESHOLD"]:
        row.locked_until = now + timedelta(minutes=config["LOGIN_LOCK_MINUTES"])
        row.failures, row.window_started_at, row.next_attempt_at = 0, None, None
        return "locked"
    delay = _delay(row.failures)
    row.next_attempt_at = now + delay if delay else None
    return "slowed" if delay else ""


def note_success(row: LoginThrottle) -> None:
    """A right answer clears the count of failures."""
    row.failures, row.window_started_at, row.next_attempt_at = 0, None, None


def locked_until(username: str) -> datetime | None:
    """Until when this name is locked from some address, for the admin and team screens
    (None when it is locked from none)."""
    return db.session.scalar(
        select(func.max(LoginThrottle.locked_until))
        .where(LoginThrottle.name_hash == name_hash(username))
        .where(LoginThrottle.locked_until > utcnow())
    )


def unlock(username: str) -> int:
    """Forget every failure of this name from every address (a release or a reset); returns
    how many addresses were locked."""
    digest = name_hash(username)
    locked = db.session.scalar(
        select(func.count(LoginThrottle.id))
        .where(LoginThrottle.name_hash == digest, LoginThrottle.locked_until > utcnow())) or 0
    db.session.execute(delete(LoginThrottle).where(LoginThrottle.name_hash == digest))
    return locked


def prune(older_than: timedelta = timedelta(days=1)) -> int:
    """Forget throttles with no recent failure and no lock (names tried once and left)."""
    cutoff = utcnow() - older_than
    result = db.session.execute(
        delete(LoginThrottle)
        .where(or_(LoginThrottle.window_started_at.is_(None),
                   LoginThrottle.window_started_at < cutoff))
        .where(or_(LoginThrottle.locked_until.is_(None), LoginThrottle.locked_until < utcnow()))
    )
    return result.rowcount or 0
