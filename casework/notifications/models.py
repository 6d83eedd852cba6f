"""The outbox of notifications, each user's choices, daily digests and escalations.

A notification row never holds survivor data: no name, NIK, phone, address, narrative, case
or referral reference and no id of one. It holds who is told (a staff account), what kind of
thing waits (`kind`, with an optional `detail` such as "accepted" and a `count`), by which
channel, and the state of its delivery. The message text is made from these when it is sent.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from casework.accounts.models import User
from casework.database import UTCDateTime, created_at, uuid_pk
from casework.extensions import db

ERROR_LENGTH = 200


class Notification(db.Model):
    """One notification for one user by one channel: the outbox row and the in-app item."""

    __tablename__ = "notification"
    __table_args__ = (
        # The sender's scan: rows due to be sent (or whose lease ran out).
        Index("ix_notification_status_next", "status", "next_attempt_at"),
        # The in-app list, newest first.
        Index("ix_notification_user_channel_created", "user_id", "channel", "created_at"),
        # The menu's unread count on every page: one index range over her unread rows only,
        # however many read ones years of work have left.
        Index("ix_notification_user_unread", "user_id", "channel", "read_at"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"))
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[str | None] = mapped_column(String(200))
    count: Mapped[int] = mapped_column(Integer, default=1)
    # inapp, email or sms.
    channel: Mapped[str] = mapped_column(String(8))
    # pending: waiting to be sent (at next_attempt_at); sending: claimed by a sender until its
    # lease ends; held: waiting for the user's daily digest; bundled: went out in a digest;
    # sent: delivered (an in-app row is sent once written); failed: given up after the attempts.
    status: Mapped[str] = mapped_column(String(12))
    created_at: Mapped[datetime] = created_at()
    # Read by nothing: next_attempt_at says when a row is due. Kept only because dropping a
    # NOT NULL column needs a migration; writers fill it with the creation time.
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    claim_token: Mapped[str | None] = mapped_column(String(32))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # What went wrong, in the sender's words (an SMTP code, "timeout"): never an address.
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))

    user: Mapped[User] = relationship()


class NotificationPreference(db.Model):
    """A user's choice for one kind of event: immediately, daily digest, or not at all."""

    __tablename__ = "notification_preference"
    __table_args__ = (UniqueConstraint("user_id", "kind"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    user_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    choice: Mapped[str] = mapped_column(String(12))


class NotificationDigest(db.Model):
    """A user's daily digest was made for this day: at most one a day, whoever runs it."""

    __tablename__ = "notification_digest"

    user_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("user_account.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    made_at: Mapped[datetime] = created_at()


class ReferralEscalation(db.Model):
    """An unanswered urgent referral was escalated (once; the key refuses a second)."""

    __tablename__ = "referral_escalation"

    referral_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("referral.id"), primary_key=True)
    escalated_at: Mapped[datetime] = created_at()
