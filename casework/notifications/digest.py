"""The daily summary: what each user chose to hear of once a day, and what is due on her
cases, in one message per channel. At most one a day per user, however often it runs.

Run by `casework notify digest`, and by `casework notify send` from NOTIFY_DIGEST_HOUR (local
time) on. This module commits once per user, so a failure for one leaves the others done.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import date, datetime

from flask import current_app
from flask_babel import get_timezone
from sqlalchemy import exists, select
from sqlalchemy.exc import IntegrityError

from casework.accounts.models import User
from casework.accounts.roles import CASEWORKER_ROLES
from casework.database import utcnow
from casework.extensions import db
from casework.notifications.messages import digest_detail
from casework.notifications.models import Notification, NotificationDigest
from casework.notifications.operations import choices_of, delivery_channels
from casework.plans.queries import due_count

log = logging.getLogger("casework.notifications")


def local_day(now: datetime) -> tuple[date, int]:
    """The date and hour where the staff are (BABEL_DEFAULT_TIMEZONE)."""
    local = now.astimezone(get_timezone())
    return local.date(), local.hour


def _held(user: User, channel: str) -> list[Notification]:
    """The user's rows of this channel waiting for the digest."""
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user.id, Notification.channel == channel,
        Notification.status == "held")))


def _claim_day(user: User, day: date) -> bool:
    """Record that this user's digest of the day is being made; False if it already was."""
    try:
        with db.session.begin_nested():
            db.session.add(NotificationDigest(user_id=user.id, day=day))
    except IntegrityError:
        return False
    return True


def digest_for(user: User, day: date, now: datetime) -> int:
    """Make the user's summary of the day (flushes); returns how many messages it queued."""
    if not _claim_day(user, day):
        return 0
    due = due_count(user, on=day) if user.role in (*CASEWORKER_ROLES, "supervisor") else 0
    if due:  # the in-app list always holds it, whatever she chose for email and SMS
        db.session.add(Notification(user_id=user.id, kind="actions_due", count=due,
                                    channel="inapp", status="sent", due_at=now, sent_at=now,
                                    created_at=now))
    wants_due = choices_of(user)["actions_due"] != "none"
    queued = 0
    for channel in delivery_channels(user):
        held = _held(user, channel)
        counts: Counter[tuple[str, str | None]] = Counter()
        for row in held:
            counts[(row.kind, row.detail)] += row.count or 1
        parts = [(kind, detail, count) for (kind, detail), count in counts.items()]
        if due and wants_due:
            parts.append(("actions_due", None, due))
        for row in held:
            row.status = "bundled"
        if parts:
            db.session.add(Notification(
                user_id=user.id, kind="digest", detail=digest_detail(parts),
                count=sum(count for _kind, _detail, count in parts), channel=channel,
                status="pending", due_at=now, next_attempt_at=now, created_at=now,
                attempts=0))
            queued += 1
    db.session.flush()
    return queued


def make_digests(now: datetime | None = None, any_hour: bool = False) -> int:
    """Every active user's summary of today, if not made yet (and, unless any_hour, once the
    digest hour has come); returns how many messages were queued."""
    now = now or utcnow()
    day, hour = local_day(now)
    if not any_hour and hour < current_app.config["NOTIFY_DIGEST_HOUR"]:
        return 0
    done_today = exists().where(NotificationDigest.user_id == User.id,
                                NotificationDigest.day == day)
    user_ids = list(db.session.scalars(
        select(User.id).where(User.active.is_(True), ~done_today).order_by(User.username)))
    db.session.commit()
    queued = 0
    for user_id in user_ids:
        user = db.session.get(User, user_id)
        queued += digest_for(user, day, now)
        db.session.commit()
    if user_ids:
        log.info("daily summaries: %d staff, %d messages queued", len(user_ids), queued)
    return queued

