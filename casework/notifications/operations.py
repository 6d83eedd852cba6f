"""What puts notifications in the outbox, and each user's choices about them.

Every function flushes and never commits: a notification is written in the transaction of
the change it tells of, so it is lost with a change that rolls back and never without it.
The events other domains call are at the end (one call per event at the right place).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from datetime import datetime

from flask import current_app, g, has_request_context
from sqlalchemy import func, select, update

from casework.accounts.models import User
from casework.database import utcnow
from casework.extensions import db
from casework.notifications import recipients
from casework.notifications.kinds import CHOICES, DAILY_ONLY, KINDS
from casework.notifications.models import Notification, NotificationPreference

log = logging.getLogger("casework.notifications")


def delivery_channels(user: User) -> list[str]:
    """The channels beyond the in-app list this user can be reached by, as configured."""
    config = current_app.config
    channels = []
    if user.email and config.get("SMTP_URL"):
        channels.append("email")
    if user.mobile and config.get("SMS_COMMAND"):
        channels.append("sms")
    return channels


def choices_of_all(users: list[User]) -> dict[uuid.UUID, dict[str, str]]:
    """Each user's choice for every kind (what she chose, else the default), in one query."""
    chosen: dict[uuid.UUID, dict[str, str]] = {user.id: {} for user in users}
    if users:
        for user_id, kind, choice in db.session.execute(
                select(NotificationPreference.user_id, NotificationPreference.kind,
                       NotificationPreference.choice)
                .where(NotificationPreference.user_id.in_(list(chosen)))):
            chosen[user_id][kind] = choice
    return {user_id: {kind: mine.get(kind, spec.default) for kind, spec in KINDS.items()}
            for user_id, mine in chosen.items()}


def choices_of(user: User) -> dict[str, str]:
    """The user's choice for every kind: what she chose, else the default."""
    return choices_of_all([user])[user.id]


def set_choices(user: User, wanted: dict[str, str]) -> None:
    """Keep the user's choices (unknown kinds and choices are ignored)."""
    rows = {row.kind: row for row in db.session.scalars(
        select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind, choice in wanted.items():
        if kind not in KINDS or choice not in CHOICES:
            continue
        if kind in rows:
            rows[kind].choice = choice
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, choice=choice))
    db.session.flush()


def _rows_for(user: User, choice: str, kind: str, detail: str | None, count: int,
              now: datetime) -> list[Notification]:
    """The in-app row, and a row per channel as the user chose (held for the digest)."""
    rows = [Notification(user_id=user.id, kind=kind, detail=detail, count=count,
                         channel="inapp", status="sent", due_at=now, sent_at=now,
                         created_at=now)]
    if choice == "none":
        return rows
    immediate = choice == "immediate" and kind not in DAILY_ONLY
    for channel in delivery_channels(user):
        rows.append(Notification(
            user_id=user.id, kind=kind, detail=detail, count=count, channel=channel,
            status="pending" if immediate else "held", due_at=now, created_at=now,
            next_attempt_at=now if immediate else None, attempts=0))
    return rows


def notify(users: Iterable[User | None], kind: str, detail: str | None = None,
           count: int = 1, now: datetime | None = None) -> int:
    """Tell each user (once) that something of this kind waits; returns how many were told."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind: {kind}")
    now = now or utcnow()
    told = recipients.unique(users)
    choices = choices_of_all(told)
    for user in told:
        db.session.add_all(_rows_for(user, choices[user.id][kind], kind, detail, count, now))
    db.session.flush()
    log.info("notification %s queued for %d staff", kind, len(told))
    return len(told)


def unread_count(user: User) -> int:
    """How many in-app notifications the user has not marked read (the navigation badge and
    the list both show it: counted once per request)."""
    counted = g.setdefault("unread_notifications", {}) if has_request_context() else {}
    if user.id not in counted:
        counted[user.id] = db.session.scalar(
            select(func.count(Notification.id)).where(
                Notification.user_id == user.id, Notification.channel == "inapp",
                Notification.read_at.is_(None))) or 0
    return counted[user.id]


def mark_all_read(user: User, now: datetime | None = None) -> int:
    """Mark every in-app notification of the user read; returns how many were unread."""
    result = db.session.execute(
        update(Notification).where(
            Notification.user_id == user.id, Notification.channel == "inapp",
            Notification.read_at.is_(None)).values(read_at=now or utcnow())
        .execution_options(synchronize_session=False))
    if has_request_context():
        g.pop("unread_notifications", None)  # the badge counted before this is stale
    return result.rowcount or 0


def set_contact(user: User, email: str | None, mobile: str | None) -> None:
    """Keep the user's email address and mobile number (already checked by the form)."""
    user.email = (email or "").strip().lower() or None
    user.mobile = (mobile or "").strip() or None
    db.session.flush()


# --- the events other domains call, each in the transaction of its change ---------------

def notify_organisation(org_id: uuid.UUID, kind: str, now: datetime | None = None) -> int:
    """Tell an organisation's staff (and the supervisors who oversee it) that something of
    this kind waits for it: "new_referral" for a unit, "transfer_proposed" for a receiver."""
    return notify(recipients.organisation_recipients(org_id), kind, now=now)


def referral_answered(sender_id: uuid.UUID | None, case_id: uuid.UUID, status: str) -> int:
    """A unit accepted, declined or completed a referral: tell the case's staff, and its
    sender while her organisation still holds the case (recipients.referral_people)."""
    return notify(recipients.referral_people(sender_id, case_id), "referral_answered",
                  detail=status)


def closure_requested(org_id: uuid.UUID) -> int:
    """A case of this organisation waits for a supervisor's approval to close."""
    return notify(recipients.supervisors_of(org_id), "closure_waiting")


def account_locked(user: User) -> int:
    """An account was locked after failed logins from one address: tell the administrators
    and the supervisors who oversee her organisation (not which one: their failed-logins and
    team pages show it), and the holder herself, who may not know (issue 16)."""
    told = notify([*recipients.admins(), *recipients.supervisors_of(user.organisation_id)],
                  "account_locked")
    return told + notify([user], "login_blocked")


def rate_limited(user: User) -> int:
    """A member of staff was stopped for too many break-glass or log requests in a short time:
    tell the supervisors who oversee her organisation (she may be a crawler's session)."""
    return notify([s for s in recipients.supervisors_of(user.organisation_id) if s.id != user.id]
                  or recipients.admins(), "rate_limited")
