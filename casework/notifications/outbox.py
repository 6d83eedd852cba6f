"""Delivering the outbox: `casework notify send`, safe to run every minute by many at once.

Each row is claimed before it is sent, by one conditional UPDATE committed at once
(`... SET status='sending', claim_token=... WHERE id=... AND status='pending' AND due`):
of two senders racing for a row, PostgreSQL lets the second UPDATE wait for the first and
then finds the row no longer pending; SQLite lets one writer at a time. So a row is handed to
the server by one sender only. The mail goes out with no transaction open (a slow server
holds no lock), then the row is marked sent, or pending again with a later attempt.

A sender that dies after claiming leaves the row 'sending'; once its lease
(NOTIFY_LEASE_MINUTES) has run out, the next run claims it again. We chose this over giving
such a row up: an emergency referral that is never told of is worse than one told twice.
Each claim is stamped with the clock at that moment, and a run stops claiming (leaving the
rest pending for the next run) once it has lasted half the lease, so a live sender's row is
not taken from it as long as its last delivery ends within the other half (so half the
lease must exceed SMTP_TIMEOUT_SECONDS and the SMS command's time limit). A second copy can
then come only from a sender that died between the server's acceptance and its commit, or
from one delivery that hung past that half; never from a long run.

This module commits: a claim must be visible to every other sender before the delivery.
"""

from __future__ import annotations

import logging
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, or_, select, update

from casework.database import utcnow
from casework.extensions import db
from casework.notifications.errors import DeliveryFailed
from casework.notifications.messages import compose, sms_text
from casework.notifications.models import Notification
from casework.notifications.sms import send_sms
from casework.notifications.smtp import send_email

log = logging.getLogger("casework.notifications")
BATCH = 200
MAX_DELAY = timedelta(hours=6)


@dataclass
class SendReport:
    """What one run did, in counts (the command prints them; no address anywhere)."""

    sent: int = 0
    retried: int = 0
    failed: int = 0
    skipped: int = 0
    deferred: int = 0  # left pending for the next run: this one had lasted half the lease
    errors: dict[str, int] = field(default_factory=dict)


def retry_delay(attempts: int) -> timedelta:
    """Waiting time before the next attempt: doubling from NOTIFY_RETRY_SECONDS, capped."""
    base = timedelta(seconds=current_app.config["NOTIFY_RETRY_SECONDS"])
    return min(base * (2 ** max(attempts - 1, 0)), MAX_DELAY)


def _claimable(now: datetime):
    """Due and pending, or claimed by a sender whose lease ran out."""
    lease_over = now - lease()
    return or_(
        and_(Notification.status == "pending", Notification.next_attempt_at <= now),
        and_(Notification.status == "sending", Notification.claimed_at < lease_over),
    )


def _give_up_abandoned(now: datetime) -> int:
    """Rows whose every attempt was claimed and never finished: failed, not claimed again."""
    lease_over = now - lease()
    result = db.session.execute(
        update(Notification).where(
            Notification.status == "sending", Notification.claimed_at < lease_over,
            Notification.attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"])
        .values(status="failed", last_error="no answer from the sender before its lease ended")
        .execution_options(synchronize_session=False))
    db.session.commit()
    return result.rowcount or 0


def lease() -> timedelta:
    """How long a claim is this sender's alone (NOTIFY_LEASE_MINUTES)."""
    return timedelta(minutes=current_app.config["NOTIFY_LEASE_MINUTES"])


def claim(row_id: uuid.UUID, now: datetime) -> str | None:
    """Take one row for this sender: its token, or None when another sender has it.

    `now` must be the clock at this moment, not the start of the run: it stamps the lease."""
    token = secrets.token_hex(16)
    result = db.session.execute(
        update(Notification).where(Notification.id == row_id, _claimable(now))
        .values(status="sending", claimed_at=now, claim_token=token,
                attempts=Notification.attempts + 1)
        .execution_options(synchronize_session=False))
    db.session.commit()
    return token if result.rowcount == 1 else None


def _deliver(row_id: uuid.UUID) -> None:
    """Compose and hand over one claimed row (no transaction stays open while it is sent)."""
    row = db.session.get(Notification, row_id, populate_existing=True)
    user = row.user
    address = user.email if row.channel == "email" else user.mobile
    if not address or not user.active:
        db.session.commit()
        raise DeliveryFailed("no address or account inactive", permanent=True)
    config = current_app.config
    if row.channel == "email":
        message, text = compose(row, user.locale), None
    else:
        message, text = None, sms_text(row, user.locale)
    db.session.commit()
    if message is not None:
        send_email(address, message, config)
    else:
        send_sms(address, text or "", config)


def _finish(row_id: uuid.UUID, token: str, values: dict) -> None:
    """Record the outcome, if the row is still this sender's."""
    db.session.execute(
        update(Notification).where(Notification.id == row_id, Notification.claim_token == token)
        .values(**values).execution_options(synchronize_session=False))
    db.session.commit()


def _send_one(row_id: uuid.UUID, token: str, report: SendReport,
              clock: Callable[[], datetime]) -> None:
    """Deliver a claimed row and record what happened (`clock` tells the time now)."""
    try:
        try:
            _deliver(row_id)
        except DeliveryFailed:
            raise
        except Exception as exc:  # a fault of ours must not stop the run: retried, named by
            # its type only (its text may repeat an address or a message)
            raise DeliveryFailed(f"unexpected {type(exc).__name__}") from None
    except DeliveryFailed as failure:
        db.session.rollback()
        attempts = db.session.scalar(select(Notification.attempts)
                                     .where(Notification.id == row_id)) or 0
        db.session.commit()
        give_up = failure.permanent or attempts >= current_app.config["NOTIFY_MAX_ATTEMPTS"]
        report.errors[failure.reason] = report.errors.get(failure.reason, 0) + 1
        if give_up:
            report.failed += 1
            _finish(row_id, token, {"status": "failed", "last_error": failure.reason})
            log.error("notification %s failed for good after %d attempts: %s",
                      row_id, attempts, failure.reason)
        else:
            report.retried += 1
            _finish(row_id, token, {"status": "pending", "last_error": failure.reason,
                                    "next_attempt_at": clock() + retry_delay(attempts)})
            log.warning("notification %s not delivered (attempt %d), will retry: %s",
                        row_id, attempts, failure.reason)
        return
    _finish(row_id, token, {"status": "sent", "sent_at": utcnow(), "last_error": None})
    report.sent += 1


def send_due(now: datetime | None = None, limit: int = BATCH) -> SendReport:
    """Deliver every email and SMS that is due, each by exactly one sender.

    `now` (for tests) sets the run's clock at its start; the clock then runs on in real time."""
    started = utcnow()
    now = now or started

    def clock() -> datetime:
        """The run's time now: a delivery may take long, and the lease counts from it."""
        return now + (utcnow() - started)

    report = SendReport(failed=_give_up_abandoned(now))
    ids = list(db.session.scalars(
        select(Notification.id).where(Notification.channel.in_(("email", "sms")),
                                      _claimable(now))
        .order_by(Notification.next_attempt_at).limit(limit)))
    db.session.commit()
    for position, row_id in enumerate(ids):
        if utcnow() - started >= lease() / 2:  # the rest wait, unclaimed, for the next run
            report.deferred = len(ids) - position
            break
        token = claim(row_id, clock())
        if token is None:
            report.skipped += 1  # another sender has it
            continue
        _send_one(row_id, token, report, clock)
    log.info("notify send: %d sent, %d to retry, %d failed, %d taken by another sender, "
             "%d left for the next run",
             report.sent, report.retried, report.failed, report.skipped, report.deferred)
    return report
